# This file is part of the MyCar partner platform.
"""The bonus ledger of each Partner's programme (L1, L2): an append-only
list of entries (accruals, write-offs, return reversals, expiries, MyCar's
adjustments), each keyed by the Partner's 1C document and linked to its
purchase; never written nor deleted: a mistake is corrected by a new
entry. Each buyer's balance moves in the same transaction as its entries,
so a page shows it without summing."""
from decimal import ROUND_HALF_UP, Decimal

from sql.aggregate import Sum
from sql.conditionals import Coalesce
from trytond.backend import MAX_QUERY_PARAMS
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.model import (
    append,
    lock_waiting,
    update_each,
)

from .exceptions import LoyaltyError

KINDS = [
    ('accrual', "Accrual"),
    ('write_off', "Write-off"),
    ('return', "Return reversal"),
    ('expiry', "Expiry"),
    ('adjustment', "Adjustment by MyCar"),
    ]
POINTS = (16, 2)
CENT = Decimal('0.01')


class ProgrammeRecord:
    "A record of a buyer under a Partner's bonus programme"
    __slots__ = ()
    programme = fields.Many2One('mycar.loyalty.programme', "Programme",
        required=True, readonly=True, ondelete='RESTRICT')
    company = fields.Many2One('company.company', "Partner", required=True,
        readonly=True)
    party = fields.Many2One('party.party', "Buyer", required=True,
        readonly=True)


class Purchase(ProgrammeRecord, ModelSQL, ModelView):
    "Purchase of a buyer under a bonus programme, from the Partner's 1C"
    __name__ = 'mycar.loyalty.purchase'
    __string__ = "Bonus Purchase"
    _rec_name = 'external_id'

    external_id = fields.Char("1C Document", required=True, readonly=True)
    amount = fields.Numeric("Amount (KZT)", digits=(16, 2), required=True,
        readonly=True)
    returned = fields.Numeric("Returned (KZT)", digits=(16, 2),
        readonly=True)
    occurred = fields.DateTime("Sold", required=True, readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('external_unique', Unique(t, t.company, t.external_id),
                'mycar_loyalty.msg_purchase_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.party, Index.Equality())))

    @classmethod
    def default_returned(cls):
        return Decimal(0)


class Entry(ProgrammeRecord, ModelSQL, ModelView):
    "Entry of a bonus ledger"
    __name__ = 'mycar.loyalty.entry'
    __string__ = "Bonus Entry"

    kind = fields.Selection(KINDS, "Kind", required=True, readonly=True)
    kind_string = kind.translated('kind')
    points = fields.Numeric("Points", digits=POINTS, required=True,
        readonly=True, help="Positive: the buyer's; negative: spent.")
    external_id = fields.Char("1C Document", readonly=True)
    purchase = fields.Many2One('mycar.loyalty.purchase', "Purchase",
        readonly=True, ondelete='RESTRICT')
    occurred = fields.DateTime("When", required=True, readonly=True,
        help="The sale's, return's or write-off's time in 1C.")
    expires = fields.Date("Expires", readonly=True)
    reason = fields.Text("Reason", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.party, Index.Equality()),
                    (t.programme, Index.Equality()),
                    (t.occurred, Index.Range())),
                Index(t, (t.purchase, Index.Equality())),
                })
        cls._order = [('occurred', 'DESC'), ('id', 'DESC')]

    @classmethod
    def check_modification(cls, mode, entries, values=None,
            external=False):
        "An entry is a fact: never changed nor deleted, even by MyCar"
        super().check_modification(
            mode, entries, values=values, external=external)
        if mode in {'write', 'delete'}:
            raise LoyaltyError(gettext('mycar_loyalty.msg_entry_final'))

    @classmethod
    def post(cls, values):
        """The entries of values created (each value given its id), their
        balances moved in the same transaction; the entries"""
        Balance = Pool().get('mycar.loyalty.balance')
        for value in values:
            value['points'] = Decimal(value['points']).quantize(CENT)
        # the ledger's rows, checked by who posts them, written by the
        # thousand (Tryton's create would read each back to validate it)
        for value, id_ in zip(values, append(cls, values)):
            value['id'] = id_
        Balance.move(values)
        return cls.browse([v['id'] for v in values])


