# This file is part of the MyCar partner platform.
"""What a month bills, read set-based from the Partners' subscriptions
(subscription.py): the licence lines held and the signed documents
consumed per Partner, and the volume of the deals its clients paid
through the platform, priced by the tariffs of the month (Annex 2)."""
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sql import Null
from sql.aggregate import Sum
from trytond.model import fields
from trytond.pool import Pool
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.breach import day_start

from .tariff import KINDS

CENT = Decimal('0.01')
# the order of an act's lines of a service: licences, documents, percentage
KIND_ORDER = [k for k, _ in KINDS]


class PeriodMonth:
    """A record of a month (its period_start): the month as its reader's
    language names it, "ноябрь 2026", in lists"""
    __slots__ = ()
    month = fields.Function(fields.Char("Month"), 'get_month')

    def get_month(self, name):
        return calendar.month_name(self.period_start)

    @staticmethod
    def order_month(tables):
        table, _ = tables[None]
        return [table.period_start]


def held(period_start, period_end, agreements=None):
    """{agreement id: [(service id, licences, days held)]} of the licence
    lines held in the period, days counted inclusively"""
    pool = Pool()
    Subscription = pool.get('sale.subscription')
    Line = pool.get('sale.subscription.line')
    Licence = pool.get('mycar.partner.licence')
    subscription, line = Subscription.__table__(), Line.__table__()
    licence = Licence.__table__()
    where = ((line.mycar_kind == 'licence')
        & (line.start_date <= period_end)
        & ((line.end_date == Null) | (line.end_date >= period_start)))
    if agreements is not None:
        where &= subscription.agreement.in_(
            [a.id for a in agreements] or [-1])
    cursor = Transaction().connection.cursor()
    cursor.execute(*line
        .join(subscription, condition=subscription.id == line.subscription)
        .join(licence, condition=licence.id == line.licence)
        .select(subscription.agreement, licence.service, line.quantity,
            line.start_date, line.end_date, where=where))
    result = defaultdict(list)
    for agreement, service, quantity, start, end in cursor:
        start, end = to_date(start), to_date(end)
        first = max(start, period_start)
        last = min(end or period_end, period_end)
        result[agreement].append(
            (service, int(quantity), (last - first).days + 1))
    return result


def signed(period_start, period_end, services, companies=None):
    """{(company id, service id): documents} of the signed documents of the
    services consumed in the period"""
    pool = Pool()
    Line = pool.get('sale.subscription.line')
    Consumption = pool.get('sale.subscription.line.consumption')
    Licence = pool.get('mycar.partner.licence')
    line, consumption = Line.__table__(), Consumption.__table__()
    licence = Licence.__table__()
    where = ((line.mycar_kind == 'document')
        & licence.service.in_(list(services) or [-1])
        & (consumption.date >= period_start)
        & (consumption.date <= period_end))
    if companies is not None:
        where &= licence.company.in_([c.id for c in companies] or [-1])
    cursor = Transaction().connection.cursor()
    cursor.execute(*consumption
        .join(line, condition=line.id == consumption.line)
        .join(licence, condition=licence.id == line.licence)
        .select(licence.company, licence.service, Sum(consumption.quantity),
            where=where, group_by=[licence.company, licence.service]))
    return {(c, s): int(n) for c, s, n in cursor}


def volumes(period_start, period_end, services, companies=None):
    """{(company id, service id): amount} of the deals made through the
    services in the period: what the Partners' clients paid through the
    platform for the services' documents, on the period's Almaty days"""
    pool = Pool()
    Document = pool.get('mycar.cabinet.document')
    Payment = pool.get('mycar.payment.request')
    document, payment = Document.__table__(), Payment.__table__()
    start, end = utc_bounds(period_start, period_end)
    where = ((payment.state == 'paid')
        & (payment.paid_date >= start) & (payment.paid_date < end)
        & document.service.in_(list(services) or [-1]))
    if companies is not None:
        where &= document.company.in_([c.id for c in companies] or [-1])
    cursor = Transaction().connection.cursor()
    cursor.execute(*payment
        .join(document, condition=document.id == payment.document)
        .select(document.company, document.service, Sum(payment.amount),
            where=where, group_by=[document.company, document.service]))
    # SQLite sums numerics as floats
    return {(c, s): Decimal(str(v)).quantize(CENT) for c, s, v in cursor}


