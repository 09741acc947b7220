# This file is part of the MyCar partner platform.
"""Which points each spending used, so that points expire one accrual at a
time: spending (a write-off, a return taking back earned points, an
expiry, a negative adjustment) uses the points that expire soonest first;
points given back (a return of spent points, a positive adjustment) never
expire. Allocations are appended like the entries they join, never
changed. Under a programme that allows a debt, what a spending could not
use waits for the next points, which repay it first. Each accrual past
its date expires as an expiry entry of what is left of it."""
import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from sql.aggregate import Sum
from sql.conditionals import Case, Coalesce
from trytond.backend import MAX_QUERY_PARAMS
from trytond.model import Index, ModelSQL, fields
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.model import append, claim, numeric

from .feed import DELIVERY
from .ledger import CENT, ident

ZERO = Decimal(0)


class Allocation(ModelSQL):
    "Points of a credit entry used by a spending entry"
    __name__ = 'mycar.loyalty.allocation'
    __string__ = "Bonus Allocation"

    credit = fields.Many2One('mycar.loyalty.entry', "Credit", required=True,
        ondelete='RESTRICT')
    debit = fields.Many2One('mycar.loyalty.entry', "Spending",
        required=True, ondelete='RESTRICT')
    points = fields.Numeric("Points", digits=(16, 2), required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls.__access__.add('credit')
        cls._sql_indexes.update({
                Index(t, (t.credit, Index.Equality())),
                Index(t, (t.debit, Index.Equality())),
                })

    @classmethod
    def allocate(cls, entries):
        """The entries just posted (their values) joined to what they use
        or repay: a spending to the credits left that expire soonest, a
        credit to the oldest spending not covered yet. Works on plain
        values read once (Tryton's instances would be read again and
        again past their cache)"""
        allocations = []
        groups = {}
        for entry in entries:
            groups.setdefault((ident(entry['programme']),
                    ident(entry['party'])), []).append(Item.of(entry))
        items = cls.open_items(list(groups),
            besides={e['id'] for e in entries})
        for key, group in groups.items():
            credits, debits = items[key]
            for entry in group:
                if entry.points < 0:
                    if entry.kind == 'return' and entry.purchase:
                        # what a purchase earned goes back from its accruals
                        credits.sort(key=lambda c: (
                                c[0].purchase != entry.purchase,
                                soonest(c)))
                    made = match(entry, -entry.points, credits)
                    credits.sort(key=soonest)
                    debits.append([entry, -entry.points
                            - sum(a['points'] for a in made)])
                else:
                    made = match(entry, entry.points, debits, credit=True)
                    credits.append([entry, entry.points
                            - sum(a['points'] for a in made)])
                    credits.sort(key=soonest)
                allocations += made
        append(cls, [a for a in allocations if a['points']])

    @classmethod
    def open_items(cls, owners, besides=()):
        """{(programme id, party id): (credits, debits)} of the owners:
        credits with points left, soonest to expire first, and spending not
        fully covered, oldest first, each [[item, left]] (besides the
        entries of the ids besides); one query, the database summing each
        entry's allocations by their index"""
        Entry = Pool().get('mycar.loyalty.entry')
        result = {k: ([], []) for k in owners}
        if not owners:
            return result
        entry, allocation = Entry.__table__(), cls.__table__()

        def used(column):
            return allocation.select(Sum(allocation.points),
                where=column == entry.id)
        cursor = Transaction().connection.cursor()
        for sub in grouped_slice(sorted(owners), MAX_QUERY_PARAMS // 2):
            sub = list(sub)
            programmes = {p for p, _ in sub}
            parties = {q for _, q in sub}
            cursor.execute(*entry.select(entry.id, entry.programme,
                    entry.party, entry.kind, entry.points, entry.expires,
                    entry.occurred, entry.purchase,
                    Case((numeric(entry.points) > 0, used(allocation.credit)),
                        else_=used(allocation.debit)),
                    where=entry.programme.in_(list(programmes))
                    & entry.party.in_(list(parties)),
                    order_by=[entry.occurred.asc, entry.id.asc]))
            for row in cursor:
                key = row[1], row[2]
                if key not in result or row[0] in besides:
                    continue
                item = Item(row[0], row[3], Decimal(str(row[4])), row[5],
                    row[6], row[7])
                # SQLite sums numerics as floats
                left = abs(item.points) - Decimal(str(row[8] or 0)).quantize(
                    CENT)
                if left > 0:
                    credits, debits = result[key]
                    (credits if item.points > 0 else debits).append(
                        [item, left])
        for credits, _ in result.values():
            credits.sort(key=soonest)
        return result

    @classmethod
    def open_accruals(cls, where):
        """[(id, programme, party, company, expires, left)] of the
        accruals under where (on the entry table, given it) with points
        not used yet: one query"""
        Entry = Pool().get('mycar.loyalty.entry')
        entry, allocation = Entry.__table__(), cls.__table__()
        used = allocation.select(allocation.credit,
            Sum(allocation.points).as_('points'),
            group_by=[allocation.credit])
        cursor = Transaction().connection.cursor()
        # SQLite sums numerics as floats: above half a cent is left (an
        # integer: it would compare a Decimal as bytes)
        cursor.execute(*entry.join(used, 'LEFT',
                condition=used.credit == entry.id).select(
                entry.id, entry.programme, entry.party, entry.company,
                entry.expires, entry.points, Coalesce(used.points, 0),
                where=(entry.kind == 'accrual') & where(entry)
                & ((numeric(entry.points) - Coalesce(used.points, 0)) * 200
                    > 1)))
        return [(id_, programme, party, company, expires,
                (Decimal(str(points)) - Decimal(str(spent))).quantize(CENT))
            for id_, programme, party, company, expires, points, spent
            in cursor]


class Item(NamedTuple):
    "What allocating needs of an entry"
    id: int
    kind: str
    points: Decimal
    expires: dt.date
    occurred: dt.datetime
    purchase: int

    @classmethod
    def of(cls, value):
        "The item of an entry's values"
        return cls(value['id'], value['kind'], value['points'],
            value.get('expires'), value['occurred'],
            ident(value.get('purchase')))


def soonest(item):
    "Credits by expiry (never last), then age"
    entry = item[0]
    return (entry.expires or dt.date.max, entry.occurred, entry.id)


def match(entry, points, items, credit=False):
    "Allocations of points of entry against the open items, in order"
    allocations = []
    for item in items:
        if points <= 0:
            break
        if item[1] <= 0:
            continue
        used = min(points, item[1])
        item[1] -= used
        points -= used
        allocations.append({'credit': entry.id if credit else item[0].id,
                'debit': item[0].id if credit else entry.id, 'points': used})
    return allocations


class Entry(metaclass=PoolMeta):
    __name__ = 'mycar.loyalty.entry'

    @classmethod
    def post(cls, values):
        "An expiry uses its own accrual, given by expire_due"
        entries = super().post(values)
        Pool().get('mycar.loyalty.allocation').allocate(
            [v for v in values if v['kind'] != 'expiry'])
        return entries

    @classmethod
    def expire_due(cls, date=None):
        """Each accrual past its date expires by what is left of it, as an
        expiry entry (cron, daily). The day ends for it once 1C's 10
        minutes to send that day's write-offs have passed (A5 §3.3.4).
        The Partners' feeds are claimed first: what is left is read after
        any batch running now"""
        pool = Pool()
        Allocation = pool.get('mycar.loyalty.allocation')
        Company = pool.get('company.company')
        date = date or calendar.to_local(calendar.now() - DELIVERY).date()

        def due():
            return Allocation.open_accruals(
                lambda entry: entry.expires < date)
        claim(Company.browse(sorted({r[3] for r in due()})))
        rows = due()
        if not rows:
            return []
        accruals = {a.id: a for a in cls.browse([r[0] for r in rows])}
        moment = calendar.to_utc(dt.datetime.combine(date, dt.time(),
                tzinfo=calendar.ALMATY))
        values = [{'programme': r[1], 'company': r[3], 'party': r[2],
                'kind': 'expiry', 'points': -r[5],
                'external_id': accruals[r[0]].external_id,
                'purchase': accruals[r[0]].purchase, 'occurred': moment}
            for r in rows]
        expiries = cls.post(values)
        append(Allocation, [{'credit': r[0], 'debit': v['id'],
                    'points': r[5]} for r, v in zip(rows, values)])
        return expiries
