#!/usr/bin/env python3
# This file is part of the MyCar partner platform.
"""Benchmark: a dealer's stock synced from the sandbox DMS over HTTP.

    PYTHONOPTIMIZE=1 .venv/bin/python bench/dms_sync.py [CARS] [CHANGES]

A full sync of CARS cars (20 000), then an incremental one of CHANGES
changes (1 000), through the DMS adapter and the real sandbox server,
then 200 searches of the listings with their facets (p50, p95), on
the database the environment names (SQLite in memory by default; set
TRYTOND_DATABASE__URI and DB_NAME for PostgreSQL). Prints seconds and SQL
statements per step."""
import json
import logging
import os
import pathlib
import sys
import tempfile
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault('DB_NAME', ':memory:')

from trytond import backend  # noqa: E402
from trytond.pool import Pool  # noqa: E402
from trytond.tests.test_tryton import activate_module, with_transaction  # noqa: E402
from trytond.transaction import Transaction  # noqa: E402

from bench.tools import step  # noqa: E402
from sandbox.dms import DealerDMS  # noqa: E402
from sandbox.server import free_port  # noqa: E402


def dms_call(url, body=None):
    request = urllib.request.Request(url,
        data=json.dumps(body).encode() if body is not None else None,
        headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.load(answer)


@with_transaction()
def main(dms, cars, changes):
    from trytond.modules.company.tests import create_company
    from trytond.modules.mycar_marketplace.tests.tools import sell_online
    Sync = Pool().get('mycar.marketplace.sync')
    company = create_company("Dealer")
    company.dms_url = f'{dms.url}/bench'
    company.save()
    dms_call(f'{company.dms_url}/stock?cars={cars}&size=1')
    full = step(f"full sync of {cars} cars",
        lambda: Sync.run_one(company, 'full'))
    dms_call(f'{company.dms_url}/advance', {'changes': changes})
    incremental = step(f"incremental sync of {changes} changes",
        lambda: Sync.run_one(company, 'incremental'))
    for sync in [full, incremental]:
        logging.getLogger('bench').info(
            f"  {sync.kind}: received {sync.received}, listed "
            f"{sync.listed}, updated {sync.updated}, withdrawn "
            f"{sync.withdrawn}, quarantined {sync.quarantined}")
    sell_online(Pool(), company.id, template=False)
    if backend.name == 'postgresql':
        # the statistics autovacuum keeps in production, of the rows this
        # uncommitted transaction made
        Transaction().connection.cursor().execute(
            'ANALYZE mycar_marketplace_car')
    search(Pool().get('mycar.marketplace.car'), 200)


def search(Car, count):
    "count searches like buyers' (a make, a model, a price range, a city)"
    import random
    import statistics
    import time
    chooser = random.Random(15)
    makes = [m for m, _ in Car.listings({})['facets']['make']]
    times = []
    for _ in range(count):
        filters = {'make': chooser.choice(makes)}
        if chooser.random() < .5:
            models = Car.listings(filters)['facets']['model']
            filters['model'] = chooser.choice(models)[0]
        if chooser.random() < .5:
            filters['price_min'] = chooser.choice([9, 12, 15, 20]) * 10 ** 6
        if chooser.random() < .3:
            filters['page'] = 2
        start = time.perf_counter()
        found = Car.listings(filters, filters.pop('page', 1))
        [c.rec_name for c in found['cars']]
        times.append(time.perf_counter() - start)
    times.sort()
    logging.getLogger('bench').info(
        f"search with facets, {count} queries: p50 "
        f"{statistics.median(times) * 1000:.1f} ms, p95 "
        f"{times[int(count * .95) - 1] * 1000:.1f} ms")


if __name__ == '__main__':
    logging.basicConfig(level=logging.INFO, format='%(message)s')
    activate_module(['mycar_marketplace'])
    server = DealerDMS(tempfile.mkdtemp(), port=free_port()).start()
    try:
        main(server, *(list(map(int, sys.argv[1:])) or [20000, 1000]))
    finally:
        server.stop()
