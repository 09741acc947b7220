# This file is part of the MyCar partner platform.
"""The access matrix over the wire (issue 12): each Partner role of two
Partners, and each MyCar staff role, logs in over JSON-RPC and tries every
model its groups reach on the other Partner's records: search, read,
write, create, delete, every button and every wizard. Each outcome is
compared with the policy declared here; a model a Partner's role reaches
without a policy fails the test.

Two roles get the same outcome on a model when they have the same modes on
it and the same groups among those its record rules, buttons and field
accesses name: such a model is tried once for them all, and in full for
each Partner's administrator (JSON-RPC costs 10 to 20 ms a call)."""
import base64
import json

import pytest
from trytond.model import ModelSingleton
from trytond.modules.company.tests import create_company
from trytond.protocols.jsonrpc import JSONEncoder
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction
from trytond.wsgi import app
from werkzeug.test import Client

from trytond.modules.mycar_partner.tests.activation import activate
from trytond.modules.mycar_partner.tests.tools import run

from .mycar import our_modules
from .test_isolation import FIXTURES, PRIVATE, SHARED, make_people

pytestmark = pytest.mark.skipif(DB_NAME == ':memory:',
    reason="needs a database the WSGI application can open")
PASSWORD = 'Matrix-pass-2026'
PARTNER_ROLES = ['partner_admin', 'partner_service_advisor',
    'partner_sales_manager', 'partner_loyalty_operator',
    'partner_accountant']
STAFF_ROLES = ['mycar_admin', 'mycar_partner_manager', 'mycar_accountant',
    'mycar_hotline', 'mycar_moderator']

# The policy of each model a Partner's role may reach, beside the
# Partner-owned models of FIXTURES (OWN):
# READ: reference data or plumbing, read by all, written by none of them;
# USER: each user's own (Tryton's rules), fixtures below;
# RESOURCE: on a record, reachable as the record is (Tryton's rules).
OWN, READ, USER, RESOURCE = 'own', 'read', 'user', 'resource'
# Models no Partner's role may reach at all: every method is refused
CLOSED = {'mycar.otp', 'mycar.otp.request', 'mycar.outbox.message',
    'ir.rule', 'ir.rule.group',
    'ir.cron', 'ir.cron.log', 'ir.model.log', 'ir.trigger',
    'account.move', 'account.invoice', 'sale.sale', 'sale.subscription',
    'product.template'}
POLICY = {
    **dict.fromkeys(FIXTURES, OWN),
    **dict.fromkeys(['party.party', 'party.address',
            'party.contact_mechanism', 'party.identifier', 'bank.account',
            'company.company', 'company.employee', 'res.user', 'web.user'],
        OWN),
    **dict.fromkeys(SHARED, READ),
    **dict.fromkeys([
            'ir.action', 'ir.action.act_window',
            'ir.action.act_window.domain', 'ir.action.act_window.view',
            'ir.action.keyword', 'ir.action.report', 'ir.action.url',
            'ir.action.wizard', 'ir.lang', 'ir.message', 'ir.model',
            'ir.model.access', 'ir.model.button', 'ir.model.button.rule',
            'ir.model.button.click', 'ir.model.field',
            'ir.model.field.access', 'ir.translation', 'ir.ui.icon',
            'ir.ui.menu', 'ir.ui.view', 'ir.calendar.day',
            'ir.calendar.month', 'ir.sequence', 'ir.sequence.strict',
            'ir.sequence.type', 'ir.email.template', 'res.group',
            'res.role', 'res.user.role', 'country.country',
            'country.organization', 'country.organization.member',
            'country.postal_code', 'country.region', 'country.subdivision',
            'currency.currency', 'currency.currency.rate', 'bank',
            'party.address.format', 'party.address.subdivision_type',
            'party.category', 'party.configuration',
            'company.company.tax_identifier', 'bank.account.number',
            ], READ),
    **dict.fromkeys([
            'ir.ui.view_search', 'ir.ui.view_tree_optional',
            'ir.ui.view_tree_state', 'ir.ui.view_tree_width', 'ir.export',
            'ir.export.line', 'res.user.warning', 'res.notification',
            'res.user.application'], USER),
    **dict.fromkeys(['ir.attachment', 'ir.note', 'ir.email'], RESOURCE),
    }
# Buttons a Partner's user may click on another Partner's record without
# an error, because they change nothing of it: none
HARMLESS_BUTTONS = set()


