# This file is part of the MyCar partner platform.
"""Payments through the sandbox payment organisation: its page, its
signed callback to the platform's real HTTP endpoint, replays, forgeries."""
import json
import threading
import urllib.error
import urllib.request
from decimal import Decimal

import pytest
from trytond.modules.company.tests import create_company
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction
from trytond.worker import run_task
from trytond.wsgi import app
from werkzeug.serving import make_server

from sandbox.payment import PaymentOrganisation, sign
from sandbox.server import free_port
from trytond.modules.mycar_cabinet.tests.tools import configure
from trytond.modules.mycar_partner.tests.activation import activate

# the platform answers the callback from another thread: an in-memory
# SQLite test database is not visible there (bin/test runs PostgreSQL)
pytestmark = pytest.mark.skipif(DB_NAME == ':memory:',
    reason="needs a database a server thread can open")




@pytest.fixture(scope='module')
def platform(tmp_path_factory):
    organisation = PaymentOrganisation(
        tmp_path_factory.mktemp('payment'), port=free_port()).start()
    port = free_port()
    server = make_server('127.0.0.1', port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    configure('mycar_payment', url=organisation.url)
    configure('mycar_payment', secret='sandbox-secret')
    configure('mycar_payment', platform_url=f'http://127.0.0.1:{port}')
    activate(['mycar_cabinet'])
    with Transaction().start(DB_NAME, 0) as transaction:
        pool = Pool()
        Party = pool.get('party.party')
        Document = pool.get('mycar.cabinet.document')
        Payment = pool.get('mycar.payment.request')
        partner = create_company("ТОО «Astana Motors»")
        client, = Party.register_clients(
            partner, [("Иван Иванов", '+77011234567')])
        document, = Document.create([{
                    'company': partner, 'party': client, 'kind': 'invoice',
                    'name': "Счёт 42", 'pdf': b'%PDF-1.4 invoice'}])
        Document.send([document])
        Document.deliver([document])
        payment, = Payment.request([document], [Decimal('48500.00')])
        transaction.commit()
    while transaction.tasks:  # the outbox opens it at the organisation
        run_task(DB_NAME, transaction.tasks.pop())
    with Transaction().start(DB_NAME, 0, readonly=True):
        payment = Pool().get('mycar.payment.request')(payment.id)
        values = {'document': document.id, 'payment': payment.id,
            'page': payment.page_url, 'payment_id': payment.payment_id,
            'callback': f'http://127.0.0.1:{port}/{DB_NAME}/mycar/payment/'
            'callback'}
    assert values['page'] and values['payment_id']
    yield values
    server.shutdown()
    organisation.stop()
    drop_db()


def states(platform):
    with Transaction().start(DB_NAME, 0, readonly=True):
        pool = Pool()
        document = pool.get('mycar.cabinet.document')(platform['document'])
        payment = pool.get('mycar.payment.request')(platform['payment'])
        return document.state, payment.state


def post_callback(url, body, signature):
    request = urllib.request.Request(url, data=body, headers={
            'Content-Type': 'application/json', 'X-Signature': signature})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_forged_callback_is_refused(platform):
    body = json.dumps({'payment_id': platform['payment_id'],
            'status': 'paid'}).encode()
    assert post_callback(platform['callback'], body, 'forged') == 403
    assert post_callback(platform['callback'], body, '') == 403
    assert states(platform) == ('delivered', 'pending')


def test_another_amount_is_a_discrepancy_not_a_payment(platform):
    "A signed callback for 1 ₸ of a 48 500 ₸ invoice pays nothing"
    for amount, currency in [('1.00', 'KZT'), ('48500.00', 'USD')]:
        body = json.dumps({'payment_id': platform['payment_id'],
                'amount': amount, 'currency': currency,
                'status': 'paid'}).encode()
        assert post_callback(platform['callback'], body, sign(body)) == 200
        assert states(platform) == ('delivered', 'discrepancy')
    with Transaction().start(DB_NAME, 0, readonly=True):
        payment = Pool().get('mycar.payment.request')(platform['payment'])
        assert payment.received_amount == '1.00 KZT'  # the first one kept


def test_paying_on_the_page_marks_the_document_paid(platform):
    with urllib.request.urlopen(platform['page'], timeout=5) as page:
        assert '48500.00 ₸' in page.read().decode()
    request = urllib.request.Request(platform['page'], data=b'',
        method='POST')
    with urllib.request.urlopen(request, timeout=10) as landed:
        assert landed.status == 200
    assert states(platform) == ('paid', 'paid')


def test_replayed_callback_changes_nothing(platform):
    body = json.dumps({'payment_id': platform['payment_id'],
            'order_id': 'x', 'amount': '48500.00',
            'status': 'paid'}).encode()
    assert post_callback(platform['callback'], body, sign(body)) == 200
    assert post_callback(platform['callback'], body, sign(body)) == 200
    assert states(platform) == ('paid', 'paid')
    with Transaction().start(DB_NAME, 0, readonly=True):
        Payment = Pool().get('mycar.payment.request')
        assert Payment.search_count([]) == 1


def test_signed_callback_not_taken_is_retried(platform):
    "Only a bad signature answers 403: else 5xx, so the organisation retries"
    for body in [
            json.dumps({'payment_id': 'nope', 'status': 'paid'}).encode(),
            b'{"status": "paid"}', b'not json']:
        assert post_callback(platform['callback'], body, sign(body)) == 503
