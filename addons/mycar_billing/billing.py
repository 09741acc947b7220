# This file is part of the MyCar partner platform.
"""What a month bills, read set-based from the Partners' subscriptions
(subscription.py): the licence lines held and the signed documents
consumed per Partner, priced by the tariffs of the month (Annex 2)."""
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sql import Null
from sql.aggregate import Sum
from trytond.model import fields
from trytond.pool import Pool
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar

CENT = Decimal('0.01')


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
