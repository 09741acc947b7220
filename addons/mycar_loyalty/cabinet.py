# This file is part of the MyCar partner platform.
"""What the buyer sees of each Partner's programme in the cabinet (L1,
A5 §1): the balance kept with the ledger, the next expiry, the history
with the purchase of each entry, the points accrued and written off by
month, and how long ago the Partner's 1C last moved the balance."""
import datetime as dt
from decimal import Decimal

from trytond.pool import Pool, PoolMeta

from trytond.modules.mycar_partner import calendar

HISTORY = 50  # entries shown
MONTHS = 12  # months of the chart


class Balance(metaclass=PoolMeta):
    __name__ = 'mycar.loyalty.balance'

    @classmethod
    def cabinet(cls, party):
        "[{programme, points, next_expiry, minutes, entries, months}]"
        pool = Pool()
        Entry = pool.get('mycar.loyalty.entry')
        Allocation = pool.get('mycar.loyalty.allocation')
        today = calendar.today()
        first = month_start(today, MONTHS - 1)
        summaries = []
        for balance in cls.search([('party', '=', party.id)],
                order=[('id', 'ASC')]):
            entries = Entry.search([('party', '=', party.id),
                    ('programme', '=', balance.programme.id)])
            expiring = [e for e in entries if e.kind == 'accrual'
                and e.expires and e.expires >= today]
            left = Allocation.left(expiring)
            expiries = [e.expires for e in expiring if left[e] > 0]
            summaries.append({'balance': balance,
                    'programme': balance.programme,
                    'points': balance.points,
                    'next_expiry': min(expiries, default=None),
                    # how fresh the Partner's 1C feed is, not the balance
                    'minutes': minutes_since(
                        balance.company.loyalty_last_feed),
                    'entries': entries[:HISTORY],
                    'months': by_month(entries, first, today)})
        return summaries


def minutes_since(moment):
    return int((calendar.now() - moment).total_seconds() // 60) \
        if moment else None


def month_start(day, back):
    "The first day of the month back months before day's"
    month = day.year * 12 + day.month - 1 - back
    return dt.date(month // 12, month % 12 + 1, 1)


def by_month(entries, first, today):
    """[(first day, accrued, written off)] of the months from first to
    today's: what was earned, and what was spent (positive)"""
    months = {}
    day = first
    while day <= today:
        months[day] = [Decimal(0), Decimal(0)]
        day = month_start(day, -1)
    for entry in entries:
        key = calendar.to_local(entry.occurred).date().replace(day=1)
        if key in months:
            if entry.points > 0:
                months[key][0] += entry.points
            else:
                months[key][1] -= entry.points
    return [(k, a, w) for k, (a, w) in months.items()]