def consumed(period_start, period_end, tariffs, companies):
    """What the companies consumed in the period of the services priced
    per document and by percentage (tariffs by service and kind): the
    signed documents and the deal volume, each {company id: {service id:
    value}}"""
    def services(kind):
        return {s for s, k in tariffs if k == kind}
    return (
        by_company(signed(period_start, period_end, services('document'),
                companies)),
        by_company(volumes(period_start, period_end, services('percentage'),
                companies)))


def by_company(values):
    "{company id: {service id: value}} of {(company id, service id): value}"
    result = defaultdict(dict)
    for (company, service), value in values.items():
        result[company][service] = value
    return result


def priced(holdings, documents, volumes, tariffs, period_days, vat_rate):
    """The lines (dicts) of one act, per service: licences by days held,
    signed documents, then the percentage of the deals' volume; each
    VAT-inclusive to the tiyn"""
    lines = (licence_lines(holdings, tariffs, period_days, vat_rate)
        + document_lines(documents, tariffs, vat_rate)
        + percentage_lines(volumes, tariffs, vat_rate))
    lines.sort(key=lambda v: (v['service'], KIND_ORDER.index(v['kind']),
            -(v['days'] or 0)))
    for sequence, values in enumerate(lines, 1):
        values['sequence'] = sequence
    return lines


def licence_lines(holdings, tariffs, period_days, vat_rate):
    "The licences held, per service and days held"
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
    return lines


def document_lines(documents, tariffs, vat_rate):
    "The signed documents, per service"
    lines = []
    for service, count in documents.items():
        tariff = tariffs.get((service, 'document'))
        if tariff and count:
            lines.append(line(tariff, count, count * tariff.amount, vat_rate))
    return lines


def percentage_lines(volumes, tariffs, vat_rate):
    """The tariff's percentage of each service's deal volume: the service
    rendered once, its amount as its unit price"""
    lines = []
    for service, volume in volumes.items():
        tariff = tariffs.get((service, 'percentage'))
        if tariff and volume > 0:
            amount = (volume * tariff.percentage / 100).quantize(CENT)
            lines.append(line(tariff, 1, amount, vat_rate,
                    unit_price=amount, volume=volume,
                    percentage=tariff.percentage))
    return lines


def line(tariff, quantity, amount, vat_rate, **values):
    """A line of quantity at the tariff for amount, rounded to the tiyn
    (half to even, as Decimal does), with the VAT inside it; values are
    the kind's own (days held, deal volume)"""
    amount = amount.quantize(CENT)
    return {
        'service': tariff.service.id, 'kind': tariff.kind,
        'quantity': Decimal(quantity).quantize(CENT),
        'unit_price': tariff.amount, 'days': None, 'period_days': None,
        'volume': None, 'percentage': None, 'amount': amount,
        'tax_amount': (amount * vat_rate / (1 + vat_rate)).quantize(CENT),
        **values,
        }


def utc_bounds(period_start, period_end):
    """The period's Almaty days as naive UTC: the first moment of its first
    day and that of the day after its last (excluded)"""
    return (day_start(period_start),
        day_start(period_end + dt.timedelta(days=1)))


def significant(value):
    "A percentage without its trailing zeros: 2.5000 is 2.5, 2.0000 is 2"
    if value == value.to_integral_value():
        return value.quantize(1)
    return value.normalize()


def to_date(value):
    "A date as the database returns it (SQLite gives text)"
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value
