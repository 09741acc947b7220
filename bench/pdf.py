#!/usr/bin/env python3
# This file is part of the MyCar partner platform.
"""Benchmark: the month's acts delivered by trytond-worker processes, as
production runs them (issue 18): each act's PDF rendered in Russian for
the document flow and the e-mail, and in Kazakh for the e-mail; the
document issued for signing, its registration and the e-mail sent
through the outbox (to the sandbox's certification centre and SMTP
sink).

    TRYTOND_DATABASE__URI=postgresql://postgres@127.0.0.1:55432/ \\
    DB_NAME=bench_pdf PYTHONOPTIMIZE=1 \\
      .venv/bin/python bench/pdf.py [PARTNERS] [WORKERS]

Bills PARTNERS (200) Partners' month, which queues the acts' delivery
(20 acts a task), then starts `trytond-worker -n WORKERS` (1) and
waits for the queue to empty. Prints the acts, the PDFs rendered, the
seconds and PDFs per second, from the workers' start and from their
first task (running workers, as in production, have loaded their
modules already); checks every act was delivered."""
import logging
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault('DB_NAME', 'bench_pdf')

from trytond import config  # noqa: E402
from trytond.pool import Pool  # noqa: E402
from trytond.tests.test_tryton import (  # noqa: E402
    DB_NAME,
    activate_module,
    with_transaction,
)
from trytond.transaction import Transaction  # noqa: E402

from bench import billing  # noqa: E402
from bench.tools import logger  # noqa: E402
from sandbox.ca import CertificationCentre  # noqa: E402
from sandbox.server import free_port  # noqa: E402
from sandbox.smtp import SMTPSink  # noqa: E402

PDFS_PER_ACT = 2  # Russian (the flow and the e-mail), Kazakh (the e-mail)


@with_transaction()
def month(count):
    """count Partners billed for March, their accountants to e-mail; the
    delivery queued for the workers; the acts' ids"""
    pool = Pool()
    Act = pool.get('mycar.billing.act')
    Consumption = pool.get('sale.subscription.line.consumption')
    User = pool.get('res.user')
    role = pool.get('ir.model.data').get_id(
        'mycar_partner', 'role_partner_accountant')
    billing.mycar()
    companies = billing.partners(count)
    User.create([{'name': f"Бухгалтер {c.id}", 'login': f'buh{c.id}',
                'email': f'buh{c.id}@example.kz', 'company': c,
                'companies': [('add', [c.id])],
                'roles': [('create', [{'role': role}])]} for c in companies])
    billing.documents(companies, 5 * count)
    Consumption.record(period=billing.MARCH)
    config.set('queue', 'worker', 'True')  # queued, not run at commit
    with Transaction().set_user(0):  # as the month's cron bills
        acts = Act.bill(*billing.MARCH)
    Transaction().commit()
    return [a.id for a in acts]


def waiting():
    "The queued tasks not finished"
    with Transaction().start(DB_NAME, 0, readonly=True):
        return Pool().get('ir.queue').search_count(
            [('finished_at', '=', None)])


def busy():
    """Seconds from the first task taken to the last finished: the
    workers' work, without their start-up (loading the modules)"""
    with Transaction().start(DB_NAME, 0, readonly=True):
        tasks = Pool().get('ir.queue').search([])
        return (max(t.finished_at for t in tasks)
            - min(t.dequeued_at for t in tasks)).total_seconds()


def delivered(ids):
    "How many of the acts have their signed-document flow and PDF"
    with Transaction().start(DB_NAME, 0, readonly=True):
        return Pool().get('mycar.billing.act').search_count([
                ('id', 'in', ids), ('document', '!=', None)])


def main(count=200, workers=1):
    activate_module(['mycar_billing'])
    ids = month(count)
    directory = tempfile.mkdtemp()
    centre = CertificationCentre(directory, port=free_port()).start()
    sink = SMTPSink(directory, port=free_port()).start()
    conf = pathlib.Path(directory, 'trytond.conf')
    conf.write_text(f"""[queue]
worker = True
[email]
uri = {sink.url}
from = MyCar Group <noreply@mycar.kz>
[mycar_certification]
url = {centre.url}
ca_file = {centre.authority.cert_path}
""")
    tasks = waiting()
    start = time.perf_counter()
    worker = subprocess.Popen([str(pathlib.Path(sys.executable).parent
                / 'trytond-worker'), '-c', str(conf), '-d', DB_NAME,
            '-n', str(workers)], env=os.environ, start_new_session=True)
    try:
        while waiting():
            time.sleep(0.2)
        seconds = time.perf_counter() - start
    finally:
        # its processes too: they outlive their parent
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
        centre.stop()
        sink.stop()
    done = delivered(ids)
    pdfs = PDFS_PER_ACT * done
    working = busy()
    logger.info(f"{len(ids)} acts in {tasks} tasks, {done} delivered: "
        f"{pdfs} PDFs in {seconds:.1f} s with {workers} worker(s), "
        f"{pdfs / seconds:.1f} PDFs/s; {working:.1f} s from the first "
        f"task taken to the last done, {pdfs / working:.1f} PDFs/s")
    assert done == len(ids), "some acts were not delivered"


if __name__ == '__main__':
    logging.basicConfig(level=logging.WARNING, format='%(message)s')
    logger.setLevel(logging.INFO)
    main(*map(int, sys.argv[1:]))
