#!/usr/bin/env python3
# This file is part of the MyCar partner platform.
"""Benchmark: the production stack under load. bin/serve's trytond and
cabinet run under gunicorn with 1, 2 and 4 worker processes each, and
this script drives them over HTTP on localhost, a bounded time each:

- the cabinet: CLIENTS clients (50), each with their own session,
  opening their inbox, a document and their garage page in turn;
- the back office: sao's JSON-RPC opening the list of work orders (the
  search of its first 1 000, their count up to 100 000 and the read of
  the rows shown) over 100 000 orders, by MyCar's administrator (every
  Partner's) and by a Partner's service advisor (their own);
- the Partner API: KEYS Partners' 1C at once (16), each with its key,
  sending new clients, work orders and loyalty events in turn.

    TRYTOND_DATABASE__URI=postgresql://postgres@127.0.0.1:55432/ \\
    DB_NAME=bench_load PYTHONOPTIMIZE=1 \\
      .venv/bin/python bench/load.py [--seconds 20] [--workers 1 2 4] \\
      [--think 0]

The database is made once (the modules, 16 Partners, 5 000 clients with
their cars, the orders) and kept; each run makes the cabinet sessions it
uses. --think is each cabinet client's mean pause between two pages
(drawn from half to one and a half of it): 0 sends the next at once (the
worst case), a person reading a page takes a second or more.
Prints, per worker count and kind of request: requests, requests/s,
p50/p95/p99 and errors (an answer that is not what the page or call
should give: a status, a login page instead of the inbox, a fault)."""
import argparse
import base64
import concurrent.futures
import datetime as dt
import itertools
import json
import logging
import os
import pathlib
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from decimal import Decimal

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault('DB_NAME', 'bench_load')

from trytond.config import config  # noqa: E402
from trytond.pool import Pool  # noqa: E402
from trytond.tests.test_tryton import DB_NAME, activate_module  # noqa: E402
from trytond.transaction import Transaction  # noqa: E402

from bench.billing import bins  # noqa: E402
from sandbox.server import free_port  # noqa: E402

logger = logging.getLogger('bench')
DEALER = "ТОО «Bench Dealer"
MODULES = ['mycar_garage', 'mycar_loyalty', 'mycar_sales',
    'mycar_marketplace']
PASSWORD = 'Bench-Load-Password-2026'
STAFF = 'manager@mycar.kz'
PARTNERS = 16
CLIENTS = 5000  # of the first Partner, the cabinet's among them
ORDERS = 100000
DOCUMENTS = 10  # a cabinet client's
STATES = ['closed'] * 6 + ['draft', 'sent', 'accepted', 'invoiced',
    'paid', 'in_progress', 'done', 'cancelled']
ORDER_FIELDS = ['number', 'party.rec_name', 'mobile', 'vehicle.rec_name',
    'total_amount', 'online', 'company.rec_name', 'state', 'state:string',
    'rec_name', '_timestamp', '_write', '_delete']


def iban(account):
    "A Kazakh IBAN of the account (16 characters) with its check digits"
    from stdnum import iban
    return f'KZ{iban.calc_check_digits("KZ00" + account)}{account}'


def mobile(partner, number):
    return f'+7702{partner:02d}{number:05d}'


def prepared():
    "Whether the database has the benchmark's data"
    with Transaction().start(DB_NAME, 0, readonly=True):
        return bool(Pool().get('mycar.garage.order').search([], limit=1))


