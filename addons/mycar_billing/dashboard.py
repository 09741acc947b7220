# This file is part of the MyCar partner platform.
"""A month's billing at a glance, for MyCar's accountants: acts issued,
signed, refused and late; invoices due, overdue and paid; penalties."""

from sql import Literal, Null
from sql.aggregate import Count, Max, Min, Sum
from sql.conditionals import Case, Coalesce
from sql.operators import Concat
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool

from trytond.modules.mycar_partner import calendar, clauses
from trytond.modules.mycar_partner.model import counted

from .billing import PeriodMonth


class BillingMonth(PeriodMonth, ModelSQL, ModelView):
    "Billing of a month"
    __name__ = 'mycar.billing.month'
    __string__ = "Billing of a Month"

    period_start = fields.Date("Month")
    acts = fields.Integer("Acts")
    awaiting = fields.Integer("Awaiting Signature")
    signed = fields.Integer("Signed")
    refused = fields.Integer("Refused")
    late = fields.Integer("Signature Late",
        help="Acts neither signed nor refused within 10 days (§5.6).")
    total_amount = fields.Numeric("Billed (KZT)", digits=(16, 2))
    invoices_due = fields.Integer("Invoices Due")
    invoices_overdue = fields.Integer("Invoices Overdue")
    invoices_paid = fields.Integer("Invoices Paid")
    penalties = fields.Numeric("Penalties (KZT)", digits=(16, 2))

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('period_start', 'DESC'), ('id', 'DESC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        act = pool.get('mycar.billing.act').__table__()
        invoice = pool.get('account.invoice').__table__()
        line = pool.get('account.move.line').__table__()
        penalty = pool.get('mycar.billing.penalty').__table__()
        deadline = pool.get('mycar.deadline').__table__()
        overdue = line.select(line.move.as_('move'),
            where=(line.maturity_date < Literal(calendar.today()))
            & (line.reconciliation == Null) & (line.debit > 0),
            group_by=[line.move])
        late = deadline.select(deadline.reference.as_('reference'),
            where=(deadline.clause == clauses.ACT_SIGNING.id)
            & (deadline.state == 'late'),
            group_by=[deadline.reference])
        reference = Concat('mycar.billing.act,', act.id)
        return (act
            .join(invoice, 'LEFT', condition=act.invoice == invoice.id)
            .join(overdue, 'LEFT', condition=overdue.move == invoice.move)
            .join(penalty, 'LEFT', condition=penalty.invoice == invoice.id)
            .join(late, 'LEFT', condition=late.reference == reference)
            .select(Min(act.id).as_('id'),
                Max(act.create_uid).as_('create_uid'),
                Max(act.create_date).as_('create_date'),
                act.period_start.as_('period_start'),
                Count(act.id).as_('acts'),
                counted(act.state == 'issued').as_('awaiting'),
                counted(act.state == 'signed').as_('signed'),
                counted(act.state.in_(['refused', 'corrected'])).as_(
                    'refused'),
                counted(late.reference != Null).as_('late'),
                Sum(Case((act.state != 'corrected', act.total_amount),
                        else_=Literal(0))).as_('total_amount'),
                counted((invoice.state == 'posted') & (overdue.move == Null)
                    ).as_('invoices_due'),
                counted((invoice.state == 'posted') & (overdue.move != Null)
                    ).as_('invoices_overdue'),
                counted(invoice.state == 'paid').as_('invoices_paid'),
                Coalesce(Sum(penalty.amount), Literal(0)).as_('penalties'),
                group_by=[act.period_start]))
