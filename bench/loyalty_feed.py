#!/usr/bin/env python3
# This file is part of the MyCar partner platform.
"""Benchmark: a Partner's 1C feeding its bonus ledger through the real
HTTP API (trytond's WSGI application under gunicorn with WORKERS
processes, or served by werkzeug in this process with 0).

    TRYTOND_DATABASE__URI=postgresql://postgres@127.0.0.1:55432/ \\
    DB_NAME=bench_loyalty PYTHONOPTIMIZE=1 \\
      .venv/bin/python bench/loyalty_feed.py [EVENTS] [CLIENTS] [BATCH] \\
      [WORKERS]

EVENTS events (20 000) for 500 buyers a Partner, in batches of BATCH
(500), sent by CLIENTS Partners' 1C at once (4), each with its own key
and connection, its batches in order; then the first 10 000 events
posted again. Prints events/s, the p50 and p99 of a request (its answer
comes after the commit: the balances are visible then), and the
duplicates the replay made (entries and events counted before and
after) and the balances that differ from their ledger."""
import concurrent.futures
import datetime as dt
import json
import logging
import os
import pathlib
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault('DB_NAME', 'bench_loyalty')

from trytond.pool import Pool  # noqa: E402
from trytond.tests.test_tryton import DB_NAME, activate_module  # noqa: E402
from trytond.transaction import Transaction  # noqa: E402
from trytond.wsgi import app  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from sandbox.server import free_port  # noqa: E402

logger = logging.getLogger('bench')
START = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.timezone(
        dt.timedelta(hours=5)))


def prepare(partners):
    "Partners, each with its programme and an API key; the keys"
    from trytond.modules.company.tests import create_company
    keys = []
    with Transaction().start(DB_NAME, 0) as transaction:
        pool = Pool()
        User = pool.get('res.user')
        for number in range(partners):
            company = create_company(f"ТОО «Bench Motors {number}»")
            user, = User.create([{'name': "1C", 'login': f'onec{number}',
                        'companies': [('add', [company.id])],
                        'company': company.id}])
            key, = pool.get('res.user.application').create([{
                        'user': user, 'application': 'mycar_partner',
                        'state': 'validated'}])
            pool.get('mycar.loyalty.programme').create([{
                        'company': company, 'name': "Бонус",
                        'overdraft': 'debt', 'lifetime_days': 365}])
            keys.append(key.key)
        transaction.commit()
    return keys


def events(count, partners, size):
    """A purchase, its accrual, write-off and return, for 500 buyers of
    each Partner (batch n goes to Partner n % partners)"""
    made = []
    for n in range(count):
        buyer, partner = n % 500, (n // size) % partners
        client = {'name': f"Покупатель {buyer}",
            'mobile': f'+7701{partner:02d}{buyer:05d}'}
        at = (START + dt.timedelta(seconds=n)).isoformat()
        kind = n % 4
        purchase = f'P-{n - kind}'
        if kind == 0:
            made.append({'id': purchase, 'type': 'purchase',
                    'client': client, 'amount': '50000', 'occurred': at})
        elif kind == 1:
            made.append({'id': f'A-{n}', 'type': 'accrual',
                    'purchase': purchase, 'points': 500, 'occurred': at})
        elif kind == 2:
            made.append({'id': f'W-{n}', 'type': 'write_off',
                    'purchase': purchase, 'points': 100, 'occurred': at})
        else:
            made.append({'id': f'R-{n}', 'type': 'return',
                    'purchase': purchase, 'amount': '10000',
                    'occurred': at})
    return made


def post(url, key, batch):
    request = urllib.request.Request(url, data=json.dumps(
            {'events': batch}).encode(), headers={
            'Content-Type': 'application/json',
            'Authorization': f'Bearer {key}'})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=600) as answer:
            results = json.load(answer)['results']
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{error}: {error.read().decode()}") from None
    return time.perf_counter() - start, results


def feed(url, keys, all_events, size):
    """All events in batches, each Partner's 1C (a key) sending its share
    in order on its own connection, the Partners at once; (seconds,
    request times, statuses)"""
    batches = [all_events[i:i + size]
        for i in range(0, len(all_events), size)]
    lanes = [(key, []) for key in keys]
    for index, batch in enumerate(batches):
        lanes[index % len(keys)][1].append(batch)
    times, statuses = [], {}
    lock = threading.Lock()

    def lane(item):
        key, batches = item
        for batch in batches:
            took, results = post(url, key, batch)
            with lock:
                times.append(took)
                for result in results:
                    statuses[result['status']] = statuses.get(
                        result['status'], 0) + 1
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(len(keys)) as pool:
        list(pool.map(lane, lanes))
    return time.perf_counter() - start, sorted(times), statuses


def counts():
    "The entries, the events and the balances differing from their ledger"
    with Transaction().start(DB_NAME, 0, readonly=True):
        pool = Pool()
        return (pool.get('mycar.loyalty.entry').search_count([]),
            pool.get('mycar.loyalty.event').search_count([]),
            len(pool.get('mycar.loyalty.balance').drift()))


def report(name, seconds, times, statuses, count):
    logger.info(f"{name}: {count} events in {seconds:.1f} s, "
        f"{count / seconds:.0f} events/s; a request of "
        f"{count / len(times):.0f}: p50 "
        f"{statistics.median(times) * 1000:.0f} ms, p99 "
        f"{times[max(0, int(len(times) * .99) - 1)] * 1000:.0f} ms; "
        f"statuses {statuses}")


def serve(workers):
    """The API on a free port: trytond's WSGI application under gunicorn
    with workers processes (as bin/serve runs it), or served by werkzeug
    in this process with 0; the port and how to stop it"""
    port = free_port()
    if not workers:
        server = make_server('127.0.0.1', port, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return port, server.shutdown
    process = subprocess.Popen([sys.executable, '-m', 'gunicorn',
            '--workers', str(workers), '--bind', f'127.0.0.1:{port}',
            '--log-level', 'warning', 'trytond.application:app'],
        env={**os.environ, 'TRYTOND_DATABASE_NAMES': DB_NAME})
    for _ in range(600):
        try:
            urllib.request.urlopen(f'http://127.0.0.1:{port}/', timeout=1)
        except urllib.error.HTTPError:
            break  # answering
        except OSError:
            time.sleep(0.1)
    return port, process.terminate


def main(count=20000, clients=4, size=500, workers=2):
    activate_module(['mycar_loyalty'])
    keys = prepare(clients)
    port, stop = serve(workers)
    url = f'http://127.0.0.1:{port}/{DB_NAME}/mycar/api/v1/loyalty/events'
    try:
        made = events(count, clients, size)
        report("ingest", *feed(url, keys, made, size), count)
        before = counts()
        replay = made[:10000]
        report("replay", *feed(url, keys, replay, size), len(replay))
        after = counts()
        logger.info(f"replay: entries {before[0]} -> {after[0]}, events "
            f"{before[1]} -> {after[1]}: "
            f"{after[0] - before[0] + after[1] - before[1]} duplicates; "
            f"balances differing from their ledger: {after[2]}")
    finally:
        stop()


if __name__ == '__main__':
    logging.basicConfig(level=logging.INFO, format='%(message)s')
    logging.getLogger('trytond').setLevel(logging.WARNING)
    main(*map(int, sys.argv[1:]))