def prepare():
    """The Partners (accepted, Garage integrated, an API key and a bonus
    programme each), the first one's clients, cars, orders and the
    cabinet's documents, every password the benchmark's"""
    from trytond.modules.company.tests import create_company

    from tests.mycar import accept_partner
    from trytond.modules.mycar_partner.model import append
    config.set('queue', 'worker', 'True')  # queued work stays queued
    with Transaction().start(DB_NAME, 0) as transaction:
        pool = Pool()
        Lang = pool.get('ir.lang')
        User = pool.get('res.user')
        Licence = pool.get('mycar.partner.licence')
        Party = pool.get('party.party')
        Vehicle = pool.get('mycar.vehicle')
        Order = pool.get('mycar.garage.order')
        Line = pool.get('mycar.garage.order.line')
        Document = pool.get('mycar.cabinet.document')
        Lang.load_translations(Lang.search([('code', 'in', ['ru', 'kk'])]))
        mycar = create_company("ТОО «MyCar Group»")
        with transaction.set_context(company=mycar.id):
            companies = pool.get('company.company').browse([
                    accept_partner(mycar, f"{DEALER} {n:02d}»", bin_,
                        iban(f'601{n:013d}'))[0]
                    for n, bin_ in zip(range(PARTNERS), bins())])
        Licence.mark_integrated(Licence.search(
                [('company', 'in', [c.id for c in companies])]))
        User.write(User.search([('company', 'in',
                        [c.id for c in companies])]) + User.search(
                [('login', '=', 'admin')]), {'password': PASSWORD})
        User.create([{'login': STAFF, 'name': "Айгерим Садыкова",
                    'password': PASSWORD, 'company': mycar.id,
                    'companies': [('add',
                            [mycar.id] + [c.id for c in companies])],
                    'roles': [('create', [{'role': pool.get(
                                        'ir.model.data').get_id(
                                        'mycar_partner',
                                        'role_mycar_partner_manager')}])],
                    }])
        pool.get('mycar.loyalty.programme').create([{'company': c,
                    'name': "Бонус", 'overdraft': 'debt',
                    'lifetime_days': 365} for c in companies])
        dealer = companies[0]
        parties = Party.register_clients(dealer, [
                (f"Клиент {n}", mobile(0, n)) for n in range(CLIENTS)])
        vehicles = Vehicle.create([{'company': dealer, 'owner': p,
                    'vin': f'XTA21099{n:09d}', 'make': "Lada",
                    'model': "Vesta", 'year': 2020}
                for n, p in enumerate(parties)])
        now = dt.datetime(2026, 11, 2, 6, 0)
        for start in range(0, ORDERS, 10000):
            numbers = range(start, min(start + 10000, ORDERS))
            ids = append(Order, [{'company': dealer.id,
                        'number': f'ЗН-{n + 1:06d}',
                        'party': parties[n % CLIENTS].id,
                        'vehicle': vehicles[n % CLIENTS].id,
                        'mileage': 10000 + n % 90000, 'online': n % 3 == 0,
                        'from_history': False,
                        'state': STATES[n % len(STATES)],
                        'done_date': now} for n in numbers])
            append(Line, [{'order': i, 'sequence': k, 'kind': kind,
                        'description': text, 'quantity': Decimal(1 + k),
                        'unit_price': Decimal('4500.00')}
                    for i in ids for k, (kind, text) in enumerate(
                        [('work', "ТО"), ('part', "Фильтр")])])
        append(Document, [{'company': dealer.id, 'party': p.id,
                    'kind': 'act', 'name': f"Акт № {n}", 'state': state,
                    'pdf': b'%PDF-1.4 bench', 'sent_date': now,
                    'delivered_date': now}
                for p in parties[:200] for n, state in zip(range(DOCUMENTS),
                    itertools.cycle(['delivered', 'signed', 'paid']))])
        transaction.commit()


def sessions(count):
    """(session key, a document id) of the first count clients of the
    first Partner, each in a new cabinet session"""
    with Transaction().start(DB_NAME, 0) as transaction:
        pool = Pool()
        WebUser = pool.get('web.user')
        Document = pool.get('mycar.cabinet.document')
        users = WebUser.search([('mobile', 'in',
                    [mobile(0, n) for n in range(count)])])
        documents = {d.party.id: d.id for d in Document.search(
                [('party', 'in', [u.party.id for u in users])])}
        made = [(u.new_session(), documents[u.party.id]) for u in users]
        transaction.commit()
    return made


def cookie(secret, key):
    "The cabinet's session cookie of key, signed as Flask signs it"
    from flask import Flask
    app = Flask('bench')
    app.secret_key = secret
    value = app.session_interface.get_signing_serializer(app).dumps(
        {'key': key, 'lang': 'ru', '_permanent': True})
    return f'session={value}'


class Stack:
    "bin/serve's trytond and cabinet, on free ports, with workers each"

    def __init__(self, workers):
        self.secret = secrets.token_urlsafe(32)
        self.trytond, self.portal = free_port(), free_port()
        environ = {k: v for k, v in os.environ.items()
            if not k.startswith(('TRYTOND_MYCAR', 'MYCAR_PORTAL'))}
        environ.update({
                'TRYTOND_MYCAR_OTP__SECRET': secrets.token_urlsafe(32),
                'TRYTOND_MYCAR_PAYMENT__SECRET': secrets.token_urlsafe(32),
                'MYCAR_PORTAL_SECRET_KEY': self.secret,
                # the load, not the limit per key, is measured
                'TRYTOND_MYCAR_API__REQUESTS_PER_MINUTE': '1000000',
                })
        self.process = subprocess.Popen([sys.executable,
                str(ROOT / 'scripts' / 'serve.py'), '-d', DB_NAME,
                '--only', 'trytond,portal', '--workers', str(workers),
                '--portal-workers', str(workers),
                '--listen', f'127.0.0.1:{self.trytond}',
                '--portal-listen', f'127.0.0.1:{self.portal}'],
            env=environ, cwd=ROOT)
        try:
            for port in [self.trytond, self.portal]:
                self.wait(port)
        except Exception:
            self.stop()
            raise

    def wait(self, port):
        for _ in range(1200):
            if self.process.poll() is not None:
                raise RuntimeError("bin/serve stopped")
            try:
                urllib.request.urlopen(f'http://127.0.0.1:{port}/',
                    timeout=1)
                return
            except urllib.error.HTTPError:
                return  # answering
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"nothing answers on {port}")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=90)