class Balance(ProgrammeRecord, ModelSQL, ModelView):
    "Bonus balance of a buyer under a programme"
    __name__ = 'mycar.loyalty.balance'
    __string__ = "Bonus Balance"

    points = fields.Numeric("Points", digits=POINTS, required=True,
        readonly=True)
    updated = fields.DateTime("Updated", readonly=True,
        help="When the last entry reached MyCar.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('party_unique', Unique(t, t.programme, t.party),
                'mycar_loyalty.msg_balance_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.party, Index.Equality())))

    @classmethod
    def of(cls, pairs, lock=False):
        """{(programme, party): balance} of the pairs, made at 0 where
        missing; locked for the transaction with lock"""
        programmes = list({p for p, _ in pairs})
        parties = list({q for _, q in pairs})
        found = {(b.programme, b.party): b for b in cls.search([
                    ('programme', 'in', [p.id for p in programmes]),
                    ('party', 'in', [q.id for q in parties])])}
        missing = [k for k in set(pairs) if k not in found]
        if missing:
            for balance in cls.create([{'programme': p, 'party': q,
                            'company': p.company, 'points': 0}
                        for p, q in missing]):
                found[(balance.programme, balance.party)] = balance
        if lock:
            lock_waiting([found[k] for k in set(pairs)])
        return found

    @classmethod
    def current(cls, balances):
        """{balance id: points} read from the database now (an instance
        may hold what was read before its lock)"""
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        points = {}
        for ids in grouped_slice([b.id for b in balances], MAX_QUERY_PARAMS):
            cursor.execute(*table.select(table.id, table.points,
                    where=table.id.in_(list(ids))))
            points.update((i, Decimal(str(p))) for i, p in cursor)
        return points

    @classmethod
    def move(cls, values):
        """Move the balances by the points of the entries' values: each
        balance locked, then set in one UPDATE (computed here: SQLite would
        add numbers as floats)"""
        pool = Pool()
        Programme = pool.get('mycar.loyalty.programme')
        Party = pool.get('party.party')
        deltas = {}
        for value in values:
            key = (ident(value['programme']), ident(value['party']))
            deltas[key] = deltas.get(key, Decimal(0)) + value['points']
        balances = cls.of([(Programme(p), Party(q)) for p, q in deltas],
            lock=True)
        points = cls.current(balances.values())
        update_each(cls, 'points', {
                balances[(Programme(p), Party(q))].id: (
                    points[balances[(Programme(p), Party(q))].id] + delta
                    ).quantize(CENT)
                for (p, q), delta in deltas.items()},
            updated=calendar.now())

    @classmethod
    def drift(cls, programmes=None):
        """[(balance, ledger sum)] of the balances that differ from their
        ledger: none, unless something wrote around the ledger"""
        Entry = Pool().get('mycar.loyalty.entry')
        entry, balance = Entry.__table__(), cls.__table__()
        cursor = Transaction().connection.cursor()
        where = None
        if programmes is not None:
            where = balance.programme.in_([p.id for p in programmes] or [-1])
        sums = entry.select(entry.programme, entry.party,
            Sum(entry.points).as_('total'),
            group_by=[entry.programme, entry.party])
        cursor.execute(*balance.join(sums, 'LEFT',
                condition=(sums.programme == balance.programme)
                & (sums.party == balance.party)).select(
                balance.id, Coalesce(sums.total, 0), balance.points,
                where=where))
        drifted = []
        for balance_id, total, points in cursor:
            # SQLite sums numerics as floats
            total = Decimal(str(total)).quantize(CENT)
            if total != Decimal(str(points)):
                drifted.append((cls(balance_id), total))
        return drifted


def ident(value):
    "The id of a record or of its id"
    return getattr(value, 'id', value)


def whole(points, programme):
    "The points as the programme counts them (whole unless fractional)"
    step = Decimal('0.01') if programme.fractional else Decimal(1)
    return points.quantize(step, rounding=ROUND_HALF_UP)
