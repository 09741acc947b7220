# This file is part of the MyCar partner platform.
"""A signed act becomes a customer invoice in MyCar's accounting, due 10
banking days after the signature (§5.7, B4)."""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta

from trytond.modules.mycar_partner.calendar import to_local

from .billing import significant
from .exceptions import BillingError


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    penalty_of = fields.Many2One('account.invoice', "Penalty of",
        readonly=True, help="The invoice paid late this penalty is for.")
    turnover_date = fields.Date("Turnover Date", readonly=True,
        help="When the services were rendered: the VAT of that day "
        "applies (Tax Code of Kazakhstan).")

    @property
    @fields.depends('turnover_date')
    def tax_date(self):
        return self.turnover_date or super().tax_date


class InvoiceLine(metaclass=PoolMeta):
    __name__ = 'account.invoice.line'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['mycar.billing.act.line']


def template_account(company, fs_id):
    "The account of company's chart made from our template fs_id"
    pool = Pool()
    Account = pool.get('account.account')
    ModelData = pool.get('ir.model.data')
    accounts = Account.search([
            ('company', '=', company.id),
            ('template', '=', ModelData.get_id('mycar_billing', fs_id)),
            ], limit=1)
    if not accounts:
        raise BillingError(gettext(
                'mycar_billing.msg_no_account', company=company.rec_name,
                account=fs_id.rsplit('_', 1)[-1]))
    return accounts[0]


def customer_invoice(company, party, date, lines, journal=None, **values):
    """An unsaved invoice of MyCar to party dated date, one line per dict
    of lines (account, unit_price, description, taxes, origin)"""
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Line = pool.get('account.invoice.line')
    Journal = pool.get('account.journal')
    Party = pool.get('party.party')
    if journal is None:
        journal, = Journal.search([('type', '=', 'revenue')], limit=1)
    invoice = Invoice(company=company, type='out', journal=journal,
        # read in MyCar's context: the party's accounts are MyCar's
        party=Party(party.id), invoice_date=date,
        currency=company.currency, **values)
    invoice.on_change_party()
    invoice.payment_term = None
    invoice.lines = [Line(type='line', company=company, quantity=1, **line)
        for line in lines]
    return invoice


def invoices_of(acts, company):
    "Unsaved customer invoices of the signed acts, VAT-inclusive totals"
    pool = Pool()
    Journal = pool.get('account.journal')
    Act = pool.get('mycar.billing.act')
    CalendarDay = pool.get('mycar.calendar.day')
    revenue = template_account(company, 'account_template_kz_6010')
    journal, = Journal.search([('type', '=', 'revenue')], limit=1)
    signed = [to_local(a.signed_date).date() for a in acts]
    dues = CalendarDay.add_days_batch([(d, 10, 'banking') for d in signed])
    taxes = {d: Act.vat_on(d) for d in {a.period_end for a in acts}}
    invoices = []
    for act, day, due in zip(acts, signed, dues):
        invoices.append(customer_invoice(company, act.company.party, day, [{
                        'account': revenue, 'origin': line,
                        'taxes': [taxes[act.period_end]],
                        'unit_price': line.amount - line.tax_amount,
                        'description': line_description(line)}
                    for line in act.lines],
                journal=journal, accounting_date=max(day, act.period_end),
                payment_term_date=due, turnover_date=act.period_end,
                description=act.number, reference=act.number))
    return invoices


def line_description(line):
    if line.kind == 'percentage':
        return (f'{line.service.name}: {significant(line.percentage)} % × '
            f'{line.volume}')
    days = (f' ({line.days}/{line.period_days})'
        if line.days and line.days != line.period_days else '')
    return (f'{line.service.name}: {line.quantity} × {line.unit_price}'
        f'{days}')


def match_tax(invoices, acts):
    """Make each invoice's VAT the act's, to the tiyn: the act computes VAT
    inside VAT-inclusive amounts, the invoice on top of net ones, and the
    two roundings may part by a tiyn. The tax line keeps its base, so
    posting does not compute it again."""
    InvoiceTax = Pool().get('account.invoice.tax')
    taxes = []
    for invoice, act in zip(invoices, acts):
        invoice = type(invoice)(invoice.id)
        difference = act.tax_amount - invoice.tax_amount
        if difference and invoice.taxes:
            tax = invoice.taxes[0]
            tax.amount += difference
            taxes.append(tax)
    InvoiceTax.save(taxes)


def due_of(invoice):
    "When the invoice falls due: its first maturity"
    dates = [m.maturity_date for m in invoice.lines_to_pay
        if m.maturity_date]
    return min(dates) if dates else None
