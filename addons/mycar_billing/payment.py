# This file is part of the MyCar partner platform.
"""The Partners' payments, from MyCar's bank statement (a CSV export of
the bank or entered by hand), each paying the invoice it names (§5.7)."""
import csv
import datetime as dt
import io
import re
from decimal import Decimal, InvalidOperation

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.wizard import Button, StateTransition, StateView, Wizard

from trytond.modules.mycar_partner.model import HidesForbiddenButtons

from .configuration import in_mycar_books
from .exceptions import PaymentImportError

COLUMNS = ['date', 'amount', 'payer_bin', 'reference', 'purpose']


class Payment(HidesForbiddenButtons, Workflow, ModelSQL, ModelView):
    "Payment received from a Partner"
    __name__ = 'mycar.billing.payment'
    __string__ = "Partner Payment"

    company = fields.Many2One('company.company', "Partner", required=True,
        states={'readonly': Eval('state') != 'draft'})
    date = fields.Date("Date", required=True,
        states={'readonly': Eval('state') != 'draft'})
    amount = fields.Numeric("Amount (KZT)", digits=(16, 2), required=True,
        domain=[('amount', '>', 0)],
        states={'readonly': Eval('state') != 'draft'})
    reference = fields.Char("Bank Reference", required=True,
        states={'readonly': Eval('state') != 'draft'},
        help="The bank's reference of the transfer: a transfer is recorded "
        "once, however often the statement is imported.")
    purpose = fields.Char("Purpose of Payment",
        states={'readonly': Eval('state') != 'draft'})
    invoice = fields.Many2One('account.invoice', "Invoice", readonly=True,
        help="The invoice the payment paid.")
    state = fields.Selection([
            ('draft', "Draft"),
            ('posted', "Posted"),
            ], "State", required=True, readonly=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('reference_unique', Unique(t, t.reference),
                'mycar_billing.msg_payment_reference_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.company, Index.Equality()),
                (t.date, Index.Range())))
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('draft', 'posted')}
        cls._buttons.update({
                'post': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    @ModelView.button
    @Workflow.transition('posted')
    def post(cls, payments):
        """Pay the invoice each payment names (else the Partner's oldest
        open one) in MyCar's accounting; what is left stays an advance"""
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Configuration = pool.get('mycar.partner.configuration')
        if not payments:
            return
        with in_mycar_books():
            method = Configuration(1).billing_payment_method
            open_invoices = {}
            for invoice in Invoice.search([
                        ('party', 'in', [p.company.party.id
                                for p in payments]),
                        ('type', '=', 'out'), ('state', '=', 'posted'),
                        ], order=[('invoice_date', 'ASC'), ('id', 'ASC')]):
                open_invoices.setdefault(invoice.party, []).append(invoice)
            for payment in payments:
                invoice = payment.match(
                    open_invoices.get(payment.company.party, []))
                if invoice is None:
                    raise PaymentImportError(gettext(
                            'mycar_billing.msg_payment_no_invoice',
                            payment=payment.reference))
                overpaid = max(payment.amount - invoice.amount_to_pay, 0)
                invoice.pay_invoice(payment.amount, method, payment.date,
                    payment.purpose or payment.reference, overpaid)
                payment.invoice = invoice
                if settle(Invoice(invoice.id)):
                    open_invoices[invoice.party].remove(invoice)
        cls.save(payments)

    def match(self, invoices):
        "The open invoice the purpose names, else the oldest"
        named = [i for i in invoices
            if i.number and names_number(self.purpose, i.number)]
        return (named or invoices or [None])[0]

    @classmethod
    def import_csv(cls, data):
        """Record and post the payments of a bank statement in CSV
        (date, amount, payer_bin, reference, purpose); a transfer already
        recorded is skipped; any wrong row refuses the whole file"""
        rows = read_rows(data)
        known = {p.reference for p in cls.search([
                    ('reference', 'in', [r['reference'] for r in rows])])}
        partners = partners_by_bin({r['payer_bin'] for r in rows})
        payments = []
        for row in rows:
            if row['reference'] in known:
                continue
            if row['payer_bin'] not in partners:
                raise PaymentImportError(gettext(
                        'mycar_billing.msg_payment_unknown_payer',
                        line=row['line'], bin=row['payer_bin']))
            known.add(row['reference'])
            payments.append(cls(company=partners[row['payer_bin']],
                    date=row['date'], amount=row['amount'],
                    reference=row['reference'], purpose=row['purpose']))
        cls.save(payments)
        cls.post(payments)
        return payments


def settle(invoice):
    "Reconcile a fully paid invoice with its payments: it is paid"
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Line = pool.get('account.move.line')
    if invoice.amount_to_pay:
        return False
    Line.reconcile([m for m in invoice.lines_to_pay + invoice.payment_lines
            if not m.reconciliation])
    Invoice.process([invoice])
    return True


def read_rows(data):
    "The statement's rows, checked; the line of any wrong one is named"
    try:
        text = data.decode('utf-8-sig')
    except UnicodeDecodeError:
        raise PaymentImportError(gettext(
                'mycar_billing.msg_payment_csv_encoding'))
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ',',
        delimiters=',;')
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if reader.fieldnames is None or set(COLUMNS) - set(reader.fieldnames):
        raise PaymentImportError(gettext(
                'mycar_billing.msg_payment_csv_columns',
                columns=', '.join(COLUMNS)))
    return [read_row(row, reader.line_num) for row in reader]


def read_row(row, line):
    try:
        day = row['date'].strip()
        date = (dt.datetime.strptime(day, '%d.%m.%Y').date()
            if re.fullmatch(r'\d{2}\.\d{2}\.\d{4}', day)
            else dt.date.fromisoformat(day))
        amount = Decimal(row['amount'].replace(' ', '').replace(',', '.'))
    except (ValueError, InvalidOperation, AttributeError):
        raise PaymentImportError(gettext(
                'mycar_billing.msg_payment_csv_row', line=line))
    if amount <= 0 or amount != amount.quantize(Decimal('0.01')) or not (
            row['reference'] or '').strip():
        raise PaymentImportError(gettext(
                'mycar_billing.msg_payment_csv_row', line=line))
    return {'line': line, 'date': date, 'amount': amount,
        'payer_bin': (row['payer_bin'] or '').strip(),
        'reference': row['reference'].strip(),
        'purpose': (row['purpose'] or '').strip()}


def partners_by_bin(bins):
    "{BIN: Partner company} of the BINs"
    pool = Pool()
    Company = pool.get('company.company')
    Identifier = pool.get('party.identifier')
    identifiers = Identifier.search([
            ('type', '=', 'kz_bin'), ('code', 'in', list(bins))])
    companies = Company.search([
            ('party', 'in', [i.party.id for i in identifiers])])
    parties = {c.party: c for c in companies}
    return {i.code: parties[i.party] for i in identifiers
        if i.party in parties}


class PaymentImportStart(ModelView):
    "Import a bank statement"
    __name__ = 'mycar.billing.payment.import.start'
    __string__ = "Import a Bank Statement"

    file = fields.Binary("Statement (CSV)", required=True,
        help="Columns: date, amount, payer_bin, reference, purpose.")


class PaymentImport(Wizard):
    "Import a bank statement"
    __name__ = 'mycar.billing.payment.import'
    start = StateView('mycar.billing.payment.import.start',
        'mycar_billing.payment_import_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Import", 'import_', 'tryton-ok', default=True),
            ])
    import_ = StateTransition()

    def transition_import_(self):
        Pool().get('mycar.billing.payment').import_csv(self.start.file)
        return 'end'


def names_number(text, number):
    """Whether text names the document number as a whole: invoice 1 is not
    named by 12, 21, 1/2 or 1.5, but is by "№1" or "invoice 1."."""
    return bool(text and re.search(
            rf'(?<![\w/.-]){re.escape(number)}(?![\w/-]|\.\d)', text))
