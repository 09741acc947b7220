# This file is part of the MyCar partner platform.
"""What the buyer sees of each Partner's programme in the cabinet (L1,
A5 §1): the balance kept with the ledger, the next expiry, the history
with the purchase of each entry, the points accrued and written off by
month, and how long ago the Partner's 1C last moved the balance."""
import datetime as dt
from decimal import Decimal

from sql.aggregate import Sum
from sql.conditionals import Case
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.model import numeric

from .ledger import CENT

HISTORY = 50  # entries shown
MONTHS = 12  # months of the chart


class Balance(metaclass=PoolMeta):
    __name__ = 'mycar.loyalty.balance'

    @classmethod
    def cabinet(cls, party):
        """[{programme, points, next_expiry, minutes, entries, months}]:
        the last entries and sums per month, never the whole ledger"""
        pool = Pool()
        Entry = pool.get('mycar.loyalty.entry')
        Allocation = pool.get('mycar.loyalty.allocation')
        today = calendar.today()
        first = month_start(today, MONTHS - 1)
        expiries = {}
        for _, programme, _, _, expires, _ in Allocation.open_accruals(
                lambda entry: (entry.party == party.id)
                & (entry.expires >= today)):
            expiries[programme] = min(expiries.get(programme, expires),
                expires)
        summaries = []
        for balance in cls.search([('party', '=', party.id)],
                order=[('id', 'ASC')]):
            programme = balance.programme
            summaries.append({'balance': balance,
                    'programme': programme,
                    'points': balance.points,
                    'next_expiry': expiries.get(programme.id),
                    # how fresh the Partner's 1C feed is, not the balance
                    'minutes': minutes_since(
                        balance.company.loyalty_last_feed),
                    'entries': Entry.search([('party', '=', party.id),
                            ('programme', '=', programme.id)],
                        limit=HISTORY),
                    'months': by_month(party, programme, first, today)})
        return summaries


def minutes_since(moment):
    return int((calendar.now() - moment).total_seconds() // 60) \
        if moment else None


def month_start(day, back):
    "The first day of the month back months before day's"
    month = day.year * 12 + day.month - 1 - back
    return dt.date(month // 12, month % 12 + 1, 1)


def by_month(party, programme, first, today):
    """[(first day, accrued, written off)] of the months from first to
    today's: the points of accruals, and of write-offs (positive), summed
    by the database in the months of Almaty (returns, expiries and
    adjustments are in the history)"""
    Entry = Pool().get('mycar.loyalty.entry')
    entry = Entry.__table__()
    starts = [first]
    while starts[-1] <= today:
        starts.append(month_start(starts[-1], -1))
    bounds = [calendar.to_utc(dt.datetime.combine(d, dt.time(),
                tzinfo=calendar.ALMATY)) for d in starts]
    month = Case(*((entry.occurred < b, i)
            for i, b in enumerate(bounds[1:])))
    dated = entry.select(month.as_('month'), entry.kind,
        numeric(entry.points).as_('points'),
        where=(entry.party == party.id)
        & (entry.programme == programme.id)
        & (entry.occurred >= bounds[0]) & (entry.occurred < bounds[-1]))
    cursor = Transaction().connection.cursor()
    cursor.execute(*dated.select(dated.month,
            Sum(Case((dated.kind == 'accrual', dated.points), else_=0)),
            Sum(Case((dated.kind == 'write_off', -dated.points), else_=0)),
            group_by=[dated.month]))
    sums = {i: (a, w) for i, a, w in cursor}
    return [(day, *(Decimal(str(v or 0)).quantize(CENT)
                for v in sums.get(i, (0, 0))))
        for i, day in enumerate(starts[:-1])]
