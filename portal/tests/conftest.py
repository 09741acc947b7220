# This file is part of the MyCar partner platform.
"""Fixtures of the cabinet's tests, after flaskr's: app, client, cabinet
(logs a client in with the code the SMS sandbox received), and a
database of the platform with sandbox servers around it."""
import datetime as dt
import itertools
import re

import pytest
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, backup_db_cache, drop_db
from trytond.transaction import Transaction

from portal import create_app
from sandbox.ca import CertificationCentre
from sandbox.payment import PaymentOrganisation
from sandbox.server import free_port
from sandbox.sms import SMSGateway, SMSOutbox
from trytond.modules.mycar_cabinet.tests.tools import configure
from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.tests import tools
from trytond.modules.mycar_partner.tests.activation import (
    _restore_with_pool as restore_with_pool,
)
from trytond.modules.mycar_partner.tests.activation import (
    activate,
    cache_name,
    our_modules,
    top_modules,
)

PHONES = (f'+7701{n:07d}' for n in itertools.count(5550001))


def run(function):
    "Business code in a committed transaction of its own, as a request"
    return tools.run(DB_NAME, function)


@pytest.fixture(scope='session')
def sandbox(tmp_path_factory):
    "The SMS gateway, certification centre and payment organisation"
    directory = tmp_path_factory.mktemp('sandbox')
    servers = {
        'sms': SMSGateway(directory, port=free_port()),
        'centre': CertificationCentre(directory, port=free_port()),
        'bank': PaymentOrganisation(directory, port=free_port()),
        }
    for server in servers.values():
        server.start()
    configure('mycar_sms', url=servers['sms'].url)
    configure('mycar_certification', url=servers['centre'].url,
        ca_file=str(directory / 'ca.pem'))
    # every test's client asks from 127.0.0.1: the limit per address is
    # tested from addresses of its own
    configure('mycar_otp', max_per_ip_hour='1000', max_per_minute='1000')
    configure('mycar_payment', url=servers['bank'].url,
        secret='sandbox-secret', platform_url='http://127.0.0.1:9')
    servers['outbox'] = SMSOutbox(directory)
    yield servers
    for server in servers.values():
        if hasattr(server, 'stop'):
            server.stop()


PARTNER_NAME = "ТОО «Astana Motors»"


@pytest.fixture(scope='module')
def partner(sandbox):
    """The platform's database with a Partner; its id. Made again for each
    test module, whatever ran before it in the process: the first module
    builds it (the translations loaded, the Partner made) into Tryton's
    test cache, the others restore it"""
    tops = top_modules(our_modules())
    name = f'{cache_name(tops)}-portal'
    drop_db()
    if not restore_with_pool(tops, name):
        activate(['mycar_garage'])  # the cabinet with every service
        run(prepare)
        backup_db_cache(name)
    yield run(lambda pool: pool.get('company.company').search(
            [('party.name', '=', PARTNER_NAME)])[0].id)
    drop_db()


def prepare(pool):
    "The cabinet's languages and its Partner"
    from trytond.modules.company.tests import create_company
    Lang = pool.get('ir.lang')
    Lang.load_translations(Lang.search([('code', 'in', ['ru', 'kk'])]))
    company = create_company(PARTNER_NAME)
    company.party.identifiers = [{'type': 'kz_bin',
            'code': '050540004455'}]  # whose certificates sign for it
    company.party.save()


@pytest.fixture(scope='module')
def app(partner):
    pool_stop = Pool.__dict__['stop']
    app = create_app({'TESTING': True, 'TRYTON_DATABASE': DB_NAME,
            'SECRET_KEY': 'portal-tests', 'SERVER_NAME': 'cabinet.test'})
    Pool.stop = pool_stop  # flask-tryton freezes it; other tests need it
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def csrf(response):
    "The CSRF token of the page's forms"
    return re.search(r'name="csrf_token" value="([^"]+)"',
        response.get_data(as_text=True))[1]


class Cabinet:
    "A client of the Partner, with what the Partner sent them"

    def __init__(self, client, sandbox, partner):
        self.client, self.sandbox, self.partner = client, sandbox, partner
        self.phone = next(PHONES)
        def register(pool):
            company = pool.get('company.company')(partner)
            party, = pool.get('party.party').register_clients(
                company, [("Иван Иванов", self.phone)])
            return party.id
        self.party = run(register)

    def post(self, path, data=None, page=None, **kwargs):
        "POST a form of page (a path), with that page's CSRF token"
        token = csrf(self.client.get(page or path))
        return self.client.post(path, data={'csrf_token': token,
                **(data or {})}, **kwargs)

    def last_code(self):
        texts = self.sandbox['outbox'].messages(to=self.phone)
        return re.search(r'\d{4,}', texts[-1]['text'])[0]

    def login(self):
        self.post('/login', {'phone': self.phone})
        return self.post('/login/code', {'code': self.last_code()})

    def send(self, name='Акт № 1', kind='act', amount=None, signatures=True):
        "The Partner sends a document to the cabinet; its id"
        def send(pool):
            Document = pool.get('mycar.cabinet.document')
            document, = Document.create([{
                        'company': self.partner, 'party': self.party,
                        'kind': kind, 'name': name, 'amount': amount,
                        'pdf': f'%PDF-1.4 {name}'.encode()}])
            Document.send([document])
            if signatures:
                pool.get('mycar.signature.request').request([document])
            return document.id
        return run(send)

    def expire_sessions(self):
        "Let every cabinet session be idle for longer than allowed"
        self.idle_sessions(lambda Session: Session.timeout()
            + dt.timedelta(minutes=1))

    def idle_sessions(self, idle):
        "Let every cabinet session be idle for idle(Session) (a timedelta)"
        def age(pool):
            Session = pool.get('web.user.session')
            table = Session.__table__()
            past = calendar.now() - idle(Session)
            Transaction().connection.cursor().execute(*table.update(
                    [table.create_date, table.write_date], [past, past]))
            return past
        return run(age)

    def session_used(self):
        "When the client's cabinet session was last used, as it records"
        def used(pool):
            session, = pool.get('web.user.session').search(
                [('user.party', '=', self.party)])
            return session.last_modified_at
        return run(used)

    def read(self, model, record_id, *names):
        with Transaction().start(DB_NAME, 0, readonly=True):
            record = Pool().get(model)(record_id)
            return tuple(getattr(record, n) for n in names)


@pytest.fixture
def cabinet(client, sandbox, partner):
    return Cabinet(client, sandbox, partner)

