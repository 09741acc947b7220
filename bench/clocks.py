#!/usr/bin/env python3
# This file is part of the MyCar partner platform.
"""Benchmark: start, mark late and summarise deadline clocks in batches.

    PYTHONOPTIMIZE=1 .venv/bin/python bench/clocks.py [N]

Runs on the database the environment names (SQLite in memory by default;
set TRYTOND_DATABASE__URI and DB_NAME for PostgreSQL). Prints seconds and
SQL statements for each step."""
import datetime as dt
import logging
import os
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault('DB_NAME', ':memory:')

from trytond.pool import Pool  # noqa: E402
from trytond.tests.test_tryton import activate_module, with_transaction  # noqa: E402

from bench.tools import step  # noqa: E402


@with_transaction()
def main(count):
    from trytond.modules.company.tests import create_company
    pool = Pool()
    Deadline = pool.get('mycar.deadline')
    Late = pool.get('mycar.deadline.late')
    CalendarDay = pool.get('mycar.calendar.day')
    companies = [create_company(f"Partner {i}") for i in range(20)]
    CalendarDay.create([{'date': dt.date(2026, 6, 1), 'kind': 'day_off'}])
    units = ['minutes', 'calendar', 'working', 'banking']
    specs = [{
            'company': companies[i % len(companies)],
            'reference': companies[i % len(companies)],
            'clause': f'§{i % 7}', 'duration': 1 + i % 10,
            'unit': units[i % 4]} for i in range(count)]
    started = dt.datetime(2026, 5, 25, 6, 0)
    step(f"start {count} clocks", lambda: Deadline.start(specs, started))
    step("mark late (one month later)",
        lambda: Deadline.mark_late(now=dt.datetime(2026, 6, 25)))
    step("late summary by partner and clause", lambda: Late.search([]))


if __name__ == '__main__':
    logging.basicConfig(level=logging.INFO, format='%(message)s')
    activate_module(['mycar_partner'])
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
