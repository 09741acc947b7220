# This file is part of the MyCar partner platform.
"""The Partner API under attack (issue 12): every bad input answered in
JSON naming the field, numbers in range, nothing saved half-way, a limit
per key, one answer to concurrent retries, and a fuzzer over its OpenAPI,
through trytond's own WSGI application."""
import base64
import json
import threading

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from trytond.modules.company.tests import create_company
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction
from trytond.wsgi import app
from werkzeug.test import Client

from sandbox.server import free_port
from sandbox.sms import SMSGateway
from sandbox.smtp import SMTPSink
from trytond.modules.mycar_cabinet.tests.tools import configure
from trytond.modules.mycar_partner.tests.activation import activate

from .mycar import make_application

pytestmark = pytest.mark.skipif(DB_NAME == ':memory:',
    reason="needs a database the WSGI application can open")
BASE = f'/{DB_NAME}/mycar/api/v1'
# What a half-saved request would leave behind
SAVED = ['mycar.garage.order', 'mycar.garage.order.line', 'mycar.vehicle',
    'party.party', 'mycar.cabinet.document', 'mycar.api.request',
    'mycar.partner.application']
ORDER = {
    'external_number': 'ЗН-000100',
    'client': {'name': "Иван Петров", 'mobile': '+77011234567'},
    'vehicle': {'vin': 'JTNB11HK003012345', 'make': "Toyota",
        'model': "Camry", 'year': 2019},
    'description': "ТО-60000", 'mileage': 84100,
    'lines': [{'kind': 'part', 'description': "Фильтр", 'quantity': 2,
            'unit_price': '4500'}]}


def with_line(**values):
    return {**ORDER, 'lines': [{**ORDER['lines'][0], **values}]}


def nested(depth):
    value = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.fixture(scope='module')
def partner(tmp_path_factory):
    "A Partner with Garage integrated, and its API keys"
    sms = SMSGateway(tmp_path_factory.mktemp('sms'), port=free_port())
    sms.start()
    configure('mycar_sms', url=sms.url)
    mail = SMTPSink(tmp_path_factory.mktemp('mail'), port=free_port())
    mail.start()
    configure('email', uri=mail.url)
    activate(['mycar_garage'])
    with Transaction().start(DB_NAME, 0) as transaction:
        pool = Pool()
        Lang = pool.get('ir.lang')
        Lang.load_translations(Lang.search([('code', 'in', ['ru', 'kk'])]))
        Application = pool.get('mycar.partner.application')
        Licence = pool.get('mycar.partner.licence')
        UserApplication = pool.get('res.user.application')
        mycar = create_company("ТОО «MyCar Group»")
        with Transaction().set_context(company=mycar.id):
            application = make_application(mycar, role='partner_admin')
            pool.get('ir.attachment').create([{'name': 'charter.pdf',
                        'data': b'%PDF', 'resource': str(application)}])
            Application.receive([application])
            Application.accept([application])
        company = application.company
        Licence.mark_integrated(Licence.search(
                [('company', '=', company.id)]))
        admin, = pool.get('res.user').search(
            [('company', '=', company.id)])
        keys = UserApplication.create([{
                    'user': admin, 'application': 'mycar_partner',
                    'state': 'validated'} for _ in range(4)])
        records = {'company': company.id, 'key': keys[0].key,
            'limited': keys[1].key, 'fuzz': keys[2].key,
            'other': keys[3].key}
        transaction.commit()
    yield records
    sms.stop()
    mail.stop()
    drop_db()


def bearer(key, **headers):
    return {'Authorization': f'Bearer {key}', 'Accept-Language': 'en',
        **headers}


def saved():
    "How many records of each model a request may save"
    with Transaction().start(DB_NAME, 0, readonly=True):
        pool = Pool()
        return {name: pool.get(name).search_count([]) for name in SAVED}


def post(key, path, body, **headers):
    data = body if isinstance(body, bytes) else json.dumps(body)
    return Client(app).post(BASE + path, data=data,
        headers=bearer(key, **headers), content_type='application/json')


@pytest.mark.parametrize('path', ['/garage/orders', '/garage/vehicles',
        '/garage/clients', '/garage/history', '/employees'])
def test_a_body_that_is_no_object_is_refused(partner, path):
    "Found by the fuzzer: a JSON list for a body answered 500"
    response = post(partner['key'], path, [{'vehicles': []}])
    assert response.status_code == 400, response.text
    assert response.content_type == 'application/json'


