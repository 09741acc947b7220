#!/usr/bin/env python3
# This file is part of the MyCar partner platform.
"""Benchmark: a dealer's stock synced from the sandbox DMS over HTTP.

    PYTHONOPTIMIZE=1 .venv/bin/python bench/dms_sync.py [CARS] [CHANGES]

A full sync of CARS cars (20 000), then an incremental one of CHANGES
changes (1 000), through the DMS adapter and the real sandbox server, on
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

from trytond.pool import Pool  # noqa: E402
from trytond.tests.test_tryton import activate_module, with_transaction  # noqa: E402

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


if __name__ == '__main__':
    logging.basicConfig(level=logging.INFO, format='%(message)s')
    activate_module(['mycar_marketplace'])
    server = DealerDMS(tempfile.mkdtemp(), port=free_port()).start()
    try:
        main(server, *(list(map(int, sys.argv[1:])) or [20000, 1000]))
    finally:
        server.stop()
