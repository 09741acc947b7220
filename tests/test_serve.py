# This file is part of the MyCar partner platform.
"""bin/serve, the production shape: it refuses empty or demo secrets and
demo passwords; and two trytond WSGI processes over one PostgreSQL see
each other's changes at once, a record, a model access and a
translation, through Tryton's own cache invalidation (LISTEN/NOTIFY on
ir_cache, [cache] clean_timeout = 0 in conf/production.conf)."""
import base64
import json
import os
import pathlib
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from trytond.tests.test_tryton import DB_NAME, drop_db

from sandbox.server import free_port
from trytond.modules.mycar_partner.tests.activation import activate
from trytond.modules.mycar_partner.tests.tools import run

ROOT = pathlib.Path(__file__).resolve().parent.parent
SERVE = [sys.executable, str(ROOT / 'scripts' / 'serve.py')]
STRONG = 'x7Q' * 12  # 36 characters, none of the demo's
PASSWORD = 'Serve-Test-Pass-2026'


def environment(**values):
    "The environment of a production process: the secrets given"
    env = {k: v for k, v in os.environ.items()
        if not k.startswith(('TRYTOND_MYCAR', 'MYCAR_PORTAL'))}
    env.update({k: v for k, v in values.items() if v is not None})
    return env


def check(**values):
    "(exit status, what it said) of bin/serve --check"
    done = subprocess.run(SERVE + ['--check', '-d', DB_NAME],
        env=environment(**values), capture_output=True, text=True,
        timeout=120)
    return done.returncode, done.stderr


def test_empty_or_demo_secrets_are_refused():
    status, said = check()
    assert status == 2
    for name in ['[mycar_otp] secret (TRYTOND_MYCAR_OTP__SECRET) is empty',
            '[mycar_payment] secret (TRYTOND_MYCAR_PAYMENT__SECRET) is empty',
            'MYCAR_PORTAL_SECRET_KEY is empty']:
        assert name in said
    status, said = check(TRYTOND_MYCAR_OTP__SECRET='short',
        TRYTOND_MYCAR_PAYMENT__SECRET='sandbox-secret',
        MYCAR_PORTAL_SECRET_KEY=STRONG)
    assert status == 2
    assert 'secret (TRYTOND_MYCAR_OTP__SECRET) is shorter than 32' in said
    assert ("secret (TRYTOND_MYCAR_PAYMENT__SECRET) is the demo's value"
        in said)
    assert 'MYCAR_PORTAL_SECRET_KEY' not in said


needs_postgresql = pytest.mark.skipif(
    not os.environ.get('TRYTOND_DATABASE__URI', '').startswith(
        'postgresql'),
    reason="production runs on PostgreSQL: its processes share caches "
    "through its notifications")
SECRETS = {'TRYTOND_MYCAR_OTP__SECRET': STRONG,
    'TRYTOND_MYCAR_PAYMENT__SECRET': STRONG[::-1],
    'MYCAR_PORTAL_SECRET_KEY': STRONG + 'p'}


@pytest.fixture(scope='module')
def platform():
    """The platform's database, its administrator's password a demo one
    (as Tryton's test database has it), with a member of MyCar's staff
    in a group of their own"""
    activate(['mycar_loyalty'])

    def prepare(pool):
        User = pool.get('res.user')
        Group = pool.get('res.group')
        admin, = User.search([('login', '=', 'admin')])
        User.write([admin], {'password': 'admin'})
        group, = Group.create([{'name': "Cache test"}])
        staff, = User.create([{'login': 'staff', 'name': "Staff",
                    'password': PASSWORD, 'groups': [('add', [group.id])]}])
        return {'group': group.id, 'staff': staff.id}
    yield run(DB_NAME, prepare)
    drop_db()


@needs_postgresql
def test_demo_passwords_are_refused(platform):
    status, said = check(**SECRETS)
    assert status == 2, said
    assert 'these users still have a demo password: admin' in said

    def strong(pool):
        User = pool.get('res.user')
        User.write(User.search([('login', '=', 'admin')]),
            {'password': PASSWORD})
    run(DB_NAME, strong)
    status, said = check(**SECRETS)
    assert status == 0, said


