# This file is part of the MyCar partner platform.
"""Start every sandbox server and keep them running until stopped.

    python -m sandbox [--data var/sandbox] [--host 127.0.0.1]

Ports come from the environment (MYCAR_SANDBOX_SMTP_PORT, ..._SMS_PORT,
..._WEB_PORT);
the addresses are written to <data>/servers.json."""
import argparse
import json
import logging
import os
import pathlib
import signal
import threading

from .ca import CertificationCentre
from .crm import PartnerCRM
from .dms import DealerDMS
from .esf import ESFSystem
from .ofd import OFD
from .onec import OneC
from .payment import PaymentOrganisation
from .sms import MessengerGateway, PushGateway, SMSGateway
from .smtp import SMTPSink
from .web import SandboxWeb

logger = logging.getLogger('sandbox')


def port(name, default):
    return int(os.environ.get(f'MYCAR_SANDBOX_{name}_PORT', default))


def servers(directory, host):
    "Every sandbox server; later stand-ins are added here"
    return {
        'smtp': SMTPSink(directory, host, port('SMTP', 2525)),
        'sms': SMSGateway(directory, host, port('SMS', 8026)),
        'push': PushGateway(directory, host, port('PUSH', 8027)),
        'messenger': MessengerGateway(
            directory, host, port('MESSENGER', 8028)),
        'certification': CertificationCentre(
            directory, host, port('CERTIFICATION', 8029)),
        'payment': PaymentOrganisation(
            directory, host, port('PAYMENT', 8030)),
        'esf': ESFSystem(directory, host, port('ESF', 8032)),
        'crm': PartnerCRM(directory, host, port('CRM', 8033)),
        'onec': OneC(directory, host, port('ONEC', 8034)),
        'ofd': OFD(directory, host, port('OFD', 8035)),
        'dms': DealerDMS(directory, host, port('DMS', 8036)),
        'web': SandboxWeb(directory, host, port('WEB', 8025)),
        }


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m sandbox')
    parser.add_argument('--data', default='var/sandbox')
    parser.add_argument('--host', default='127.0.0.1')
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format='[sandbox] %(message)s')
    logging.getLogger('mail.log').setLevel(logging.WARNING)
    directory = pathlib.Path(args.data)
    directory.mkdir(parents=True, exist_ok=True)

    running = {name: s.start() for name, s in servers(
            directory, args.host).items()}
    addresses = {name: s.url for name, s in running.items()}
    (directory / 'servers.json').write_text(json.dumps(addresses, indent=1))
    for name, url in addresses.items():
        logger.info("%s listening on %s", name, url)

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *a: stop.set())
    stop.wait()
    for server in running.values():
        server.stop()
    logger.info("stopped")


if __name__ == '__main__':
    main()
