# This file is part of the MyCar partner platform.
"""Monthly acts of completed works (form Р-1) MyCar issues to each
Partner for the licences it held and the documents it had signed
(§5.3-5.6, Annex 2)."""
import datetime as dt
import logging

from num2words import num2words
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, Workflow, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from trytond.modules.mycar_cabinet.certification import CertificationCentre
from trytond.modules.mycar_partner import calendar, clauses
from trytond.modules.mycar_partner.calendar import ALMATY, to_utc
from trytond.modules.mycar_partner.model import (
    HidesForbiddenButtons,
    public_url,
)

from . import billing
from . import invoice as invoicing
from .billing import PeriodMonth
from .configuration import billing_company, in_mycar_books
from .exceptions import BillingError
from .tariff import KINDS

logger = logging.getLogger(__name__)
# the buttons of an act registered for signing and not yet signed
DELIVERY_BATCH = 20  # acts a queued task delivers
SIGNABLE = {
    'invisible': ((Eval('state') != 'issued')
        | ~Eval('signature_reference')),
    'depends': ['state', 'signature_reference'],
    }
STATES = [
    ('issued', "Issued"),
    ('signed', "Signed"),
    ('refused', "Refused"),
    ('corrected', "Corrected"),
    ]


class Act(HidesForbiddenButtons, PeriodMonth, Workflow, ModelSQL, ModelView):
    "Act of completed works"
    __name__ = 'mycar.billing.act'
    __string__ = "Act of Completed Works"

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Partner", required=True, readonly=True)
    agreement = fields.Many2One(
        'mycar.partner.agreement', "Agreement", required=True, readonly=True)
    date = fields.Date("Date", required=True, readonly=True)
    period_start = fields.Date("Period Start", required=True, readonly=True)
    period_end = fields.Date("Period End", required=True, readonly=True,
        help="The turnover date: the VAT rate is the one of this day.")
    vat_rate = fields.Numeric("VAT Rate", digits=(4, 2), required=True,
        readonly=True)
    lines = fields.One2Many(
        'mycar.billing.act.line', 'act', "Lines", readonly=True)
    total_amount = fields.Numeric("Total (VAT included)", digits=(16, 2),
        required=True, readonly=True)
    tax_amount = fields.Numeric("VAT", digits=(16, 2), required=True,
        readonly=True)
    untaxed_amount = fields.Function(fields.Numeric(
            "Without VAT", digits=(16, 2)), 'get_untaxed_amount')
    state = fields.Selection(STATES, "State", required=True, readonly=True,
        sort=False)
    state_string = state.translated('state')
    refusal_reason = fields.Text("Refusal Reason",
        states={
            'invisible': ~Eval('state').in_(['refused', 'corrected']),
            'readonly': Eval('state') != 'issued',
            })
    corrects = fields.Many2One('mycar.billing.act', "Corrects",
        readonly=True, help="The refused act this one replaces.")
    pdf = fields.Binary("PDF (Russian)", filename='filename', readonly=True,
        help="The act as sent, the document the Partner signs.")
    filename = fields.Function(fields.Char("File Name"), 'get_filename')
    document = fields.Many2One('mycar.cabinet.document', "Document to Sign",
        readonly=True,
        help="The act in the documents' flow: the Partner signs it at the "
        "certification centre.")
    signature_reference = fields.Function(fields.Char(
            "Certification Centre Reference"), 'get_signature_reference')
    signature = fields.Binary("Signature (CMS)", readonly=True)
    signer_subject = fields.Char("Signer Certificate", readonly=True)
    signer_name = fields.Char("Signed by", readonly=True)
    signed_date = fields.DateTime("Signed", readonly=True)
    invoice = fields.Many2One('account.invoice', "Invoice", readonly=True,
        help="MyCar's customer invoice, posted when the act is signed.")
    invoice_number = fields.Function(fields.Char("Invoice Number"),
        'get_invoice_fields')
    invoice_due_date = fields.Function(fields.Date("Payment Due"),
        'get_invoice_fields')
    invoice_to_pay = fields.Function(fields.Numeric("To Pay (KZT)",
            digits=(16, 2)), 'get_invoice_fields')
    esfs = fields.One2Many('mycar.billing.esf', 'act',
        "Electronic Invoices", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('number_unique', Unique(t, t.number),
                'mycar_billing.msg_act_number_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.company, Index.Equality()),
                    (t.period_start, Index.Range())),
                Index(t, (t.state, Index.Equality())),
                Index(t, (t.invoice, Index.Equality())),
                })
        cls._order = [('period_start', 'DESC'), ('number', 'DESC'),
            ('id', 'DESC')]
        cls._transitions |= {
            ('issued', 'signed'), ('issued', 'refused'),
            ('refused', 'corrected'),
            }
        cls._buttons.update({
                'refuse': {
                    'invisible': Eval('state') != 'issued',
                    'depends': ['state'],
                    },
                'sign': SIGNABLE,
                'fetch_signature': SIGNABLE,
                'correct': {
                    'invisible': Eval('state') != 'refused',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'issued'

    def get_rec_name(self, name):
        return self.number or str(self.id)

    def get_filename(self, name):
        return f'{self.number}.pdf'

    @classmethod
    def get_invoice_fields(cls, acts, names):
        """What the Partner may know of MyCar's invoice of its act: the
        invoice itself is in MyCar's books, out of the Partner's reach"""
        result = {n: {a.id: None for a in acts} for n in names}
        if not any(a.invoice for a in acts):
            return result
        Invoice = Pool().get('account.invoice')
        invoiced = [a for a in acts if a.invoice]
        with in_mycar_books():
            # browsed together, the invoices are read in one batch
            invoices = Invoice.browse([a.invoice.id for a in invoiced])
            for act, invoice in zip(invoiced, invoices):
                values = {
                    'invoice_number': invoice.number,
                    'invoice_due_date': invoicing.due_of(invoice),
                    'invoice_to_pay': invoice.amount_to_pay,
                    }
                for name in names:
                    result[name][act.id] = values[name]
        return result

    def get_untaxed_amount(self, name):
        return self.total_amount - self.tax_amount

    def get_signature_reference(self, name):
        if self.document and self.document.signatures:
            return self.document.signatures[0].centre_reference

    def amount_in_words(self, language):
        "The total in words in Russian (ru) or Kazakh (kk)"
        return num2words(self.total_amount,
            lang='kz' if language == 'kk' else 'ru', to='currency',
            currency='KZT')

    @classmethod
    @ModelView.button_action('mycar_billing.url_act_sign')
    def sign(cls, acts):
        "The Partner's signatory signs the act at the certification centre"
        for act in acts[:1]:
            return {'url': CertificationCentre().signing_page(
                    act.signature_reference, public_url())}

    @classmethod
    @ModelView.button
    def fetch_signature(cls, acts):
        """Take the Partner's signature from the centre, verified against
        the act as sent and made with the Partner's certificate; the act
        is signed then (cabinet_signed); a signature by anyone else is
        refused, naming whom the act waits for"""
        Pool().get('mycar.signature.request').fetch_or_refuse(
            [a.document for a in acts
                if a.document and a.state == 'issued'])

    @classmethod
    def cabinet_signed(cls, documents):
        "The Partner signed the acts of the documents"
        acts = [d.origin for d in documents
            if d.origin.document == d and d.origin.state == 'issued']
        for act in acts:
            signature = act.document.signatures[0]
            act.signature = signature.cms
            act.signer_subject = signature.signer_subject
            act.signer_name = signature.signer_name
            act.signed_date = signature.signed_date
        cls.save(acts)
        cls.signed(acts)

    @classmethod
    def fetch_signatures(cls):
        "Cron: the signatures made at the centre since"
        Pool().get('mycar.signature.request').fetch([a.document
                for a in cls.search([
                        ('state', '=', 'issued'),
                        ('document.signatures.centre_reference', '!=', None),
                        ])])

    @classmethod
    @Workflow.transition('signed')
    def signed(cls, acts):
        "Signed within its clock or late (§5.6); invoiced at once (§5.7)"
        Pool().get('mycar.deadline').meet(acts, [clauses.ACT_SIGNING])
        cls.post_invoices(acts)

    @classmethod
    def post_invoices(cls, acts):
        "Post MyCar's invoice of each signed act, due in 10 banking days"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        acts = [a for a in acts if not a.invoice]
        if not acts:
            return
        with in_mycar_books() as company:
            invoices = invoicing.invoices_of(acts, company)
            Invoice.save(invoices)
            Invoice.update_taxes(invoices)
            invoicing.match_tax(invoices, acts)
            Invoice.post(invoices)
        for act, record in zip(acts, invoices):
            act.invoice = record
        cls.save(acts)
        pool.get('mycar.billing.esf').issue(acts)

    @classmethod
    @ModelView.button
    @Workflow.transition('refused')
    def refuse(cls, acts):
        "The Partner refuses the act with its reasons (§5.6)"
        for act in acts:
            if not (act.refusal_reason or '').strip():
                raise BillingError(gettext(
                        'mycar_billing.msg_act_refusal_reason',
                        act=act.rec_name))
        Pool().get('mycar.deadline').meet(acts, [clauses.ACT_SIGNING])

    @classmethod
    @ModelView.button
    @Workflow.transition('corrected')
    def correct(cls, acts):
        "Issue the corrected act of each refused act, computed again"
        for act in acts:
            cls.issue([act.agreement], act.period_start, act.period_end,
                corrects=act)

    @classmethod
    def bill(cls, period_start, period_end):
        """Issue the act of the period to every Partner that held licences
        in it and has none yet; a second run issues nothing more. A
        Partner's documents and deal volume are billed on that act: one
        that held no licence in the period gets none"""
        pool = Pool()
        Agreement = pool.get('mycar.partner.agreement')
        pool.get('sale.subscription').catch_up()
        pool.get('sale.subscription.line.consumption').record(
            period=(period_start, period_end))
        holdings = billing.held(period_start, period_end)
        billed = {a.agreement.id for a in cls.search([
                    ('period_start', '=', period_start),
                    ('state', '!=', 'corrected'),
                    ])}
        agreements = Agreement.browse(sorted(set(holdings) - billed))
        return cls.issue(agreements, period_start, period_end,
            holdings=holdings)

    @classmethod
    def issue(cls, agreements, period_start, period_end, holdings=None,
            corrects=None):
        "Compute and issue the acts of the agreements for the period"
        pool = Pool()
        Configuration = pool.get('mycar.partner.configuration')
        if holdings is None:
            holdings = billing.held(period_start, period_end, agreements)
        priced = cls.price(agreements, period_start, period_end, holdings)
        numbers = Configuration(1).act_sequence.get_many(len(priced)) \
            if priced else iter(())
        for act, number in zip(priced, numbers):
            act.number, act.corrects = number, corrects
        cls.save(priced)
        cls.start_clocks(priced)
        return priced

    @classmethod
    def price(cls, agreements, period_start, period_end, holdings):
        "Unsaved acts of the agreements that have something to bill"
        pool = Pool()
        Tariff = pool.get('mycar.billing.tariff')
        Line = pool.get('mycar.billing.act.line')
        tariffs = Tariff.valid_on(period_start)
        documents, volumes = billing.consumed(period_start, period_end,
            tariffs, [a.company for a in agreements])
        vat_rate = cls.vat_on(period_end).rate
        period_days = (period_end - period_start).days + 1
        today = calendar.today()
        acts = []
        for agreement in agreements:
            company = agreement.company.id
            lines = billing.priced(holdings.get(agreement.id, []),
                documents[company], volumes[company], tariffs, period_days,
                vat_rate)
            if lines:
                acts.append(cls(company=agreement.company,
                        agreement=agreement, date=today,
                        period_start=period_start, period_end=period_end,
                        vat_rate=vat_rate, state='issued',
                        lines=[Line(**v) for v in lines],
                        total_amount=sum(v['amount'] for v in lines),
                        tax_amount=sum(v['tax_amount'] for v in lines)))
        return acts

    @classmethod
    def bill_previous_month(cls):
        "Cron: the acts of the month that ended (B3)"
        return cls.bill(*previous_month())

    @classmethod
    def vat_on(cls, date):
        "The VAT tax of MyCar's chart on the turnover date"
        Tax = Pool().get('account.tax')
        taxes = Tax.search([
                ('company', '=', billing_company().id),
                ('group.code', '=', 'VAT'), ('parent', '=', None),
                ['OR', ('start_date', '=', None),
                    ('start_date', '<=', date)],
                ['OR', ('end_date', '=', None), ('end_date', '>=', date)],
                ], limit=1)
        if not taxes:
            raise BillingError(gettext(
                    'mycar_billing.msg_no_vat', date=date))
        return taxes[0]

    @classmethod
    def start_clocks(cls, acts):
        "B3: issued within 5 working days after the period (met now)"
        Deadline = Pool().get('mycar.deadline')
        now = calendar.now()
        ends = {a.period_end for a in acts}
        # the days are counted after the last day of the period
        period_ends = {d: to_utc(dt.datetime.combine(
                    d, dt.time(23, 59, 59), tzinfo=ALMATY)) for d in ends}
        Deadline.start([clauses.ACT_ISSUE.clock(a.company, a,
                    started=period_ends[a.period_end], description=a.number)
                for a in acts])
        Deadline.meet(acts, [clauses.ACT_ISSUE], when=now)
        # the workers deliver 20 acts a task, in parallel: a failure
        # retries its 20, not the month's
        with Transaction().set_context(queue_batch=DELIVERY_BATCH):
            cls.__queue__.deliver(acts)

    @classmethod
    def deliver(cls, acts):
        """Issue each act in the documents' flow, for the Partner to sign
        at the certification centre, and e-mail it to the Partner's
        accountants (queued: the PDFs are rendered after the billing run);
        the Partner has 10 calendar days from receipt to sign or refuse it
        (§5.6)"""
        pool = Pool()
        Deadline = pool.get('mycar.deadline')
        Document = pool.get('mycar.cabinet.document')
        Signature = pool.get('mycar.signature.request')
        Notice = pool.get('mycar.billing.act.notice', type='report')
        Report = pool.get('mycar.billing.act', type='report')
        Message = pool.get('mycar.outbox.message')
        recipients = pool.get('company.company').members_of(
            {a.company for a in acts}, 'group_partner_accountant')
        emails = []
        for act in acts:
            with Transaction().set_context(language='ru'):
                act.pdf = Report.execute([act.id], {})[1]
            to = recipients.get(act.company) or [
                e.email for e in [act.agreement.edition] if e and e.email]
            if to:  # the Russian PDF rendered once for both
                emails.append(Notice.message(
                        act, ', '.join(to), rendered={'ru': act.pdf}))
            else:
                logger.warning("act %s: the Partner has no e-mail", act.id)
        Message.queue(emails)  # one task for the workers, not one an act
        documents = Document.issue([Document(company=a.company,
                    party=a.company.party, kind='act', name=a.number,
                    pdf=a.pdf, origin=a,
                    signatures=[Signature(signer='partner')])
                for a in acts])
        for act, document in zip(acts, documents):
            act.document = document
        cls.save(acts)
        Deadline.start([clauses.ACT_SIGNING.clock(
                    a.company, a, description=a.number) for a in acts])


class ActLine(ModelSQL, ModelView):
    "Line of an act"
    __name__ = 'mycar.billing.act.line'
    __string__ = "Act Line"

    act = fields.Many2One('mycar.billing.act', "Act", required=True,
        readonly=True, ondelete='CASCADE')
    sequence = fields.Integer("Sequence", readonly=True)
    service = fields.Many2One('mycar.service', "Service", required=True,
        readonly=True)
    kind = fields.Selection(KINDS, "Kind", required=True, readonly=True)
    quantity = fields.Numeric("Quantity", digits=(16, 2), required=True,
        readonly=True)
    unit_price = fields.Numeric("Tariff (VAT included)", digits=(16, 4),
        required=True, readonly=True)
    days = fields.Integer("Days", readonly=True,
        help="Days of the month the licences were held, if not all.")
    period_days = fields.Integer("Days in the Month", readonly=True)
    volume = fields.Numeric("Deal Volume (KZT)", digits=(16, 2),
        readonly=True,
        help="What the Partner's clients paid through the platform in the "
        "month for the documents of the service.")
    percentage = fields.Numeric("Percentage", digits=(16, 4), readonly=True)
    amount = fields.Numeric("Amount (VAT included)", digits=(16, 2),
        required=True, readonly=True)
    tax_amount = fields.Numeric("VAT", digits=(16, 2), required=True,
        readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls.__access__.add('act')
        cls._sql_indexes.add(Index(t, (t.act, Index.Equality())))
        cls._order = [('act', 'ASC'), ('sequence', 'ASC'), ('id', 'ASC')]


def month_of(day):
    "The first and last days of day's calendar month"
    start = day.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(1)
    return start, end


def previous_month(today=None):
    today = today or calendar.today()
    return month_of(today.replace(day=1) - dt.timedelta(days=1))


class Deadline(metaclass=PoolMeta):
    __name__ = 'mycar.deadline'

    @classmethod
    def _get_references(cls):
        return super()._get_references() + [
            'mycar.billing.act', 'mycar.billing.reconciliation']