def fetch(url, data=None, headers=None):
    "(status, body) of a request"
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError as error:  # reset, refused, timed out: an error too
        logger.warning("%s: %s", url, error)
        return 0, b''


def drive(lanes, seconds, think=0, warmup=2):
    """Each lane (a callable giving (kind, ok)) called again and again
    in its own thread for seconds after warmup, think seconds between
    two calls; {kind: (times, errors)}"""
    results, lock = {}, threading.Lock()
    start = time.monotonic()
    measured, end = start + warmup, start + warmup + seconds

    def run(lane):
        time.sleep(random.uniform(0, think))
        while (now := time.monotonic()) < end:
            kind, ok = lane()
            took = time.monotonic() - now
            if now >= measured:
                with lock:
                    times, errors = results.setdefault(kind, ([], [0]))
                    times.append(took)
                    errors[0] += not ok
            if think:  # a person's pause, uneven: no lockstep
                time.sleep(random.uniform(think / 2, think * 1.5))
    with concurrent.futures.ThreadPoolExecutor(len(lanes)) as pool:
        for future in [pool.submit(run, lane) for lane in lanes]:
            future.result()
    return {k: (sorted(t), e[0]) for k, (t, e) in results.items()}


def cabinet_lanes(stack, count):
    "A lane per cabinet client: inbox, a document, the garage page"
    base = f'http://127.0.0.1:{stack.portal}'
    lanes = []
    for key, document in sessions(count):
        headers = {'Cookie': cookie(stack.secret, key)}
        pages = itertools.cycle([
                ('cabinet inbox', '/', "Акт №".encode()),
                ('cabinet document', f'/documents/{document}',
                    "Акт №".encode()),
                ('cabinet garage', '/garage/', b'XTA21099'),
                ])

        def lane(pages=pages, headers=headers):
            kind, path, expected = next(pages)
            status, body = fetch(base + path, headers=headers)
            return kind, status == 200 and expected in body
        lanes.append(lane)
    return lanes


class RPC:
    "A user's JSON-RPC session with trytond, as sao opens it"

    def __init__(self, port, login):
        self.url = f'http://127.0.0.1:{port}/{DB_NAME}/rpc/'
        user_id, session = self.call('common.db.login',
            [login, {'password': PASSWORD}, 'ru'])[:2]
        token = base64.b64encode(f'{login}:{user_id}:{session}'.encode())
        self.headers = {'Authorization': f'Session {token.decode()}'}
        self.context = self.call('model.res.user.get_preferences', [True, {}])

    def call(self, method, params):
        status, body = fetch(self.url, json.dumps({'id': 1,
                    'method': method, 'params': params}).encode(),
            {'Content-Type': 'application/json',
                **getattr(self, 'headers', {})})
        answer = json.loads(body)
        if status != 200 or 'error' in answer:
            raise RuntimeError(f"{method}: {status} {answer.get('error')}")
        return answer['result']

    def order_list(self):
        "sao's calls opening the work orders' list; its count"
        model = 'model.mycar.garage.order.'
        ids = self.call(model + 'search', [[], 0, 1000, None, self.context])
        count = self.call(model + 'search_count',
            [[], 0, 100000, self.context])
        rows = self.call(model + 'read',
            [ids[:100], ORDER_FIELDS, self.context])
        return count, len(rows)


def backoffice_lanes(stack, users):
    "A lane per (kind, login), each opening the orders' list again"
    lanes = []
    for kind, login in users:
        rpc = RPC(stack.trytond, login)

        def lane(kind=kind, rpc=rpc):
            try:
                count, rows = rpc.order_list()
            except (RuntimeError, ValueError) as error:
                logger.warning("%s: %s", kind, error)
                return kind, False
            return kind, count >= 1000 and rows == 100
        lanes.append(lane)
    return lanes


def new_mobiles():
    "The first n of the API's mobiles (+7705n, +7706n) no client has"
    with Transaction().start(DB_NAME, 0, readonly=True):
        Party = Pool().get('party.party')
        last = Party.search(['OR', ('client_mobile', 'like', '+7705%'),
                ('client_mobile', 'like', '+7706%')],
            order=[('client_mobile', 'DESC')], limit=1)
        return int(last[0].client_mobile[5:]) + 1 if last else 0