def soon(read, expected, seconds=5):
    """What read() gives once it is expected, or at the end of seconds:
    another process clears its cache when PostgreSQL's notification
    reaches its listening thread, a moment after the commit"""
    end = time.monotonic() + seconds
    while (value := read()) != expected and time.monotonic() < end:
        time.sleep(0.05)
    return value


class Client:
    "A user's JSON-RPC session with one trytond process"

    def __init__(self, url, login):
        self.url = url
        user_id, session = self.post('common.db.login',
            [login, {'password': PASSWORD}, 'en'])[:2]
        token = base64.b64encode(f'{login}:{user_id}:{session}'.encode())
        self.headers = {'Authorization': f'Session {token.decode()}'}

    def post(self, method, params, headers=None):
        request = urllib.request.Request(f'{self.url}/{DB_NAME}/rpc/',
            data=json.dumps({'id': 1, 'method': method,
                    'params': params}).encode(),
            headers={'Content-Type': 'application/json',
                **(headers or {})})
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.load(answer)['result'] if method.startswith(
                'common.') else json.load(answer)

    def call(self, model, method, *args, context=None):
        "The answer's result, or its error"
        answer = self.post(f'model.{model}.{method}',
            [*args, context or {}], self.headers)
        return answer.get('result', answer.get('error'))


@pytest.fixture
def two_processes(platform):
    "Two trytond processes of bin/serve, each one gunicorn worker: URLs"
    def strong(pool):
        User = pool.get('res.user')
        User.write(User.search([('login', '=', 'admin')]),
            {'password': PASSWORD})
    run(DB_NAME, strong)
    started, urls = [], []
    for _ in range(2):
        port = free_port()
        started.append(subprocess.Popen(SERVE + ['-d', DB_NAME,
                    '--only', 'trytond', '--workers', '1',
                    '--listen', f'127.0.0.1:{port}'],
                env=environment(**SECRETS), cwd=ROOT))
        urls.append(f'http://127.0.0.1:{port}')
    try:
        for url, launcher in zip(urls, started):
            answering(url, launcher)
        yield urls
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(timeout=60)


def answering(url, launcher, seconds=180):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        assert launcher.poll() is None, "bin/serve stopped"
        try:
            urllib.request.urlopen(f'{url}/', timeout=2)
            return
        except urllib.error.HTTPError:
            return  # trytond answers
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer in {seconds} s")


@needs_postgresql
def test_processes_see_each_others_changes_at_once(platform, two_processes):
    first, second = two_processes
    admin_1, admin_2 = Client(first, 'admin'), Client(second, 'admin')
    staff_2 = Client(second, 'staff')

    # a record another process keeps in its cache: a user's preferences
    assert staff_2.call('res.user', 'get_preferences', False)[
        'name'] == "Staff"
    admin_1.call('res.user', 'write', [platform['staff']],
        {'name': "Staff, renamed"})
    assert soon(lambda: staff_2.call('res.user', 'get_preferences',
            False)['name'], "Staff, renamed") == "Staff, renamed"

    # a model access: read refused, then granted through the other process
    refused = staff_2.call('mycar.loyalty.programme', 'search', [])
    assert 'not allowed to access "Bonus Programme"' in refused[1][0]
    admin_1.call('ir.model.access', 'create', [{
                'model': 'mycar.loyalty.programme',
                'group': platform['group'], 'perm_read': True}])
    assert soon(lambda: staff_2.call('mycar.loyalty.programme', 'search',
            []), []) == []

    # a translation: a field's label in Russian
    def label():
        return admin_2.call('party.party', 'fields_get', ['name'],
            context={'language': 'ru'})['name']['string']
    before = label()
    translation = admin_1.call('ir.translation', 'search', [
            ('name', '=', 'party.party,name'), ('type', '=', 'field'),
            ('lang', '=', 'ru')])
    value = {'value': "Наименование (проверка)"}
    if translation:
        admin_1.call('ir.translation', 'write', translation, value)
    else:  # Russian not loaded in this database
        admin_1.call('ir.translation', 'create', [{**value,
                    'name': 'party.party,name', 'type': 'field',
                    'lang': 'ru', 'src': before, 'module': 'party',
                    'res_id': -1}])
    assert before != "Наименование (проверка)"
    assert soon(label, "Наименование (проверка)") == (
        "Наименование (проверка)")
