# This file is part of the MyCar partner platform.
"""Run MyCar as in production, on PostgreSQL: trytond (the back office,
sao, the JSON-RPC and the Partner API) and the clients' cabinet, each
under gunicorn with its worker processes; trytond-worker processes for
the queue and the outbox; trytond-cron. Every process reads one
configuration file (conf/production.conf), its secrets from the
environment. It refuses to start with an empty or demo secret, a
database other than PostgreSQL, caches that another process would not
clear at once, or a user whose password is a demo one.

    python scripts/serve.py [-c conf/production.conf] [-d mycar]
        [--workers 2] [--portal-workers 2] [--queue-workers 1]
        [--only trytond,portal,worker,cron] [--listen HOST:PORT]
        [--portal-listen HOST:PORT] [--check] [--init]

--check runs the checks and stops; --init first creates the database's
tables or brings them to this code (trytond-admin), with the admin's
password from TRYTONPASSFILE. Stops everything on SIGTERM or Ctrl-C, or
when one process ends (a supervisor such as systemd then restarts it)."""
import argparse
import logging
import os
import pathlib
import re
import signal
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = pathlib.Path(sys.executable).parent
MODULES = ['mycar_partner', 'mycar_cabinet', 'mycar_billing',
    'mycar_garage', 'mycar_sales', 'mycar_marketplace', 'mycar_loyalty']
PARTS = ['trytond', 'portal', 'worker', 'cron']
# values of the demo, the sandbox and the tests: never a production secret
DEMO_SECRETS = {'sandbox-secret', 'browser-tests', 'changeme', 'secret'}
DEMO_PASSWORDS = ['admin', 'mycar-demo-2026']
MIN_SECRET = 32
logger = logging.getLogger('mycar.serve')


class Refused(Exception):
    "The configuration or the database is not fit to serve"


def resolved(source, target):
    """A copy of the configuration file source at target, its relative
    paths made the repository's (trytond wants absolute ones)"""
    text = re.sub(r'^(\w+\s*=\s*)(?:\./)?((?:var|node_modules|conf)/\S*)\s*$',
        lambda m: m.group(1) + str(ROOT / m.group(2)),
        pathlib.Path(source).read_text(), flags=re.M)
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
        0o600)  # its reader only: a URI in it may carry a password
    with os.fdopen(descriptor, 'w') as file:
        file.write(text)
    return target


def problems(config, environ):
    "What keeps the configuration from serving production, one a line"
    found = []
    uri = config.get('database', 'uri', default='')
    if not uri.startswith('postgresql://'):
        found.append("[database] uri (TRYTOND_DATABASE__URI) must be a "
            f"postgresql:// URI, not {uri.split(':', 1)[0] or 'empty'}")
    if config.getint('cache', 'clean_timeout', default=300) != 0:
        found.append("[cache] clean_timeout must be 0: the processes then "
            "clear each other's caches at once through PostgreSQL")
    if not config.getboolean('queue', 'worker', default=False):
        found.append("[queue] worker must be True: the outbox's tasks go "
            "to trytond-worker")
    secrets = [
        ('[mycar_otp] secret (TRYTOND_MYCAR_OTP__SECRET)',
            config.get('mycar_otp', 'secret', default='')),
        ('[mycar_payment] secret (TRYTOND_MYCAR_PAYMENT__SECRET)',
            config.get('mycar_payment', 'secret', default='')),
        ('MYCAR_PORTAL_SECRET_KEY',
            environ.get('MYCAR_PORTAL_SECRET_KEY', '')),
        ]
    for name, value in secrets:
        if not value:
            found.append(f"{name} is empty")
        elif value in DEMO_SECRETS:
            found.append(f"{name} is the demo's value")
        elif len(value) < MIN_SECRET:
            found.append(f"{name} is shorter than {MIN_SECRET} characters")
    return found


def demo_logins(database):
    "The logins of database whose password is a demo one"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    try:
        with Transaction().start(database, 0, readonly=True):
            pass
    except Exception as error:
        raise Refused(f"bin/serve will not start: the database {database} "
            f"cannot be opened ({error}); bin/serve --init creates its "
            "tables") from None
    with Transaction().start(database, 0, readonly=True):
        pool = Pool(database)
        pool.init()
        User = pool.get('res.user')
        # read, the hash is never given: the table's own
        table = User.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(table.login, table.password_hash,
                where=(table.password_hash != None)  # noqa: E711
                & (table.active == True)))  # noqa: E712
        return sorted(login for login, hash_ in cursor
            if any(User.check_password(p, hash_)[0]
                for p in DEMO_PASSWORDS))


def check(configfile, environ):
    "Refused naming every problem of the configuration, else nothing"
    from trytond import config
    config.update_etc(str(configfile))
    refuse(problems(config, environ))


def check_database(database):
    "Refused naming the users with a demo password, else nothing"
    logins = demo_logins(database)
    refuse(["these users still have a demo password: " + ', '.join(logins)]
        if logins else [])


