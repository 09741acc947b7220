# This file is part of the MyCar partner platform.
"""Quarterly reconciliation acts with each Partner, from MyCar's ledger,
due by the 15th of the month after the quarter (§5.9, B6)."""
import datetime as dt
from decimal import Decimal

from sql import Literal, Null
from sql.aggregate import Sum
from sql.conditionals import Case, Coalesce
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar, clauses
from trytond.modules.mycar_partner.calendar import ALMATY, to_utc
from trytond.modules.mycar_partner.model import HidesForbiddenButtons

from .configuration import billing_company
from .exceptions import BillingError
from .invoice import template_account

ZERO = Decimal(0)


def quarter_of(day):
    "The first and last days of day's quarter"
    first = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    after = (first + dt.timedelta(days=93)).replace(day=1)
    return first, after - dt.timedelta(days=1)


def previous_quarter(today=None):
    today = today or calendar.today()
    return quarter_of(quarter_of(today)[0] - dt.timedelta(days=1))


class Reconciliation(HidesForbiddenButtons, Workflow, ModelSQL, ModelView):
    "Reconciliation act with a Partner"
    __name__ = 'mycar.billing.reconciliation'
    __string__ = "Reconciliation Act"

    company = fields.Many2One('company.company', "Partner", required=True,
        readonly=True)
    start_date = fields.Date("From", required=True, readonly=True)
    end_date = fields.Date("To", required=True, readonly=True)
    opening_balance = fields.Numeric("Opening Balance (KZT)",
        digits=(16, 2), required=True, readonly=True,
        help="What the Partner owed MyCar at the start (negative: an "
        "advance).")
    acts_amount = fields.Numeric("Acts (KZT)", digits=(16, 2),
        required=True, readonly=True)
    penalties_amount = fields.Numeric("Penalties (KZT)", digits=(16, 2),
        required=True, readonly=True)
    payments_amount = fields.Numeric("Payments (KZT)", digits=(16, 2),
        required=True, readonly=True)
    closing_balance = fields.Numeric("Closing Balance (KZT)",
        digits=(16, 2), required=True, readonly=True)
    dispute_reason = fields.Text("Dispute",
        states={
            'readonly': Eval('state') != 'issued',
            'invisible': Eval('state') == 'confirmed',
            })
    state = fields.Selection([
            ('issued', "Issued"),
            ('confirmed', "Confirmed"),
            ('disputed', "Disputed"),
            ], "State", required=True, readonly=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('company_quarter_unique',
                Unique(t, t.company, t.start_date),
                'mycar_billing.msg_reconciliation_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.start_date, Index.Range())))
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('issued', 'confirmed'), ('issued', 'disputed')}
        cls._buttons.update({
                'confirm': {
                    'invisible': Eval('state') != 'issued',
                    'depends': ['state'],
                    },
                'dispute': {
                    'invisible': Eval('state') != 'issued',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'issued'

    @classmethod
    def reconcile(cls, start, end):
        """The reconciliation act of the quarter with every Partner that
        had an agreement, unless made before; due on the 15th after"""
        pool = Pool()
        Agreement = pool.get('mycar.partner.agreement')
        Deadline = pool.get('mycar.deadline')
        done = {r.company for r in cls.search([('start_date', '=', start)])}
        companies = {a.company for a in Agreement.search([
                    ('effective_date', '<=', end),
                    ['OR', ('end_date', '=', None),
                        ('end_date', '>=', start)],
                    ])} - done
        figures = cls.ledger(companies, start, end)
        records = [cls(company=c, start_date=start, end_date=end,
                **{**dict.fromkeys(FIGURES, ZERO),
                    **figures.get(c.party.id, {})}) for c in companies]
        for record in records:
            record.closing_balance = (record.opening_balance
                + record.acts_amount + record.penalties_amount
                - record.payments_amount)
        cls.save(records)
        started = to_utc(dt.datetime.combine(end, dt.time(23, 59, 59),
                tzinfo=ALMATY))
        # a quarter ends on the last day of a month: 15 days after is the
        # 15th of the next
        Deadline.start([clauses.RECONCILIATION.clock(
                    r.company, r, description=f'{start} – {end}')
                for r in records], started=started)
        return records

    @classmethod
    def reconcile_previous_quarter(cls):
        "Cron: the acts of the quarter that ended"
        return cls.reconcile(*previous_quarter())

    @classmethod
    def ledger(cls, companies, start, end):
        """{party id: figures} from MyCar's receivable account: balance
        before start, acts and penalties invoiced, payments received"""
        pool = Pool()
        Line = pool.get('account.move.line')
        Move = pool.get('account.move')
        Invoice = pool.get('account.invoice')
        company = billing_company()
        receivable = template_account(company, 'account_template_kz_1210')
        line, move, invoice = (
            Line.__table__(), Move.__table__(), Invoice.__table__())
        penalty = Case((invoice.penalty_of != Null, Literal(1)),
            else_=Literal(0))
        within = (move.date >= start) & (move.date <= end)

        def total(column, condition):
            return Coalesce(Sum(Case((condition, column),
                        else_=Literal(0))), Literal(0))
        query = line.join(move, condition=line.move == move.id
            ).join(invoice, 'LEFT', condition=invoice.move == move.id
            ).select(line.party,
                total(line.debit - line.credit, move.date < start),
                total(line.debit, within & (penalty == 0)),
                total(line.debit, within & (penalty == 1)),
                total(line.credit, within),
                where=(line.account == receivable.id)
                & line.party.in_([c.party.id for c in companies] or [-1])
                & (move.date <= end) & (move.state == 'posted'),
                group_by=[line.party])
        cursor = Transaction().connection.cursor()
        cursor.execute(*query)
        return {party: dict(zip(FIGURES, map(to_decimal, values)))
            for party, *values in cursor}

    @classmethod
    @ModelView.button
    @Workflow.transition('confirmed')
    def confirm(cls, reconciliations):
        "The Partner confirms the figures"
        Pool().get('mycar.deadline').meet(
            reconciliations, [clauses.RECONCILIATION])

    @classmethod
    @ModelView.button
    @Workflow.transition('disputed')
    def dispute(cls, reconciliations):
        "The Partner disputes the figures, saying why"
        for reconciliation in reconciliations:
            if not (reconciliation.dispute_reason or '').strip():
                raise BillingError(gettext(
                        'mycar_billing.msg_reconciliation_dispute_reason'))
        Pool().get('mycar.deadline').meet(
            reconciliations, [clauses.RECONCILIATION])


FIGURES = ['opening_balance', 'acts_amount', 'penalties_amount',
    'payments_amount']


def to_decimal(value):
    return Decimal(str(value or 0)).quantize(Decimal('0.01'))

