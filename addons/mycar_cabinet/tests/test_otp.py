# This file is part of the MyCar partner platform.
"""One-time codes through the real SMS sandbox gateway; each call in its
own committed transaction, as each request of a client is."""
import datetime as dt
import re

import pytest
from trytond.exceptions import UserError
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction, TransactionError
from trytond.worker import run_task

from sandbox.server import free_port
from sandbox.sms import SMSGateway as SandboxGateway
from sandbox.sms import SMSOutbox
from trytond.modules.mycar_cabinet.tests.tools import configure
from trytond.modules.mycar_partner.tests.activation import activate

PHONE = '+77011234567'
TEXT = 'mycar_cabinet.msg_otp_login_text'




@pytest.fixture(scope='module')
def outbox(tmp_path_factory):
    directory = tmp_path_factory.mktemp('sms')
    gateway = SandboxGateway(directory, port=free_port()).start()
    configure('mycar_sms', url=gateway.url)
    activate(['mycar_cabinet'])
    yield SMSOutbox(directory)
    gateway.stop()
    drop_db()


def call(method, *args, model='mycar.otp', **kwargs):
    """Call model's method in a transaction of its own, committed, its
    queued tasks (the outbox) run after; retried with its locks as trytond
    retries a request"""
    extras = {}
    while True:
        with Transaction().start(DB_NAME, 0, **extras) as transaction:
            Model = Pool().get(model)
            try:
                result = getattr(Model, method)(*args, **kwargs)
                result = result.id if hasattr(result, 'id') else result
            except TransactionError as error:
                transaction.rollback()
                error.fix(extras)
                continue
            except UserError:
                transaction.rollback()
                transaction.tasks.clear()
                raise
            transaction.commit()
        while transaction.tasks:
            run_task(DB_NAME, transaction.tasks.pop())
        return result


def read(record_id, *names):
    with Transaction().start(DB_NAME, 0, readonly=True):
        record = Pool().get('mycar.otp')(record_id)
        return tuple(getattr(record, n) for n in names)


def last_code(outbox, phone):
    return re.search(r'\d{4,}', outbox.messages(to=phone)[-1]['text'])[0]


def test_code_is_sent_stored_hashed_and_used_once(outbox):
    record = call('issue', '8 701 123 45 67', 'login', TEXT, length=4)
    code = last_code(outbox, PHONE)
    assert len(code) == 4
    code_hash, = read(record, 'code_hash')
    assert code not in code_hash
    assert call('verify', PHONE, 'login', code) == record
    assert read(record, 'state') == ('used',)
    with pytest.raises(UserError, match="No code was sent"):
        call('verify', PHONE, 'login', code)


def test_wrong_tries_count_and_lock(outbox):
    phone = '+77011234568'
    record = call('issue', phone, 'login', TEXT)
    code = last_code(outbox, phone)
    wrong = '000000' if code != '000000' else '111111'
    for left in [4, 3, 2, 1]:
        with pytest.raises(UserError, match=f"{left} tries left"):
            call('verify', phone, 'login', wrong)
    with pytest.raises(UserError, match="locked"):
        call('verify', phone, 'login', wrong)
    assert read(record, 'state', 'attempts') == ('locked', 5)
    with pytest.raises(UserError, match="locked"):
        call('verify', phone, 'login', code)


def test_new_code_replaces_the_old(outbox):
    phone = '+77011234569'
    first = call('issue', phone, 'login', TEXT)
    old = last_code(outbox, phone)
    call('issue', phone, 'login', TEXT)
    new = last_code(outbox, phone)
    assert read(first, 'state') == ('replaced',)
    if old != new:
        with pytest.raises(UserError):
            call('verify', phone, 'login', old)
    assert call('verify', phone, 'login', new)


def test_expired_code_is_refused(outbox):
    phone = '+77011234570'
    configure('mycar_otp', lifetime='0')
    try:
        call('issue', phone, 'login', TEXT)
    finally:
        configure('mycar_otp', lifetime='300')
    with pytest.raises(UserError, match="expired"):
        call('verify', phone, 'login', last_code(outbox, phone))


def test_rate_limited_per_phone(outbox):
    phone = '+77011234571'
    for _ in range(5):
        call('issue', phone, 'login', TEXT)
    with pytest.raises(UserError, match="Too many codes"):
        call('issue', phone, 'login', TEXT)
    assert len(outbox.messages(to=phone)) == 5
    call('issue', '+77011234572', 'login', TEXT)


def test_rate_limited_per_address_and_in_all(outbox):
    "Codes asked from one address, and by everyone in a minute"
    configure('mycar_otp', max_per_ip_hour='3')
    try:
        for n in range(3):
            call('issue', f'+7702000000{n}', 'login', TEXT,
                ip_address='198.51.100.1')
        with pytest.raises(UserError, match="Too many codes"):
            call('issue', '+77020000009', 'login', TEXT,
                ip_address='198.51.100.1')
        call('issue', '+77020000009', 'login', TEXT,
            ip_address='198.51.100.2')
    finally:
        configure('mycar_otp', max_per_ip_hour='20')
    configure('mycar_otp', max_per_minute='1')  # this minute's are more
    try:
        with pytest.raises(UserError, match="Too many codes"):
            call('issue', '+77020000010', 'login', TEXT)
    finally:
        configure('mycar_otp', max_per_minute='120')
    assert outbox.messages(to='+77020000010') == []


def test_unknown_number_is_limited_as_a_clients(outbox):
    "The sixth request tells nothing of whether the number is a client's"
    from trytond.modules.company.tests import create_company

    def register(pool):
        pool.get('party.party').register_clients(create_company("Partner"),
            [("Клиент", '+77071230001')])
    with Transaction().start(DB_NAME, 0) as transaction:
        register(Pool())
        transaction.commit()

    def ask(phone):
        try:
            call('send_login_code', phone, '192.0.2.1', model='web.user')
        except UserError as error:
            return error.message
    answers = {phone: [ask(phone) for _ in range(6)]
        for phone in ['+77071230001', '+77071230002']}
    assert answers['+77071230001'] == answers['+77071230002'] \
        == [None] * 5 + ['Too many codes were asked for: try again later.']
    assert len(outbox.messages(to='+77071230001')) == 5
    assert outbox.messages(to='+77071230002') == []


def test_gateway_failure_keeps_the_code_and_tries_again(outbox):
    """The gateway refuses: the code stands and its SMS waits in the outbox
    for another try; once the code expires, the SMS is failed and its text
    (the code) erased"""
    code_id = call('issue', '+77000000000', 'login', TEXT)
    with Transaction().start(DB_NAME, 0) as transaction:
        Message = Pool().get('mycar.outbox.message')
        message, = Message.search([('origin', '=', f'mycar.otp,{code_id}')])
        assert (message.channel, message.state, message.tries) == (
            'sms', 'queued', 1)
        assert 'did not accept the message to +77000000000' in message.error
        assert message.sensitive and message.payload['text']
        Message.write([message], {'expires': dt.datetime(2026, 1, 1)})
        Message.deliver([message])
        transaction.commit()
    with Transaction().start(DB_NAME, 0, readonly=True):
        message = Pool().get('mycar.outbox.message')(message.id)
        assert (message.state, message.payload) == ('failed', None)
    assert outbox.messages(to='+77000000000') == []


def test_malformed_phone_is_refused(outbox):
    with pytest.raises(UserError, match='"12345" is not a mobile'):
        call('issue', '12345', 'login', TEXT)