def refuse(found):
    if found:
        raise Refused("bin/serve will not start:\n  - "
            + "\n  - ".join(found))


def commands(configfile, database, options):
    "{part: command} of the parts to run"
    from trytond import config
    listen = options.listen or config.get('web', 'listen',
        default='127.0.0.1:8000')
    portal = options.portal_listen or config.get('mycar_portal', 'listen',
        default='127.0.0.1:8031')
    gunicorn = [str(BIN / 'gunicorn'), '--timeout', '120',
        '--graceful-timeout', '30', '--max-requests', '5000',
        '--max-requests-jitter', '500', '--log-level', 'warning']
    return {
        'trytond': gunicorn + ['--workers', str(options.workers),
            '--bind', listen, '--name', 'mycar-trytond',
            'trytond.application:app'],
        'portal': gunicorn + ['--workers', str(options.portal_workers),
            '--bind', portal, '--name', 'mycar-portal',
            'portal:create_app()'],
        'worker': [str(BIN / 'trytond-worker'), '-c', str(configfile),
            '-d', database, '-n', str(options.queue_workers)],
        'cron': [str(BIN / 'trytond-cron'), '-c', str(configfile),
            '-d', database, '-n', '1'],
        }


def initialise(configfile, database, environ):
    "The database's tables made or brought to this code"
    done = subprocess.run([str(BIN / 'trytond-admin'), '-c',
            str(configfile), '-d', database, '-u', *MODULES,
            '--activate-dependencies'], env=environ)
    if done.returncode:
        raise Refused(f"bin/serve will not start: trytond-admin could not "
            f"bring {database} to this code (exit {done.returncode})")


def supervise(processes, stopping):
    """Wait until a process ends or a signal comes (in stopping), then
    stop them all within 60 s; the exit status"""
    status = 0
    while not stopping:
        ended = [(n, p) for n, p in processes.items()
            if p.poll() is not None]
        if ended:
            name, process = ended[0]
            logger.error("%s ended (%s): stopping", name,
                process.returncode)
            status = 1
            break
        time.sleep(0.5)
    for process in processes.values():
        try:  # the group: trytond-worker's processes outlive their parent
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 60
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    return status


def main(argv=None):
    parser = argparse.ArgumentParser(prog='bin/serve',
        description=__doc__.split('\n\n')[0])
    parser.add_argument('-c', '--config',
        default=str(ROOT / 'conf' / 'production.conf'))
    parser.add_argument('-d', '--database',
        default=os.environ.get('MYCAR_DATABASE', 'mycar'))
    parser.add_argument('--workers', type=int, default=2,
        help="trytond's gunicorn processes (one a core)")
    parser.add_argument('--portal-workers', type=int, default=2)
    parser.add_argument('--queue-workers', type=int, default=1)
    parser.add_argument('--only', default=','.join(PARTS),
        help="the parts to run, of " + ', '.join(PARTS))
    parser.add_argument('--listen',
        help="trytond's address, over [web] listen")
    parser.add_argument('--portal-listen',
        help="the cabinet's address, over [mycar_portal] listen")
    parser.add_argument('--check', action='store_true')
    parser.add_argument('--init', action='store_true')
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format='[serve] %(message)s')
    for name in ['trytond', 'weasyprint', 'fontTools']:  # their loading
        logging.getLogger(name).setLevel(logging.WARNING)
    parts = [p for p in options.only.split(',') if p]
    if set(parts) - set(PARTS):
        parser.error(f"--only takes {', '.join(PARTS)}")
    stopping = []
    signal.signal(signal.SIGTERM, lambda *a: stopping.append(a[0]))
    signal.signal(signal.SIGINT, lambda *a: stopping.append(a[0]))
    configfile = resolved(pathlib.Path(options.config).resolve(),
        ROOT / 'var' / 'serve' / f'{os.getpid()}.conf')
    environ = dict(os.environ, TRYTOND_CONFIG=str(configfile),
        TRYTOND_DATABASE_NAMES=options.database,
        MYCAR_PORTAL_DATABASE=options.database)
    processes = {}
    try:
        check(configfile, environ)
        if options.init:
            initialise(configfile, options.database, environ)
        check_database(options.database)
        if options.check:
            logger.info("ready to serve production")
            return 0
        chosen = commands(configfile, options.database, options)
        for part in parts:
            if not stopping:
                processes[part] = subprocess.Popen(chosen[part],
                    env=environ, cwd=ROOT, start_new_session=True)
        logger.info("running %s of %s", ', '.join(parts), options.database)
        return supervise(processes, stopping)
    except Refused as refusal:
        logger.error("%s", refusal)
        return 2
    finally:
        configfile.unlink(missing_ok=True)


if __name__ == '__main__':
    # the check reads conf/production.conf as the processes will, never a
    # TRYTOND_CONFIG of the caller's (trytond reads it when imported)
    os.environ.pop('TRYTOND_CONFIG', None)
    sys.exit(main())
