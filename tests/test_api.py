# This file is part of the MyCar partner platform.
"""The Partner software API (P3): keys, idempotency, OpenAPI conformity
and bad input, through trytond's own WSGI application."""
import json
import re

import pytest
from trytond.config import config
from trytond.modules.company.tests import create_company
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction
from trytond.wsgi import app
from werkzeug.test import Client

from sandbox.server import free_port
from sandbox.smtp import SMTPSink
from trytond.modules.mycar_partner.api import OPENAPI
from trytond.modules.mycar_partner.tests.activation import activate

from .mycar import accept_partner

BASE = f'/{DB_NAME}/mycar/api/v1'
EMPLOYEE = {
    'name': "Данияр Сеитов", 'position': "Менеджер", 'role': 'sales_manager',
    'email': 'sales@astana-motors.kz', 'services': ['garage'],
    'consent': True}


@pytest.fixture(scope='module')
def partners(tmp_path_factory):
    sink = SMTPSink(tmp_path_factory.mktemp('mail'), port=free_port())
    sink.start()
    config.set('email', 'uri', sink.url)
    activate(['mycar_partner', 'mycar_loyalty'])
    with Transaction().start(DB_NAME, 0) as transaction:
        pool = Pool()
        Lang = pool.get('ir.lang')
        Lang.load_translations(Lang.search([('code', '=', 'kk')]))
        mycar = create_company("ТОО «MyCar Group»")
        with Transaction().set_context(company=mycar.id):
            astana = accept_partner(mycar,
                "ТОО «Astana Motors»", '050540004455',
                'KZ706018771000735551')
            almaty = accept_partner(mycar,
                "ТОО «Almaty Auto»", '110240012342', 'KZ18722S000012345678')
        transaction.commit()
    yield {'astana': astana, 'almaty': almaty}
    sink.stop()
    drop_db()


@pytest.fixture
def client():
    return Client(app)


def bearer(key, **headers):
    return {'Authorization': f'Bearer {key}', 'Accept-Language': 'en',
        **headers}


def editions(company):
    with Transaction().start(DB_NAME, 0, readonly=True):
        Application = Pool().get('mycar.partner.application')
        return Application.search_count([('company', '=', company)])


def test_licences_need_a_valid_key(partners, client):
    assert client.get(f'{BASE}/licences').status_code == 401
    response = client.get(f'{BASE}/licences', headers=bearer('wrong'))
    assert response.status_code == 401


def test_licences_of_the_keys_partner_only(partners, client):
    _, key, _ = partners['astana']
    response = client.get(f'{BASE}/licences', headers=bearer(key))
    assert response.status_code == 200
    assert response.json['licences'] == [{
            'service': 'garage', 'quantity': 1,
            'start_date': response.json['licences'][0]['start_date'],
            'end_date': None, 'integrated': False}]


def test_post_employees_is_idempotent(partners, client):
    company, key, _ = partners['astana']
    before = editions(company)
    body = json.dumps({'employees': [EMPLOYEE]})
    headers = bearer(key, **{'Idempotency-Key': 'hr-2026-03-27-1'})
    first = client.post(f'{BASE}/employees', data=body, headers=headers,
        content_type='application/json')
    assert first.status_code == 201, first.text
    assert first.json['edition']['state'] == 'draft'
    assert first.json['employees'] == 1
    again = client.post(f'{BASE}/employees', data=body, headers=headers,
        content_type='application/json')
    assert (again.status_code, again.json) == (201, first.json)
    assert editions(company) == before + 1

    other = json.dumps({'employees': [{**EMPLOYEE, 'name': "Другой"}]})
    conflict = client.post(f'{BASE}/employees', data=other, headers=headers,
        content_type='application/json')
    assert conflict.status_code == 409, conflict.text
    assert 'hr-2026-03-27-1' in conflict.json['message']
    assert editions(company) == before + 1


def test_a_key_is_per_partner(partners, client):
    "The same Idempotency-Key of two Partners are two requests"
    body = json.dumps({'employees': [EMPLOYEE]})
    for name in ['astana', 'almaty']:
        company, key, _ = partners[name]
        response = client.post(f'{BASE}/employees', data=body,
            headers=bearer(key, **{'Idempotency-Key': 'shared-key'}),
            content_type='application/json')
        assert response.status_code == 201, response.text


