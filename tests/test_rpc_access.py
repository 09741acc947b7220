# This file is part of the MyCar partner platform.
"""What a Partner's user can do over JSON-RPC, as an attacker would try it
with trytond's own WSGI application: the models our change adds, one
policy each (the start of issue 12's wire-level matrix)."""
import base64
import json

import pytest
from trytond.modules.company.tests import create_company
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction
from trytond.wsgi import app
from werkzeug.test import Client

from trytond.modules.mycar_partner.tests.activation import activate

pytestmark = pytest.mark.skipif(DB_NAME == ':memory:',
    reason="needs a database the WSGI application can open")
PASSWORD = 'Partner-pass-2026'


@pytest.fixture(scope='module')
def records():
    "A Partner's administrator and a code request of another client"
    activate(['mycar_cabinet'])
    with Transaction().start(DB_NAME, 0) as transaction:
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        company = create_company("ТОО «Shymkent Car»")
        pool.get('res.user').create([{
                    'name': "Admin", 'login': 'admin@shymkent-car.kz',
                    'password': PASSWORD, 'companies': [('add', [company.id])],
                    'company': company.id,
                    'roles': [('create', [{'role': ModelData.get_id(
                                        'mycar_partner',
                                        'role_partner_admin')}])],
                    }])
        request, = pool.get('mycar.otp.request').create([{
                    'phone': '+77011234567', 'ip_address': '198.51.100.9',
                    'date': '2026-03-02 06:00:00'}])
        transaction.commit()
    yield {'request': request.id}
    drop_db()


class Session:
    "A JSON-RPC session of a user"

    def __init__(self, login, password):
        self.client = Client(app)
        user_id, session, *_ = self.call(
            'common.db.login', login, {'password': password}, 'ru')
        self.auth = 'Session ' + base64.b64encode(
            f'{login}:{user_id}:{session}'.encode()).decode()

    def call(self, method, *params):
        "The result, the error's name, or the HTTP status of a refusal"
        response = self.client.post(f'/{DB_NAME}/rpc/',
            data=json.dumps({'id': 1, 'method': method, 'params': params}),
            headers={'Content-Type': 'application/json',
                **({'Authorization': self.auth}
                    if hasattr(self, 'auth') else {})})
        if response.status_code != 200:
            return response.status_code
        answer = response.get_json()
        if answer.get('error'):
            return answer['error'][0]
        return answer['result']


def test_partner_reaches_no_code_request(records):
    """mycar.otp.request: MyCar's administrators only; to a Partner's
    user, trytond refuses every method of it (403)"""
    partner = Session('admin@shymkent-car.kz', PASSWORD)
    # the session works: what Partners may read answers
    assert isinstance(partner.call(
            'model.mycar.service.search', [], 0, None, None, {}), list)
    model = 'model.mycar.otp.request.'
    request = records['request']
    refused = 403
    assert partner.call(model + 'search', [], 0, None, None, {}) == refused
    assert partner.call(model + 'read', [request], ['phone'], {}) == refused
    assert partner.call(model + 'create', [{'phone': '+77011234567',
                'date': '2026-03-02 06:00:00'}], {}) == refused
    assert partner.call(
        model + 'write', [request], {'phone': '+77000000000'}, {}) == refused
    assert partner.call(model + 'delete', [request], {}) == refused