def api_lanes(stack, keys):
    "A lane per Partner's key: new clients, a work order, loyalty events"
    base = f'http://127.0.0.1:{stack.trytond}/{DB_NAME}/mycar/api/v1'
    run = secrets.token_hex(4)
    counter = itertools.count(new_mobiles())  # new clients, each run
    lanes = []
    for partner, key in enumerate(keys):
        def requests(partner=partner):
            for n in counter:
                tag, phone = f'{run}-{n}', f'+7705{n % 10**7:07d}'
                client = {'name': f"Клиент {tag}", 'mobile': phone}
                yield 'API clients', '/garage/clients', {'clients': [
                        client, {'name': f"Клиентка {tag}",
                            'mobile': f'+7706{n % 10**7:07d}'}]}
                yield 'API work order', '/garage/orders', {
                    'external_number': f'ЗН-{tag}', 'client': client,
                    'vehicle': {'vin': f'X{partner:02d}{n:014d}',
                        'make': "Toyota", 'model': "Camry", 'year': 2019},
                    'description': "ТО", 'mileage': 84100,
                    'lines': [{'kind': 'part', 'description': "Фильтр",
                            'quantity': 2, 'unit_price': '4500'}]}
                at = '2026-11-02T10:00:00+05:00'
                yield 'API loyalty events', '/loyalty/events', {'events': [
                        {'id': f'P-{tag}', 'type': 'purchase',
                            'client': client, 'amount': '50000',
                            'occurred': at},
                        {'id': f'A-{tag}', 'type': 'accrual',
                            'purchase': f'P-{tag}', 'points': 500,
                            'occurred': at}]}
        sent = requests()

        def lane(key=key, sent=sent):
            kind, path, body = next(sent)
            status, answer = fetch(base + path, json.dumps(body).encode(), {
                    'Content-Type': 'application/json',
                    'Authorization': f'Bearer {key}',
                    'Idempotency-Key': secrets.token_hex(8)})
            if status not in {200, 201}:
                logger.warning("%s: %s %s", kind, status, answer[:200])
            return kind, status in {200, 201}
        lanes.append(lane)
    return lanes


def figures(workers, results, seconds):
    "A line per kind of request, of a run of seconds"
    lines = []
    for kind, (times, errors) in sorted(results.items()):
        def at(share, times=times):
            return times[min(len(times) - 1, int(len(times) * share))] * 1000
        lines.append(f"| {workers} | {kind} | {len(times)} | "
            f"{len(times) / seconds:.1f} | {at(.5):.0f} | {at(.95):.0f} | "
            f"{at(.99):.0f} | {errors} |")
    return lines



def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--seconds', type=int, default=20)
    parser.add_argument('--workers', type=int, nargs='+', default=[1, 2, 4])
    parser.add_argument('--clients', type=int, default=50)
    parser.add_argument('--keys', type=int, default=PARTNERS)
    parser.add_argument('--think', type=float, default=0)
    parser.add_argument('--only', default='cabinet,backoffice,api')
    options = parser.parse_args(argv)
    if not os.environ.get('TRYTOND_DATABASE__URI', '').startswith(
            'postgresql'):
        parser.error("bin/serve runs on PostgreSQL: set "
            "TRYTOND_DATABASE__URI")
    activate_module(MODULES)
    if not prepared():
        start = time.monotonic()
        prepare()
        logger.info("data made in %.0f s", time.monotonic() - start)
    with Transaction().start(DB_NAME, 0, readonly=True):
        User = Pool().get('res.user')
        keys = [a.key for a in Pool().get('res.user.application').search(
                [('application', '=', 'mycar_partner')],
                order=[('id', 'ASC')])][:options.keys]
        partner_admin, = User.search([('company.party.name', 'like',
                    f'{DEALER}%')], order=[('id', 'ASC')], limit=1)
        partner_admin = partner_admin.login
    table = ["| WSGI workers | requests of | requests | per second | "
        "p50 ms | p95 ms | p99 ms | errors |", "|---|---|---|---|---|---|---|"
        "---|"]
    chosen = options.only.split(',')
    for workers in options.workers:
        stack = Stack(workers)

        def measure(lanes, think=0):
            return figures(workers, drive(lanes, options.seconds, think),
                options.seconds)
        try:
            if 'cabinet' in chosen:
                table += measure(cabinet_lanes(stack, options.clients),
                    options.think)
            if 'backoffice' in chosen:
                table += measure(backoffice_lanes(stack, [
                            ('order list (MyCar manager)', STAFF)] * 2
                        + [('order list (Partner admin)', partner_admin)]
                        * 2))
            if 'api' in chosen:
                table += measure(api_lanes(stack, keys))
        finally:
            stack.stop()
        logger.info("\n".join(table))


if __name__ == '__main__':
    logging.basicConfig(level=logging.INFO, format='%(message)s')
    for name in ['trytond', 'weasyprint', 'fontTools']:
        logging.getLogger(name).setLevel(logging.WARNING)
    main()