@pytest.mark.parametrize('body, field', [
        (with_line(unit_price=1e30), 'lines[1].unit_price'),
        (with_line(unit_price='1e30'), 'lines[1].unit_price'),
        (with_line(quantity=1e27), 'lines[1].quantity'),
        (with_line(quantity=0), 'lines[1].quantity'),
        (with_line(quantity=-1), 'lines[1].quantity'),
        (with_line(quantity='NaN'), 'lines[1].quantity'),
        (b'{"lines": [{"quantity": Infinity}]}', 'lines[1].quantity'),
        ({**ORDER, 'mileage': 10 ** 20}, 'mileage'),
        ({**ORDER, 'mileage': -5}, 'mileage'),
        ({**ORDER, 'vehicle': {**ORDER['vehicle'], 'year': 10 ** 20}},
            'vehicle.year'),
        ({**ORDER, 'vehicle': {**ORDER['vehicle'], 'year': 1066}},
            'vehicle.year'),
        (with_line(description="Фильтр\x00"), 'lines[1].description'),
        ({**ORDER, 'description': "\ud800"}, 'description'),
        ({**ORDER, 'lines': nested(20)}, 'lines[1][1][1][1][1][1][1][1]'),
        (b'[' * 1_000_000, None),
        (b'{"lines": [', None),
        ])
def test_bad_input_answers_json_naming_the_field(partner, body, field):
    before = saved()
    response = post(partner['key'], '/garage/orders', body,
        **{'Idempotency-Key': 'bad-input'})
    assert response.status_code == 400, response.text
    assert response.content_type == 'application/json'
    assert response.json['status'] == 400
    assert response.json['field'] == field
    assert response.json['message']
    assert saved() == before


def test_refusals_are_json_and_translated(partner):
    response = Client(app).get(BASE + '/licences',
        headers=bearer('not-a-key', **{'Accept-Language': 'kk'}))
    assert response.status_code == 401
    assert response.content_type == 'application/json'
    assert response.json['message'].startswith("Жарамды API кілті жоқ")

    response = post(partner['key'], '/garage/orders',
        with_line(quantity=0), **{'Accept-Language': 'ru'})
    assert response.json['message'] == (
        'lines[1]: поле «quantity» вне допустимых значений.')


def test_orders_of_a_missing_order_answer_json(partner):
    response = Client(app).get(BASE + '/garage/orders/%00nothing',
        headers=bearer(partner['key']))
    assert response.status_code == 400, response.text
    assert response.content_type == 'application/json'


def test_same_key_and_body_concurrently_one_answer(partner):
    "Ten 1C retries at once: one order, and the same 201 to each"
    body = {**ORDER, 'external_number': 'ЗН-000200'}
    before = saved()
    answers = []

    def send():
        response = post(partner['key'], '/garage/orders', body,
            **{'Idempotency-Key': 'order-200'})
        answers.append((response.status_code, response.json))
    threads = [threading.Thread(target=send) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 10
    assert {status for status, _ in answers} == {201}, answers
    assert len({json.dumps(a, sort_keys=True) for _, a in answers}) == 1
    after = saved()
    assert after['mycar.garage.order'] == before['mycar.garage.order'] + 1
    assert after['mycar.api.request'] == before['mycar.api.request'] + 1

    other = post(partner['key'], '/garage/orders',
        {**body, 'description': "Другое"}, **{'Idempotency-Key': 'order-200'})
    assert other.status_code == 409, other.text
    assert '"order-200"' in other.json['message']
    assert saved() == after


def test_each_key_is_rate_limited(partner):
    configure('mycar_api', requests_per_minute='3')
    try:
        client = Client(app)
        statuses = [client.get(BASE + '/licences',
                headers=bearer(partner['limited'])).status_code
            for _ in range(3)]
        limited = client.get(BASE + '/licences',
            headers=bearer(partner['limited']))
        # the same key presented otherwise is the same key
        basic = base64.b64encode(f"other:{partner['limited']}".encode())
        disguised = [client.get(BASE + '/licences', headers=headers)
            for headers in [
                {'Authorization': f"bearer {partner['limited']}"},
                {'Authorization': f'Basic {basic.decode()}'}]]
        other = client.get(BASE + '/licences',
            headers=bearer(partner['other']))
    finally:
        configure('mycar_api', requests_per_minute='600')
    assert statuses == [200] * 3
    assert limited.status_code == 429
    assert 1 <= int(limited.headers['Retry-After']) <= 60
    assert limited.json['message']
    assert [r.status_code for r in disguised] == [429, 429]
    assert other.status_code == 200


@pytest.mark.parametrize('mode', list(GenerationMode))
def test_fuzzer_finds_no_failure(partner, mode):
    """Requests generated from openapi.json, valid and not: no 5xx, JSON
    answers as documented, and a refusal saves nothing"""
    schema = schemathesis.openapi.from_wsgi(BASE + '/openapi.json', app)
    schema.config.generation.update(with_security_parameters=False)

    @given(case=schema.as_strategy(mode))
    @settings(max_examples=30, deadline=None, derandomize=True,
        database=None, suppress_health_check=list(HealthCheck))
    def fuzz(case):
        before = saved()
        response = case.call(headers=bearer(partner['fuzz']))
        case.validate_response(response, checks=[not_a_server_error,
                status_code_conformance, content_type_conformance,
                response_schema_conformance])
        if response.status_code >= 400:
            assert saved() == before, (case.body, response.text)
    fuzz()
