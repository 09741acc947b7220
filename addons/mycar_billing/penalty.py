# This file is part of the MyCar partner platform.
"""Penalties for late payment: 0.1 % of the overdue amount per day of
delay, at most 10 % of the debt (§6.2, B7); MyCar decides to claim one,
which issues a penalty invoice."""
import datetime as dt
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.model import HidesForbiddenButtons

from .configuration import in_mycar_books
from .exceptions import BillingError
from .invoice import customer_invoice, due_of, template_account

RATE = Decimal('0.001')  # per day of delay
CAP = Decimal('0.10')  # of the debt
CENT = Decimal('0.01')


def accrued(debt, due, payments, until):
    """(days late, penalty) of a debt due on due, paid by the (date,
    amount) payments, on until: each day after due counts the amount still
    owed that day, the day of a payment included"""
    owed, penalty, days = debt, Decimal(0), 0
    paid = sorted(payments)
    day = due + dt.timedelta(days=1)
    while day <= until and owed > 0:
        penalty += owed * RATE
        days += 1
        while paid and paid[0][0] <= day:
            owed -= paid.pop(0)[1]
        day += dt.timedelta(days=1)
    return days, min(penalty, debt * CAP).quantize(CENT)


class Penalty(HidesForbiddenButtons, Workflow, ModelSQL, ModelView):
    "Penalty for late payment of an invoice"
    __name__ = 'mycar.billing.penalty'
    __string__ = "Late Payment Penalty"

    company = fields.Many2One('company.company', "Partner", required=True,
        readonly=True)
    invoice = fields.Many2One('account.invoice', "Invoice", required=True,
        readonly=True)
    due_date = fields.Date("Due Date", required=True, readonly=True)
    debt = fields.Numeric("Overdue Debt (KZT)", digits=(16, 2),
        required=True, readonly=True)
    days = fields.Integer("Days Late", required=True, readonly=True)
    amount = fields.Numeric("Penalty (KZT)", digits=(16, 2), required=True,
        readonly=True, help="0.1 % of the overdue amount per day of delay, "
        "at most 10 % of the debt (§6.2).")
    computed_date = fields.Date("Computed On", required=True, readonly=True)
    penalty_invoice = fields.Many2One('account.invoice', "Penalty Invoice",
        readonly=True)
    state = fields.Selection([
            ('accruing', "Accruing"),
            ('claimed', "Claimed"),
            ('waived', "Waived"),
            ], "State", required=True, readonly=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('invoice_unique', Unique(t, t.invoice),
                'mycar_billing.msg_penalty_invoice_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.state, Index.Equality()),
                where=t.state == 'accruing'))
        cls._order = [('due_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('accruing', 'claimed'), ('accruing', 'waived')}
        cls._buttons.update({
                'claim': {
                    'invisible': Eval('state') != 'accruing',
                    'depends': ['state'],
                    },
                'waive': {
                    'invisible': Eval('state') != 'accruing',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'accruing'

    @classmethod
    def accrue(cls, date=None):
        """Cron, daily: the penalty of each of MyCar's invoices paid late
        or still overdue, as of date"""
        Invoice = Pool().get('account.invoice')
        date = date or calendar.today()
        with in_mycar_books() as company:
            dues = {i: due_of(i) for i in Invoice.search([
                        ('company', '=', company.id), ('type', '=', 'out'),
                        ('state', 'in', ['posted', 'paid']),
                        ('penalty_of', '=', None),
                        ('move.lines.maturity_date', '<', date),
                        ])}
        invoices = [i for i, due in dues.items() if due and due < date]
        penalties = {p.invoice: p for p in cls.search([
                    ('invoice', 'in', [i.id for i in invoices])])}
        partners = cls.partners_of(invoices)
        to_save = []
        for invoice in invoices:
            penalty = penalties.get(invoice) or cls(invoice=invoice,
                company=partners.get(invoice), state='accruing')
            if penalty.state != 'accruing' or not penalty.company:
                continue
            payments = [(m.date, m.credit - m.debit)
                for m in invoice.payment_lines]
            penalty.due_date = dues[invoice]
            penalty.debt = invoice.total_amount
            penalty.days, penalty.amount = accrued(
                invoice.total_amount, penalty.due_date, payments, date)
            penalty.computed_date = date
            if penalty.days:
                to_save.append(penalty)
        cls.save(to_save)
        return to_save

    @classmethod
    def partners_of(cls, invoices):
        "{invoice: Partner} of the acts' invoices"
        Act = Pool().get('mycar.billing.act')
        return {a.invoice: a.company for a in Act.search([
                    ('invoice', 'in', [i.id for i in invoices])])}

    @classmethod
    @ModelView.button
    @Workflow.transition('claimed')
    def claim(cls, penalties, date=None):
        "MyCar claims the penalty: its invoice to the Partner, posted"
        Invoice = Pool().get('account.invoice')
        for penalty in penalties:
            if not penalty.amount:
                raise BillingError(gettext(
                        'mycar_billing.msg_penalty_nothing',
                        invoice=penalty.invoice.rec_name))
        if not penalties:
            return
        with in_mycar_books() as company:
            date = date or calendar.today()
            invoices = [p.penalty_invoice_of(company, date)
                for p in penalties]
            Invoice.save(invoices)
            Invoice.update_taxes(invoices)
            Invoice.post(invoices)
        for penalty, invoice in zip(penalties, invoices):
            penalty.penalty_invoice = invoice
        cls.save(penalties)

    def penalty_invoice_of(self, company, date):
        "A penalty is no sale: its invoice carries no VAT"
        description = gettext('mycar_billing.msg_penalty_description',
            invoice=self.invoice.number, days=self.days)
        return customer_invoice(company, self.invoice.party, date, [{
                    'account': template_account(
                        company, 'account_template_kz_6280'),
                    'unit_price': self.amount, 'description': description}],
            penalty_of=self.invoice, description=description)

    @classmethod
    @ModelView.button
    @Workflow.transition('waived')
    def waive(cls, penalties):
        "MyCar decides not to claim it"