@pytest.mark.parametrize('body, expected', [
        (b'{not json', 'not valid JSON'),
        (json.dumps({'staff': []}), 'non-empty list "employees"'),
        (json.dumps({'employees': ['x']}), 'Employee 1 is not an object'),
        (json.dumps({'employees': [{**EMPLOYEE, 'role': 'boss'}]}),
            'the role "boss" is unknown'),
        (json.dumps({'employees': [{**EMPLOYEE, 'consent': False}]}),
            'has not given consent'),
        (json.dumps({'employees': [{**EMPLOYEE, 'email': 'sales'}]}),
            'The e-mail "sales"'),
        (json.dumps({'employees': [{**EMPLOYEE, 'services': ['taxi']}]}),
            'unknown services taxi'),
        (json.dumps({'employees': [{k: v for k, v in EMPLOYEE.items()
                            if k != 'position'}]}),
            'the field "position" is missing'),
        ])
def test_bad_input_is_refused_and_nothing_saved(
        partners, client, body, expected):
    company, key, _ = partners['almaty']
    before = editions(company)
    response = client.post(f'{BASE}/employees', data=body,
        headers=bearer(key), content_type='application/json')
    assert response.status_code == 400, response.text
    assert expected in response.json['message']
    assert editions(company) == before


def test_errors_are_translated(partners, client):
    _, key, _ = partners['almaty']
    response = client.post(f'{BASE}/employees', data=b'{',
        headers=bearer(key, **{'Accept-Language': 'ru'}),
        content_type='application/json')
    assert response.status_code == 400
    assert re.search('[а-я]', response.json['message'])


def test_revoked_key_is_refused(partners, client):
    _, key, key_id = partners['almaty']
    with Transaction().start(DB_NAME, 0) as transaction:
        UserApplication = Pool().get('res.user.application')
        UserApplication.write([UserApplication(key_id)],
            {'state': 'cancelled'})
        transaction.commit()
    response = client.get(f'{BASE}/licences', headers=bearer(key))
    assert response.status_code == 401


def test_routes_match_openapi():
    "Every API route is documented, with its methods, and nothing more"
    routes = {}
    for rule in app.url_map.iter_rules():
        if '/mycar/api/' in rule.rule:
            path = re.sub(r'<(?:\w+:)?(\w+)>', r'{\1}', rule.rule)
            routes.setdefault(path, set()).update(
                m.lower() for m in rule.methods - {'HEAD', 'OPTIONS'})
    documented = {
        '/{database_name}/mycar/api/v1' + path: set(methods)
        for path, methods in OPENAPI['paths'].items()}
    assert routes == documented


def test_openapi_is_served(partners, client):
    response = client.get(f'{BASE}/openapi.json')
    assert response.status_code == 200
    assert response.json['openapi'].startswith('3.')


def test_loyalty_events_through_http(partners, client):
    """1C's bonus events over HTTP: one result each, the rest of the batch
    counting when one is refused, a replay changing nothing"""
    company, key, _ = partners['astana']
    with Transaction().start(DB_NAME, 0) as transaction:
        Pool().get('mycar.loyalty.programme').create([{'company': company,
                    'name': "Бонус", 'overdraft': 'refuse'}])
        transaction.commit()
    ivan = {'name': "Иван Петров", 'mobile': '+77011234567'}
    events = [
        {'id': 'P-1', 'type': 'purchase', 'client': ivan,
            'amount': '100000', 'occurred': '2026-11-02T10:00:00+05:00'},
        {'id': 'A-1', 'type': 'accrual', 'purchase': 'P-1', 'points': 1000,
            'occurred': '2026-11-02T10:00:00+05:00'},
        {'id': 'W-1', 'type': 'write_off', 'client': ivan, 'points': 5000,
            'occurred': '2026-11-02T10:01:00+05:00'},
        {'id': 'R-1', 'type': 'return', 'purchase': 'P-404',
            'amount': '100', 'occurred': '2026-11-02T10:01:00+05:00'},
        'not an event']
    post = lambda body: client.post(  # noqa: E731
        f'{BASE}/loyalty/events', data=json.dumps(body),
        headers=bearer(key), content_type='application/json')
    response = post({'events': events})
    assert response.status_code == 200, response.text
    assert [r['status'] for r in response.json['results']] == [
        201, 201, 422, 202, 400]
    assert 'balance' in response.json['results'][2]['message']
    again = post({'events': events[:2]})
    assert [r['status'] for r in again.json['results']] == [200, 200]
    assert post({'events': []}).status_code == 400
    assert post({'events': events * 101}).status_code == 400
    with Transaction().start(DB_NAME, 0, readonly=True):
        Balance = Pool().get('mycar.loyalty.balance')
        assert [b.points for b in Balance.search([])] == [1000]
