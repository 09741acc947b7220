# This file is part of the MyCar partner platform.
"""Fixtures of the cross-module and browser tests."""
import json
import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from sandbox.ca import CertificationCentre
from sandbox.crm import PartnerCRM
from sandbox.dms import DealerDMS
from sandbox.esf import ESFSystem
from sandbox.ofd import OFD
from sandbox.payment import PaymentOrganisation
from sandbox.server import free_port
from sandbox.sms import SMSGateway, SMSOutbox
from sandbox.smtp import SMTPSink
from trytond.modules.mycar_partner.tests.activation import (
    activate,
    cache_name,
    cached,
    restore_as,
)

from .mycar import our_modules
from .sao import DEMO_PASSWORD, login

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = pathlib.Path(sys.executable).parent
CHROMIUM = os.environ.get('MYCAR_CHROMIUM', '/usr/bin/chromium')
SALES = 'sales@astana-motors.kz'  # the demo Partner's sales manager
CHROMIUM_ARGS = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync',
    ]



class Database:
    "A database of its own for a server started by a test"

    def __init__(self, directory, name):
        self.directory, self.name = directory, name
        self.uri = os.environ.get('TRYTOND_DATABASE__URI', 'sqlite://')
        self.postgresql = self.uri.startswith('postgresql')

    def _admin_connection(self):
        import psycopg
        parts = urllib.parse.urlsplit(self.uri)
        return psycopg.connect(
            urllib.parse.urlunsplit(parts._replace(path='/postgres')),
            autocommit=True)

    def restore(self, modules):
        """The database as Tryton's test cache holds modules activated
        (activated first when missing), in Russian as trytond-admin creates
        it with `[database] language = ru`, its admin's e-mail set"""
        from trytond.tests import test_tryton
        if self.postgresql:
            restore_as(modules, self.name)
        else:
            if not cached(cache_name(modules)):
                activate(modules)
                test_tryton.drop_db()
            shutil.copyfile(
                test_tryton._db_cache_file(
                    test_tryton.DB_CACHE, cache_name(modules)),
                self.directory / f'{self.name}.sqlite')
        self.execute([
                "UPDATE res_user SET email = 'admin@mycar.kz' "
                "WHERE login = 'admin'",
                "UPDATE ir_configuration SET language = 'ru'",
                "UPDATE res_user SET language = "
                "(SELECT id FROM ir_lang WHERE code = 'ru')"])

    def execute(self, statements):
        if self.postgresql:
            import psycopg
            parts = urllib.parse.urlsplit(self.uri)
            with psycopg.connect(urllib.parse.urlunsplit(
                        parts._replace(path=f'/{self.name}'))) as conn:
                for statement in statements:
                    conn.execute(statement)
        else:
            with sqlite3.connect(
                    self.directory / f'{self.name}.sqlite') as conn:
                for statement in statements:
                    conn.execute(statement)
            conn.close()

    def drop(self):
        if self.postgresql:
            with self._admin_connection() as conn:
                conn.execute(
                    f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def write_config(directory, database, port, sandbox, portal_port):
    path = directory / 'trytond.conf'
    path.write_text(f"""[database]
uri = {database.uri}
path = {directory}
language = ru

[web]
listen = 127.0.0.1:{port}
root = {ROOT / 'var' / 'web'}
public_url = http://127.0.0.1:{port}

[email]
uri = {sandbox['smtp'].url}
from = noreply@mycar.kz

[mycar_sms]
url = {sandbox['sms'].url}

[mycar_certification]
url = {sandbox['certification'].url}
ca_file = {directory / 'ca.pem'}

[mycar_payment]
url = {sandbox['payment'].url}
secret = sandbox-secret
platform_url = http://127.0.0.1:{port}

[mycar_esf]
url = {sandbox['esf'].url}

[mycar_crm]
demo_url = {sandbox['crm'].url}

[mycar_dms]
demo_url = {sandbox['dms'].url}

[mycar_fiscal]
url = {sandbox['ofd'].url}

[mycar_otp]
secret = browser-tests
# the browser tests log the demo client in more often than a client may
# ask for codes in an hour (the limits have tests of their own)
max_per_hour = 50
max_per_ip_hour = 100

[mycar_cabinet]
url = http://127.0.0.1:{portal_port}
""")
    return path


def run(args, **kwargs):
    result = subprocess.run(
        args, capture_output=True, text=True, cwd=ROOT, **kwargs)
    if result.returncode:
        raise RuntimeError(
            f"{' '.join(map(str, args))} failed:\n{result.stdout}\n"
            f"{result.stderr}")
    return result


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer in {seconds} s")


def warm_up(url, database):
    """Log in once over JSON-RPC, as sao does: trytond loads a database on
    its first request, which a browser test's timeouts should not count"""
    body = json.dumps({'id': 0, 'method': 'common.db.login',
            'params': ['manager', {'password': DEMO_PASSWORD}, 'ru']})
    request = urllib.request.Request(f'{url}/{database}/rpc/',
        data=body.encode(), headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=120) as response:
        answer = json.loads(response.read())
    if 'result' not in answer:
        raise RuntimeError(f"logging in to {database} failed: {answer}")


@pytest.fixture(scope='session')
def platform(tmp_path_factory):
    """The platform with the demo data: trytond serving sao, the sandbox
    servers it talks to; yields a dict of them"""
    directory = tmp_path_factory.mktemp('platform')
    name = f'browser_{os.getpid()}'
    database = Database(directory, name)
    database.restore(our_modules())
    port = free_port()
    sandbox = {
        'smtp': SMTPSink(directory, port=free_port()),
        'sms': SMSGateway(directory, port=free_port()),
        'certification': CertificationCentre(directory, port=free_port()),
        'payment': PaymentOrganisation(directory, port=free_port()),
        'esf': ESFSystem(directory, port=free_port()),
        'crm': PartnerCRM(directory, port=free_port()),
        'ofd': OFD(directory, port=free_port()),
        'dms': DealerDMS(directory, port=free_port()),
        }
    for server in sandbox.values():
        server.start()
    portal_port = free_port()
    config = write_config(directory, database, port, sandbox, portal_port)
    env = dict(os.environ, PYTHONOPTIMIZE='1')
    env.pop('TRYTOND_DATABASE__URI', None)
    env.pop('TRYTOND_DATABASE__PATH', None)
    # no trytond-admin: the tests log in as the demo's users, not as admin
    run([sys.executable, ROOT / 'scripts' / 'demo_data.py',
            '-c', config, '-d', name], env=env)
    server = subprocess.Popen(
        [BIN / 'trytond', '-c', config, '-d', name],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f'http://127.0.0.1:{port}/')
        warm_up(f'http://127.0.0.1:{port}', name)
        yield {'url': f'http://127.0.0.1:{port}', 'database': name,
            'config': config, 'env': env, 'directory': directory,
            'sms': SMSOutbox(directory),
            'certification': sandbox['certification'].url,
            'portal_port': portal_port, 'ofd': sandbox['ofd']}
    finally:
        server.terminate()
        server.wait(timeout=30)
        for sandbox_server in sandbox.values():
            sandbox_server.stop()
        database.drop()


@pytest.fixture(scope='session')
def backoffice(platform, browser):
    """(base URL, database name) of sao, once a first login went through:
    the first load of sao and of the user's session takes longer than a
    test's timeouts on a busy machine"""
    url, database = platform['url'], platform['database']
    context = browser.new_context(locale='ru-RU')
    page = context.new_page()
    page.set_default_timeout(60000)
    try:
        login(page, url, database, 'manager')
    finally:
        context.close()
    return url, database


@pytest.fixture(scope='session')
def cabinet_site(platform):
    "The client cabinet (portal) serving the platform's database; its URL"
    port = platform['portal_port']
    log = platform['directory'] / 'portal.log'
    with open(log, 'w') as output:
        server = subprocess.Popen([sys.executable, '-m', 'portal',
                '-c', platform['config'], '-d', platform['database'],
                '--port', str(port)], cwd=ROOT, env=platform['env'],
            stdout=output, stderr=subprocess.STDOUT)
    try:
        try:
            wait_for(f'http://127.0.0.1:{port}/login')
        except TimeoutError as error:
            raise TimeoutError(f"{error}:\n{log.read_text()}") from None
        yield f'http://127.0.0.1:{port}'
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope='session')
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def sales_manager(platform):
    """The demo Partner's sales manager's back office, through trytond's
    XML-RPC"""
    from proteus import config as proteus_config
    url = urllib.parse.urlsplit(platform['url'])
    return proteus_config.set_xmlrpc(
        f'http://{urllib.parse.quote(SALES)}:{DEMO_PASSWORD}'
        f'@{url.netloc}/{platform["database"]}/rpc/')


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale='ru-RU',
        viewport={'width': 390, 'height': 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    yield page
    context.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale='ru-RU')
    page = context.new_page()
    page.set_default_timeout(20000)
    yield page
    context.close()


@pytest.fixture(scope='session')
def screenshots():
    """Where the browser tests leave their screenshots, to be looked at:
    var/screenshots (kept after the run)"""
    folder = ROOT / 'var' / 'screenshots'
    folder.mkdir(parents=True, exist_ok=True)
    return folder