def user_records(pool, user, other):
    "{model: [values]} of records of the user, Partner other's"
    view, = pool.get('ir.ui.view').search(
        [('model', '=', 'party.party'), ('type', '=', 'tree')], limit=1)
    return {
        'ir.ui.view_tree_optional': [{'view': view.id, 'user': user,
                'model': 'party.party',
                'field': 'name', 'value': True}],
        'ir.ui.view_search': [{'model': 'party.party', 'name': "Mine",
                'domain': '[]', 'user': user}],
        'ir.ui.view_tree_width': [{'model': 'party.party', 'field': 'name',
                'width': 100, 'user': user}],
        'ir.ui.view_tree_state': [{'model': 'ir.ui.menu', 'domain': '[]',
                'child_name': 'childs', 'nodes': '[]',
                'selected_nodes': '[]', 'user': user}],
        'ir.export': [{'name': "Clients", 'resource': 'party.party',
                'user': user,
                'export_fields': [('create', [{'name': 'name'}])]}],
        'res.user.warning': [{'user': user, 'name': 'secret-warning'}],
        'res.notification': [{'user': user, 'label': "Private"}],
        'res.user.application': [{'user': user,
                'application': 'mycar_partner', 'state': 'validated'}],
        'ir.attachment': [{'name': 'secret.pdf', 'data': b'%PDF',
                'resource': str(other['mycar.partner.agreement'])}],
        'ir.note': [{'message': "Secret",
                'resource': str(other['mycar.partner.agreement'])}],
        }


class Session:
    "A JSON-RPC session of a user, over trytond's WSGI application"

    def __init__(self, login):
        self.client = Client(app)
        self.login = login
        ok, result = self.call('common.db.login', login,
            {'password': PASSWORD}, 'en')
        assert ok, (login, result)
        user_id, session, *_ = result
        self.auth = 'Session ' + base64.b64encode(
            f'{login}:{user_id}:{session}'.encode()).decode()

    def call(self, method, *params):
        "(True, result), or (False, the refusal: an HTTP status or error)"
        response = self.client.post(f'/{DB_NAME}/rpc/',
            data=json.dumps({'id': 1, 'method': method, 'params': params},
                cls=JSONEncoder),
            headers={'Content-Type': 'application/json',
                **({'Authorization': self.auth}
                    if hasattr(self, 'auth') else {})})
        if response.status_code != 200:
            return False, response.status_code
        answer = response.get_json()
        if answer.get('error'):
            return False, answer['error'][0]
        return True, answer['result']

    def model(self, name, method, *params):
        return self.call(f'model.{name}.{method}', *params, {})


def role_user(pool, company, role, login):
    ModelData = pool.get('ir.model.data')
    user, = pool.get('res.user').create([{
                'name': login, 'login': login, 'password': PASSWORD,
                'companies': [('add', [company.id])] if company else [],
                'company': company.id if company else None,
                'roles': [('create', [{'role': ModelData.get_id(
                                    'mycar_partner', 'role_' + role)}])],
                }])
    return user


def owned(pool, company, user):
    "{model: [record ids]} that company owns, and user's own records"
    records = {name: make(company) for name, make in FIXTURES.items()}
    records.update(make_people(company, user))
    ids = {name: [r.id] for name, r in records.items()}
    with Transaction().set_user(user.id):  # theirs as they make them
        for name, values in user_records(pool, user.id, records).items():
            ids[name] = [r.id for r in pool.get(name).create(values)]
    return ids


def creatable(pool, name, ids):
    "Values to create a copy of the records ids of name, as root reads them"
    Model = pool.get(name)
    fields = [f for f, field in Model._fields.items()
        if field.required and not hasattr(field, 'get')
        and f not in {'id', 'create_uid', 'create_date'}]
    fields += [f for f in ['company', 'party', 'resource', 'user']
        if f in Model._fields and f not in fields]
    values, = Model.read(ids[:1], fields)
    values.pop('id')
    return {f: v for f, v in values.items()
        if not isinstance(v, (list, tuple))}


def model_groups(pool):
    """{model: groups} of the groups the model's record rules, buttons and
    field accesses name: what can make two roles' outcomes differ"""
    groups = {}
    for rule_group in pool.get('ir.rule.group').search([]):
        groups.setdefault(rule_group.model, set()).update(
            g.id for g in rule_group.groups)
    for button in pool.get('ir.model.button').search([]):
        groups.setdefault(button.model, set()).update(
            g.id for g in button.groups)
    for access in pool.get('ir.model.field.access').search([]):
        if access.group:
            groups.setdefault(access.model, set()).add(access.group.id)
    return {model: frozenset(ids) for model, ids in groups.items()}


