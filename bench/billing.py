#!/usr/bin/env python3
# This file is part of the MyCar partner platform.
"""Benchmark: bill a month (B1-B3) for N Partners with four services
each and D signed Garage documents.

    PYTHONOPTIMIZE=1 .venv/bin/python bench/billing.py [N] [D]

Runs on the database the environment names (SQLite in memory by default;
set TRYTOND_DATABASE__URI and DB_NAME for PostgreSQL). The Partners'
licences (mirrored as subscription lines) and the documents are loaded
first (not the subject); the documents are consumed on the subscriptions,
as signing does through the month; then one step issues the month's acts,
as the cron does. Their PDFs and e-mails
are queued (ir.queue) for the workers, as in production."""
import datetime as dt
import logging
import os
import pathlib
import sys
from decimal import Decimal

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault('DB_NAME', ':memory:')

from sql import Literal  # noqa: E402
from trytond.pool import Pool  # noqa: E402
from trytond.tests.test_tryton import activate_module, with_transaction  # noqa: E402
from trytond.transaction import Transaction  # noqa: E402

from bench.tools import logger, step  # noqa: E402

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
SIGNED = dt.datetime(2026, 3, 10, 6, 0)


def mycar():
    "MyCar with the Kazakh chart: its VAT taxes price the acts"
    from trytond.modules.company.tests import create_company
    pool = Pool()
    Configuration = pool.get('mycar.partner.configuration')
    CreateChart = pool.get('account.create_chart', type='wizard')
    Template = pool.get('account.account.template')
    ModelData = pool.get('ir.model.data')
    company = create_company("ТОО «MyCar Group»")
    session_id, _, _ = CreateChart.create()
    wizard = CreateChart(session_id)
    wizard.account.account_template = Template(ModelData.get_id(
            'mycar_billing', 'account_template_kz_root'))
    wizard.account.company = company
    wizard.transition_create_account()
    configuration = Configuration(1)
    configuration.billing_company = company
    configuration.save()


def bins():
    "Valid BINs, one after another (the signatures are checked on them)"
    from trytond.modules.mycar_partner import kz
    number = 19114000000
    while True:
        number += 1
        digit = kz.check_digit(str(number))
        if digit is not None and digit < 10:
            yield f'{number}{digit}'


def partners(count):
    "count Partners, each with an agreement and licences of four services"
    pool = Pool()
    Party = pool.get('party.party')
    Company = pool.get('company.company')
    Currency = pool.get('currency.currency')
    Agreement = pool.get('mycar.partner.agreement')
    Licence = pool.get('mycar.partner.licence')
    Service = pool.get('mycar.service')
    currency, = Currency.search([], limit=1)
    parties = Party.create([{'name': f"ТОО «Partner {i}»",
                'identifiers': [('create', [{'type': 'kz_bin',
                                'code': number}])]}
            for i, number in zip(range(count), bins())])
    companies = Company.create([{'party': p, 'currency': currency}
            for p in parties])
    agreements = Agreement.create([{'company': c,
                'effective_date': dt.date(2026, 1, 1)} for c in companies])
    services = Service.search([])
    Licence.create([{'agreement': a, 'company': a.company, 'service': s,
                'quantity': 1 + i % 3,
                'start_date': dt.date(2026, 3, 16) if i % 5 == 0
                else dt.date(2026, 1, 1)}
            for i, a in enumerate(agreements) for s in services])
    return companies


def documents(companies, count):
    "count Garage documents, signed by the Partner and the client in March"
    pool = Pool()
    Party = pool.get('party.party')
    Document = pool.get('mycar.cabinet.document')
    Signature = pool.get('mycar.signature.request')
    Service = pool.get('mycar.service')
    garage, = Service.search([('code', '=', 'garage')])
    client, = Party.create([{'name': "Клиент", 'client_code': 'C-1',
                'client_mobile': '+77011234567'}])
    cursor = Transaction().connection.cursor()
    document, signature = Document.__table__(), Signature.__table__()
    now = dt.datetime.now()
    for start in range(0, count, 5000):
        cursor.execute(*document.insert(
                [document.company, document.party, document.kind,
                    document.name, document.service, document.state,
                    document.create_uid, document.create_date],
                [[companies[i % len(companies)].id, client.id, 'act',
                        f'Акт {i}', garage.id, 'signed', 0, now]
                    for i in range(start, min(start + 5000, count))]))
    for sequence, signer in [(1, 'partner'), (2, 'client')]:
        cursor.execute(*signature.insert(
                [signature.document, signature.sequence, signature.signer,
                    signature.state, signature.signed_date,
                    signature.create_uid, signature.create_date],
                document.select(document.id, Literal(sequence),
                    Literal(signer), Literal('signed'), Literal(SIGNED),
                    Literal(0), Literal(now))))


def deliver(acts):
    """The queued work of some acts, as a worker does it: two PDFs and the
    registration at the (sandbox) certification centre; the e-mail leaves
    at commit, which the benchmark does not do"""
    import tempfile

    import trytond.config as config

    from sandbox.ca import CertificationCentre
    from sandbox.server import free_port
    from sandbox.smtp import SMTPSink
    from trytond.modules.mycar_cabinet.tests.tools import configure
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    role = ModelData.get_id('mycar_partner', 'role_partner_accountant')
    User.create([{'name': f"Бухгалтер {a.company.id}",
                'login': f'buh{a.company.id}',
                'email': f'buh{a.company.id}@example.kz',
                'company': a.company, 'companies': [('add', [a.company.id])],
                'roles': [('create', [{'role': role}])]} for a in acts])
    directory = tempfile.mkdtemp()
    centre = CertificationCentre(directory, port=free_port()).start()
    sink = SMTPSink(directory, port=free_port()).start()  # until the end
    configure('mycar_certification', url=centre.url)
    config.set('email', 'uri', sink.url)
    try:
        with Transaction().set_user(0):  # as the cron's queued task
            Pool().get('mycar.billing.act').deliver(acts)
    finally:
        centre.stop()


@with_transaction()
def main(count, signed):
    pool = Pool()
    Act = pool.get('mycar.billing.act')
    Consumption = pool.get('sale.subscription.line.consumption')
    step("MyCar and its chart", mycar)
    companies = step(f"{count} Partners, {4 * count} licences "
        "(subscription lines)", lambda: partners(count))
    step(f"{signed} signed documents", lambda: documents(companies, signed))
    consumed = step("consume the signed documents",
        lambda: Consumption.record(period=MARCH))
    assert len(consumed) == signed
    acts = step("issue the month's acts", lambda: Act.bill(*MARCH))
    total = sum(a.total_amount for a in acts)
    logger.info(f"{len(acts)} acts, {sum(len(a.lines) for a in acts)} lines,"
        f" {total:,} KZT in all")
    assert all(a.total_amount == sum(line.amount for line in a.lines)
        for a in acts)
    assert sum(line.quantity for a in acts for line in a.lines
        if line.kind == 'document') == Decimal(signed)
    sample = acts[:20]
    step(f"queued work of {len(sample)} acts (one worker)",
        lambda: deliver(sample))


if __name__ == '__main__':
    logging.basicConfig(level=logging.WARNING, format='%(message)s')
    logger.setLevel(logging.INFO)
    activate_module(['mycar_billing'])
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 50000)
