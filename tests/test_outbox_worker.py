# This file is part of the MyCar partner platform.
"""The outbox survives its worker's death: a worker killed with SIGKILL in
the middle of a batch, then restarted, gets every message to the gateway
exactly once, as the gateway counts them by idempotency key."""
import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
from trytond import backend
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction

from sandbox.server import free_port
from sandbox.sms import SMSGateway, SMSOutbox
from trytond.modules.mycar_partner.tests.activation import activate

from .conftest import BIN, ROOT

pytestmark = pytest.mark.skipif(DB_NAME == ':memory:',
    reason="needs a database another process can open")
MESSAGES = 40


@pytest.fixture
def database():
    """Tryton's test database with the cabinet, where the worker processes
    find it too"""
    activate(['mycar_cabinet'])
    yield DB_NAME
    drop_db()


def start_worker(database, gateway, log):
    "trytond-worker on PostgreSQL; on SQLite, the demo's polling worker"
    if backend.name == 'postgresql':
        command = [BIN / 'trytond-worker', '-d', database, '-n', '1']
    else:
        command = [sys.executable, ROOT / 'scripts' / 'queue_worker.py',
            '-d', database, '--interval', '0.1']
    return subprocess.Popen(command, cwd=ROOT, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=log, env={
            **os.environ, 'TRYTOND_QUEUE__WORKER': 'True',
            'TRYTOND_MYCAR_SMS__URL': gateway.url})


def in_transaction(database, function):
    with Transaction().start(database, 0) as transaction:
        result = function(Pool(database))
        transaction.commit()
    transaction.tasks.clear()  # the worker runs them, not this process
    return result


def queue_messages(pool):
    Message = pool.get('mycar.outbox.message')
    return [m.key for m in Message.queue([
                Message(channel='sms', recipient=f'+7701000{i:04d}',
                    payload={'text': f"Сообщение {i}"})
                for i in range(MESSAGES)])]


def states(pool):
    Message, Queue = pool.get('mycar.outbox.message'), pool.get('ir.queue')
    return ({m.state for m in Message.search([])},
        Queue.search([('dequeued_at', '=', None)], count=True))


def sweep(pool):
    "The cron's sweep, as if its lease had passed"
    pool.get('mycar.outbox.message').send_due(
        dt.datetime.now() + dt.timedelta(days=1))


def test_a_killed_worker_loses_and_repeats_nothing(database, tmp_path):
    gateway = SMSGateway(tmp_path, port=free_port(), delay=0.05).start()
    outbox = SMSOutbox(tmp_path)
    worker = None
    log = (tmp_path / 'worker.log').open('w')  # read it when this fails
    try:
        keys = in_transaction(database, queue_messages)
        worker = start_worker(database, gateway, log)
        deadline = time.monotonic() + 60
        while len(outbox.messages()) < MESSAGES // 4:
            assert time.monotonic() < deadline, "the worker sent nothing"
            time.sleep(0.02)
        os.killpg(worker.pid, signal.SIGKILL)  # in the middle of a batch
        worker.wait()
        assert len(outbox.messages()) < MESSAGES

        worker = start_worker(database, gateway, log)
        while True:
            sent, waiting = in_transaction(database, states)
            if sent == {'sent'}:
                break
            assert time.monotonic() < deadline, (sent, waiting)
            if not waiting:  # what the killed worker held: the sweep's
                in_transaction(database, sweep)
            time.sleep(0.2)
    finally:
        if worker:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        gateway.stop()
        log.close()
    assert sorted(m['key'] for m in outbox.messages()) == sorted(keys)
    # each came with its key: a delivery retried is known as the same
    assert all(m['key'] for m in outbox.messages())