def build(pool):
    "MyCar, Partners A and B with a user of each role, and their records"
    Configuration = pool.get('mycar.partner.configuration')
    User = pool.get('res.user')
    Wizard = pool.get('ir.action.wizard')
    mycar = create_company("ТОО «MyCar Group»")
    Configuration.write([Configuration(1)], {'billing_company': mycar.id})
    partners = {}
    for key in ['a', 'b']:
        company = create_company(f"ТОО «Partner {key.upper()}»")
        users = {role: role_user(pool, company, role, f'{role}@{key}')
            for role in PARTNER_ROLES}
        partners[key] = {'users': {r: u.id for r, u in users.items()},
            'records': owned(pool, company, users['partner_admin'])}
        partners[key]['copies'] = {name: creatable(pool, name, ids)
            for name, ids in partners[key]['records'].items()}
    logins = {f'{role}@{key}': user
        for key in partners for role, user in partners[key]['users'].items()}
    for role in STAFF_ROLES:
        logins[f'{role}@mycar'] = role_user(
            pool, None, role, f'{role}@mycar').id
    groups = {}
    for login, user in logins.items():
        with Transaction().set_user(user):
            groups[login] = frozenset(User.get_groups())
    for name, Model in pool.iterobject():
        if issubclass(Model, ModelSingleton) and POLICY.get(name) == READ:
            Model.write([Model(1)], {})  # stored, to try deleting it
    return {
        'partners': partners,
        'models': sorted(name for name, Model in pool.iterobject()
            if 'search' in Model.__rpc__),
        'buttons': {name: sorted(Model._buttons)
            for name, Model in pool.iterobject()
            if getattr(Model, '_buttons', None)},
        'wizards': {w.wiz_name: w.model for w in Wizard.search([])
            if w.model},
        'closed': {name: [r.id for r in pool.get(name).search([], limit=1)]
            or [1] for name in CLOSED},
        'groups': groups,
        'model_groups': model_groups(pool),
        'tried': set(),
        }


@pytest.fixture(scope='module')
def world():
    activate(our_modules())
    yield run(DB_NAME, build)
    drop_db()


def access(session, models):
    """{model: modes} of the models the session's user may read, as the
    server says"""
    ok, result = session.model('ir.model.access', 'get_access', models)
    assert ok, result
    return {name: tuple(sorted(modes.items()))
        for name, modes in result.items() if modes['read']}


def reachable(session, models):
    "The models the session's user may read, as the server says"
    return set(access(session, models))


class Attack:
    """What session tries on Partner other's records; found: the
    unexpected successes, and the records of own (when given) the session
    does not find"""

    def __init__(self, session, world, other, own=None):
        self.session, self.world = session, world
        self.records, self.copies = other['records'], other['copies']
        self.own = own['records'] if own else None
        self.found = []

    def refused(self, name, method, *params):
        ok, result = self.session.model(name, method, *params)
        if ok:
            self.found.append((self.session.login, name, method, result))

    def run(self):
        models = access(self.session, self.world['models'])
        for name in sorted(models):
            policy = POLICY.get(name)
            if policy is None:
                self.found.append((self.session.login, name, "no policy"))
            elif name in self.records:
                self.owned(name, models[name])
            elif policy == READ:
                self.shared(name, models[name])
        for wizard, model in sorted(self.world['wizards'].items()):
            if model in self.records and model in models:
                self.wizard(wizard, model)
        for name, ids in sorted(self.world['closed'].items()):
            self.closed(name, ids, models)
        return self.found

    def tried(self, key):
        "Whether key was tried in the run; it is from now on"
        if key in self.world['tried']:
            return True
        self.world['tried'].add(key)
        return False

    def owned(self, name, modes):
        # the outcomes depend on the model's modes for the user, and on
        # the groups its rules, buttons and field accesses name: tried
        # once for each, and in full for each Partner's administrator
        login = self.session.login
        if self.tried((name, modes, self.world['groups'][login]
                    & self.world['model_groups'].get(name, frozenset()),
                    self.own is not None and login)):
            return
        ids = self.records[name]
        mine = self.own.get(name, []) if self.own is not None else []
        ok, result = self.session.model(name, 'search',
            [('id', 'in', ids + mine)], 0, None, None)
        if ok and (set(result) & set(ids)
                or self.own is not None and set(result) != set(mine)):
            self.found.append((login, name, 'search', result, mine))
        self.refused(name, 'read', ids, ['id'])
        self.refused(name, 'write', ids, {})
        for button in self.world['buttons'].get(name, []):
            if (name, button) not in HARMLESS_BUTTONS:
                self.refused(name, button, ids)
        if name not in {'res.user', 'company.company'}:
            self.refused(name, 'create', [self.copies[name]])
        self.refused(name, 'delete', ids)

    def shared(self, name, modes):
        # the same modes on the same records: tried once in the run
        if self.tried((name, modes)):
            return
        ok, ids = self.session.model(name, 'search', [], 0, 1, None)
        if ok and ids:
            self.refused(name, 'write', ids, {})
            self.refused(name, 'delete', ids)
        self.refused(name, 'create', [{}])

    def closed(self, name, ids, models):
        # refused whatever the records: tried once in the run
        if name in models:
            self.found.append((self.session.login, name, "reachable"))
        if self.tried(('closed', name)):
            return
        self.refused(name, 'search', [], 0, None, None)
        self.refused(name, 'read', ids, ['id'])
        self.refused(name, 'write', ids, {})
        self.refused(name, 'create', [{}])
        self.refused(name, 'delete', ids)

    def wizard(self, wizard, model):
        ok, started = self.session.call(f'wizard.{wizard}.create', {})
        if not ok:
            return
        session_id, start = started[:2]
        ids = self.records[model]
        ok, result = self.session.call(f'wizard.{wizard}.execute',
            session_id, {}, start, {'active_model': model,
                'active_id': ids[0], 'active_ids': ids})
        if ok:
            self.found.append(
                (self.session.login, wizard, 'execute', result))


