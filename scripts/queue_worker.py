# This file is part of the MyCar partner platform.
"""Run the queued tasks of a database (ir.queue: the outbox, document
deliveries) on SQLite, where trytond-worker cannot wait for the
database's notifications: it asks for the next task every half second.
On PostgreSQL run trytond-worker.

    python scripts/queue_worker.py -c trytond.conf -d DATABASE"""
import argparse
import datetime as dt
import logging
import time

from trytond import config

logger = logging.getLogger('mycar.queue_worker')


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('-c', '--config', dest='configfile')
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--interval', type=float, default=0.5)
    options = parser.parse_args()
    config.update_etc(options.configfile)
    logging.basicConfig(level=logging.INFO,
        format='%(asctime)s %(levelname)s %(name)s %(message)s')
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    from trytond.worker import run_task
    pool = Pool(options.database)
    with Transaction().start(options.database, 0, readonly=True):
        pool.init()
    logger.info("running the tasks of %s", options.database)
    while True:
        task_id = next_task(pool, options.database)
        if task_id:
            run_task(pool, task_id)
        else:
            time.sleep(options.interval)


def next_task(pool, database):
    "The id of the next task due, taken (this is the only worker)"
    from trytond.transaction import Transaction
    Queue = pool.get('ir.queue')
    with Transaction().start(database, 0) as transaction:
        now = dt.datetime.now()
        tasks = Queue.search([
                ('dequeued_at', '=', None),
                ['OR', ('scheduled_at', '=', None),
                    ('scheduled_at', '<=', now)],
                ], order=[('scheduled_at', 'ASC NULLS FIRST'),
                ('id', 'ASC')], limit=1)
        if tasks:
            Queue.write(tasks, {'dequeued_at': now})
        transaction.commit()
    return tasks[0].id if tasks else None

if __name__ == '__main__':
    main()
