# This file is part of the MyCar partner platform.
"""What a month bills, read set-based: licences held and documents signed
per Partner, priced by the tariffs of the month (Annex 2)."""
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sql import Null
from sql.aggregate import Count, Max, Min
from trytond.pool import Pool
from trytond.transaction import Transaction

from trytond.modules.mycar_partner.calendar import ALMATY, to_utc

CENT = Decimal('0.01')


def held(period_start, period_end, agreements=None):
    """{agreement id: [(service id, licences, days held)]} of the licences
    held in the period, days counted inclusively"""
    Licence = Pool().get('mycar.partner.licence')
    licence = Licence.__table__()
    where = ((licence.start_date <= period_end)
        & ((licence.end_date == Null) | (licence.end_date >= period_start)))
    if agreements is not None:
        where &= licence.agreement.in_([a.id for a in agreements] or [-1])
    cursor = Transaction().connection.cursor()
    cursor.execute(*licence.select(licence.agreement, licence.service,
            licence.quantity, licence.start_date, licence.end_date,
            where=where))
    result = defaultdict(list)
    for agreement, service, quantity, start, end in cursor:
        start, end = to_date(start), to_date(end)
        first = max(start, period_start)
        last = min(end or period_end, period_end)
        result[agreement].append((service, quantity, (last - first).days + 1))
    return result


def signed(period_start, period_end, services, companies=None):
    """{(company id, service id): documents} of the cabinet documents of the
    services whose last signature was made in the period (Almaty days)"""
    pool = Pool()
    Document = pool.get('mycar.cabinet.document')
    Signature = pool.get('mycar.signature.request')
    document, signature = Document.__table__(), Signature.__table__()
    since = to_utc(dt.datetime.combine(
            period_start, dt.time(), tzinfo=ALMATY))
    until = to_utc(dt.datetime.combine(
            period_end + dt.timedelta(days=1), dt.time(), tzinfo=ALMATY))
    where = (document.service.in_(list(services) or [-1])
        & document.state.in_(['signed', 'paid']))
    if companies is not None:
        where &= document.company.in_([c.id for c in companies] or [-1])
    complete = document.join(signature,
        condition=signature.document == document.id).select(
        document.company, document.service, document.id,
        where=where,
        group_by=[document.company, document.service, document.id],
        having=((Max(signature.signed_date) >= since)
            & (Max(signature.signed_date) < until)
            & (Min(signature.state) == 'signed')))
    counted = complete.select(complete.company, complete.service,
        Count(complete.id), group_by=[complete.company, complete.service])
    cursor = Transaction().connection.cursor()
    cursor.execute(*counted)
    return {(c, s): n for c, s, n in cursor}


def priced(holdings, documents, tariffs, period_days, vat_rate):
    """The lines (dicts) of one act, per service: licences by days held,
    then signed documents; each VAT-inclusive to the tiyn"""
    lines = []
    grouped = defaultdict(int)
    for service, quantity, days in holdings:
        grouped[service, days] += quantity
    for (service, days), quantity in grouped.items():
        tariff = tariffs.get((service, 'licence'))
        if tariff:
            amount = quantity * tariff.amount * days / period_days
            lines.append(line(tariff, quantity, amount, vat_rate,
                    days=days, period_days=period_days))
    for service, count in documents.items():
        tariff = tariffs.get((service, 'document'))
        if tariff and count:
            lines.append(line(tariff, count, count * tariff.amount, vat_rate))
    lines.sort(key=lambda v: (
            v['service'], v['kind'] != 'licence', -(v['days'] or 0)))
    for sequence, values in enumerate(lines, 1):
        values['sequence'] = sequence
    return lines


def line(tariff, quantity, amount, vat_rate, days=None, period_days=None):
    amount = amount.quantize(CENT)
    return {
        'service': tariff.service.id, 'kind': tariff.kind,
        'quantity': Decimal(quantity).quantize(CENT),
        'unit_price': tariff.amount, 'days': days,
        'period_days': period_days, 'amount': amount,
        'tax_amount': (amount * vat_rate / (1 + vat_rate)).quantize(CENT),
        }


def to_date(value):
    "A date as the database returns it (SQLite gives text)"
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value