@pytest.mark.parametrize('partner, other', [('a', 'b'), ('b', 'a')])
@pytest.mark.parametrize('role', PARTNER_ROLES)
def test_partner_role_reaches_nothing_of_another(world, role, partner, other):
    session = Session(f'{role}@{partner}')
    partners = world['partners']
    found = Attack(session, world, partners[other],
        partners[partner] if role == 'partner_admin' else None).run()
    assert not found, '\n'.join(map(repr, found))


@pytest.mark.parametrize('role', STAFF_ROLES)
def test_staff_role_reads_every_partner(world, role):
    "MyCar's staff serve every Partner; none reaches the code requests"
    session = Session(f'{role}@mycar')
    models = reachable(session, world['models'])
    assert role == 'mycar_admin' or not models & {
        'mycar.otp', 'mycar.otp.request'}
    a, b = (world['partners'][k]['records'] for k in ['a', 'b'])
    groups = world['groups'][session.login]
    for name in sorted(models & set(a)):
        key = ('staff', name, groups
            & world['model_groups'].get(name, frozenset()))
        if POLICY.get(name) == OWN and key not in world['tried']:
            world['tried'].add(key)  # the same rules: the same outcome
            ids = a[name] + b[name]
            ok, found = session.model(name, 'search',
                [('id', 'in', ids)], 0, None, None)
            assert ok and sorted(found) == sorted(ids), (role, name, found)


def test_a_partner_forges_no_origin_nor_a_clients_iin(world):
    """Over the wire a Partner's user sets neither the origin nor the state
    of a document (the flow tells its origin when signed or paid), nor a
    client's IIN (the one their signatures are checked against)"""
    session = Session('partner_admin@a')
    mine, theirs = (world['partners'][k]['records'] for k in 'ab')
    document, = mine['mycar.cabinet.document']
    ok, [values] = session.model('mycar.cabinet.document', 'read',
        [document], ['name', 'party'])
    assert ok
    ok, _ = session.model('mycar.cabinet.document', 'write', [document],
        {'name': values['name']})  # what it may write
    assert ok
    act, = theirs['mycar.billing.act']
    for forged in [{'origin': f'mycar.billing.act,{act}'},
            {'state': 'signed'}]:
        ok, _ = session.model(
            'mycar.cabinet.document', 'write', [document], forged)
        assert not ok, forged
    ok, _ = session.model('mycar.cabinet.document', 'create', [{
                'party': values['party'], 'kind': 'act', 'name': "Акт",
                'origin': f'mycar.billing.act,{act}'}])
    assert not ok
    ok, _ = session.model('party.identifier', 'create', [{
                'party': values['party'], 'type': 'kz_iin',
                'code': '870412300416'}])
    assert not ok


def test_every_model_has_a_policy_or_is_closed(world):
    "A model our modules add is in the policy, or Partners reach none of it"
    ours = {name for name in world['models']
        if name.startswith('mycar.') or '-mycar.' in name}
    session = Session('partner_admin@a')
    models = reachable(session, world['models'])
    assert not {m for m in ours if m not in POLICY and m in models}
    assert {m for m in ours if m not in POLICY} <= PRIVATE | {
        m for m in ours if m not in models}
