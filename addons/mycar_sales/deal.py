# This file is part of the MyCar partner platform.
"""A sale closed online (Annex 4): the sales manager enters the goods,
the price and the terms (A4 §1.5); the client fills the questionnaire in
the cabinet; the contract is the Partner's approved template filled with
both (A4 §1.4.1), signed by the Partner then the client through the
certification centre (A4 §1.4.3), with a completion certificate; the
client pays the invoice in the cabinet (A4 §1.4.4, §1.4.6) and the
Partner notes its paper waybill or act (A4 §2.3.5). Every document goes
through the cabinet's one flow, within 5 minutes (A4 §1.7)."""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import (
    Index,
    ModelSQL,
    ModelView,
    Workflow,
    fields,
    sequence_ordered,
)
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from trytond.modules.mycar_cabinet.client import cabinet_url
from trytond.modules.mycar_cabinet.outbox import text_message
from trytond.modules.mycar_partner import calendar, clauses, kz
from trytond.modules.mycar_partner.model import (
    HidesForbiddenButtons,
    local_date,
    number_per_company,
    only_from,
    shown_in,
)

from . import named
from .exceptions import DealError

STATES = [
    ('draft', "Draft"),
    ('questionnaire', "Preparing the Contract"),
    ('signing', "Contract to Sign"),
    ('signed', "Signed"),
    ('invoiced', "Waiting for Payment"),
    ('paid', "Paid"),
    ('done', "Done"),
    ('cancelled', "Cancelled"),
    ]
DRAFT = {'readonly': Eval('state') != 'draft'}
VEHICLE = {'readonly': Eval('state') != 'draft',
    'invisible': Eval('goods') != 'vehicle',
    'required': Eval('goods') == 'vehicle'}
CENT = Decimal('0.01')


class Deal(HidesForbiddenButtons, Workflow, ModelSQL, ModelView):
    "Sale of a Partner to a client"
    __name__ = 'mycar.sales.deal'
    __string__ = "Sale"
    _rec_name = 'number'

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One('company.company', "Partner", required=True,
        readonly=True)
    party = fields.Many2One('party.party', "Client", required=True,
        domain=[('client_code', '!=', None)], states=DRAFT,
        help="Enter a new client first (Clients / Enter a Client): the "
        "client's mobile gives them their cabinet.")
    template = fields.Many2One('mycar.sales.template', "Contract Template",
        required=True, states=DRAFT,
        domain=[('company', '=', Eval('company', -1)),
            ('service', '=', 'sales')])
    template_version = fields.Many2One('mycar.sales.template.version',
        "Template Version", required=True, states=DRAFT,
        domain=[('template', '=', Eval('template', -1)),
            ('state', '=', 'approved')],
        help="The approved version the contract is made from: it stays "
        "with the deal whatever versions come later.")
    goods = fields.Selection([
            ('vehicle', "A vehicle"),
            ('parts', "Parts and services"),
            ], "Goods", required=True, states=DRAFT)
    vin = fields.Char("VIN", size=17, states=VEHICLE)
    make = fields.Char("Make", states=VEHICLE)
    model = fields.Char("Model", states=VEHICLE)
    year = fields.Integer("Year", states={**VEHICLE, 'required': False})
    colour = fields.Char("Colour", states={**VEHICLE, 'required': False})
    lines = fields.One2Many('mycar.sales.deal.line', 'deal', "Goods",
        states=DRAFT)
    vat_rate = fields.Numeric("VAT Rate (%)", digits=(4, 2), required=True,
        states=DRAFT, domain=[('vat_rate', '>=', 0)],
        help="0 when the Partner does not pay VAT.")
    total_amount = fields.Function(fields.Numeric("Price (KZT, VAT "
            "included)", digits=(16, 2)), 'get_amounts')
    vat_amount = fields.Function(fields.Numeric("VAT (KZT)",
            digits=(16, 2)), 'get_amounts')
    payment_terms = fields.Text("Payment Terms", required=True,
        states=DRAFT)
    questionnaire = fields.Many2One('mycar.sales.questionnaire',
        "Client's Questionnaire", readonly=True,
        help="Open it to fill it in from the client's paper questionnaire "
        "(A4 §1.5) when the client does not fill it in the cabinet.")
    questionnaire_state = fields.Function(fields.Selection([
                (None, ""),
                ('draft', "Being filled"),
                ('submitted', "Submitted"),
                ], "Questionnaire"), 'get_questionnaire_state')
    contract_document = fields.Many2One('mycar.cabinet.document',
        "Contract", readonly=True)
    contract_hash = fields.Function(fields.Char("Contract SHA-256"),
        'get_contract_hash')
    certificate_document = fields.Many2One('mycar.cabinet.document',
        "Completion Certificate", readonly=True)
    invoice_pdf = fields.Binary("Invoice PDF", filename='invoice_filename',
        states={'readonly': ~Eval('state').in_(['draft', 'questionnaire',
                        'signing', 'signed'])},
        help="The invoice of the Partner's accounting, when it has one; "
        "else the platform makes it (A4 §2.3.4).")
    invoice_filename = fields.Function(fields.Char("Invoice File Name"),
        'get_invoice_filename')
    invoice_document = fields.Many2One('mycar.cabinet.document', "Invoice",
        readonly=True)
    paid_date = fields.DateTime("Paid", readonly=True)
    delivery_kind = fields.Selection([
            (None, ""),
            ('waybill', "Waybill"),
            ('act', "Act of completed works"),
            ], "Paper Document",
        states={'readonly': Eval('state') != 'paid',
            'required': Eval('state') == 'done'},
        help="The paper waybill (or act) the Partner gave the client, "
        "signed and stamped (A4 §2.3.5).")
    delivery_number = fields.Char("Its Number",
        states={'readonly': Eval('state') != 'paid',
            'required': Eval('state') == 'done'})
    delivery_date = fields.Date("Its Date",
        states={'readonly': Eval('state') != 'paid',
            'required': Eval('state') == 'done'})
    sold_by = employee_field("Sales Manager",
        states=['questionnaire', 'signing', 'signed', 'invoiced', 'paid',
            'done', 'cancelled'])
    state = fields.Selection(STATES, "State", required=True, readonly=True,
        sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.company, Index.Equality()),
                    (t.state, Index.Equality())),
                Index(t, (t.party, Index.Equality())),
                })
        cls._order = [('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'questionnaire'), ('questionnaire', 'signing'),
            ('signing', 'signed'), ('signed', 'invoiced'),
            ('invoiced', 'paid'), ('paid', 'done'),
            ('draft', 'cancelled'), ('questionnaire', 'cancelled'),
            }
        buttons = {
            'send_questionnaire': ['draft'],
            'issue_contract': ['questionnaire'],
            'fetch_signatures': ['signing'],
            'invoice': ['signed'],
            'deliver': ['paid'],
            'cancel': ['draft', 'questionnaire'],
            }
        cls._buttons.update(shown_in(buttons))

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_goods(cls):
        return 'vehicle'

    @classmethod
    def default_vat_rate(cls):
        return kz.vat_rate(calendar.today())

    @fields.depends('template')
    def on_change_template(self):
        "The template's version in force today"
        Version = Pool().get('mycar.sales.template.version')
        self.template_version = Version.in_force(
            [self.template], calendar.today()).get(self.template) \
            if self.template else None

    @classmethod
    def get_amounts(cls, deals, names):
        totals = {d.id: sum((i.amount or 0 for i in d.lines), Decimal(0))
            for d in deals}
        result = {'total_amount': totals, 'vat_amount': {
                d.id: kz.vat_in(totals[d.id], d.vat_rate or 0)
                for d in deals}}
        return {n: result[n] for n in names}

    def get_questionnaire_state(self, name):
        return self.questionnaire.state if self.questionnaire else None

    def get_contract_hash(self, name):
        document = self.contract_document
        if document and document.signatures:
            return document.signatures[0].document_hash

    def get_invoice_filename(self, name):
        return f'{self.number or "invoice"}.pdf'

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('vin'):
            values['vin'] = kz.normal_vin(values['vin'])
        return values

    @classmethod
    def validate_fields(cls, deals, field_names):
        super().validate_fields(deals, field_names)
        if field_names is None or {'vin', 'goods'} & field_names:
            cls.check_vin(deals)
        if field_names is None or {'template_version'} & field_names:
            cls.check_version(deals)
            cls.check_current([d for d in deals if d.state == 'draft'])

    @classmethod
    def check_modification(cls, mode, deals, values=None, external=False):
        """From outside, what the workflow sets never changes, and the sale
        changes only while a draft (its paper document once paid)"""
        super().check_modification(
            mode, deals, values=values, external=external)
        if not external or mode == 'delete':
            return
        if mode == 'create':
            forged = any(d.state != 'draft' or any(getattr(d, f, None)
                    for f in WORKFLOW_FIELDS - {'state', 'company'})
                for d in deals)
        else:
            fields = set(values)
            forged = bool(fields & WORKFLOW_FIELDS) or any(
                fields - allowed_in(d.state) for d in deals)
        if forged:
            raise DealError(gettext('mycar_sales.msg_deal_workflow_only'))

    @classmethod
    def check_state(cls, deals, states, message):
        "Refuse, naming the sale, any sale not in one of the states"
        for deal in deals:
            if deal.state not in states:
                raise DealError(gettext(f'mycar_sales.{message}',
                        deal=deal.rec_name, state=deal.state_string))

    @classmethod
    def check_vin(cls, deals):
        for deal in deals:
            problem = kz.vin_problem(deal.vin) if deal.vin else None
            if deal.goods == 'vehicle' and problem:
                kind, detail = problem
                raise DealError(gettext(f'mycar_sales.msg_deal_vin_{kind}',
                        vin=deal.vin, detail=detail))

    @classmethod
    def check_version(cls, deals, date=None):
        """The contract is made only from an approved version of the
        deal's template, in force on date (today)"""
        date = date or calendar.today()
        for deal in deals:
            version = deal.template_version
            if version.template != deal.template or (
                    version.state != 'approved'):
                raise DealError(gettext(
                        'mycar_sales.msg_deal_version_not_approved',
                        version=version.rec_name,
                        state=version.state_string))
            if version.start_date > date:
                raise DealError(gettext(
                        'mycar_sales.msg_deal_version_not_in_force',
                        version=version.rec_name,
                        start=local_date(version.start_date)))

    @classmethod
    def check_current(cls, deals):
        "A sale being prepared uses its template's version in force"
        Version = Pool().get('mycar.sales.template.version')
        in_force = Version.in_force([d.template for d in deals],
            calendar.today())
        for deal in deals:
            current = in_force.get(deal.template)
            if current and current.start_date > (
                    deal.template_version.start_date):
                raise DealError(gettext(
                        'mycar_sales.msg_deal_version_replaced',
                        version=deal.template_version.rec_name,
                        current=current.rec_name))

    @classmethod
    def set_number(cls, deals):
        Configuration = Pool().get('mycar.partner.configuration')
        number_per_company([d for d in deals if not d.number],
            'sales_deal_sequence', Configuration(1).sales_deal_sequence)
        cls.save(deals)

    @classmethod
    @ModelView.button
    @only_from({'draft'}, 'msg_deal_not_draft')
    @Workflow.transition('questionnaire')
    @set_employee('sold_by')
    def send_questionnaire(cls, deals):
        """The deal in the client's cabinet, with a questionnaire to fill
        (A4 §1.4.5): the client is texted where"""
        Questionnaire = Pool().get('mycar.sales.questionnaire')
        cls.check_ready(deals)
        cls.set_number(deals)
        questionnaires = Questionnaire.for_deals(deals)
        for deal, questionnaire in zip(deals, questionnaires):
            deal.questionnaire = questionnaire
        cls.save(deals)
        cls.text_clients(deals, 'msg_deal_questionnaire_sms')

    @classmethod
    def check_ready(cls, deals):
        "A deal goes to the client with its goods, at a price"
        cls.check_version(deals)
        for deal in deals:
            if not deal.lines or deal.total_amount <= 0:
                raise DealError(gettext('mycar_sales.msg_deal_no_goods',
                        deal=deal.rec_name or ''))

    @classmethod
    def text_clients(cls, deals, message):
        """An SMS to each deal's client, in their language, with the link;
        the deal's clock of its delivery clause runs until the gateway
        takes it (A4 §1.7: everything sent to the client; the documents
        have clocks of their own)"""
        pool = Pool()
        Message = pool.get('mycar.outbox.message')
        Deadline = pool.get('mycar.deadline')
        messages = []
        for deal in deals:
            with Transaction().set_context(language=client_language(deal)):
                text = gettext(f'mycar_sales.{message}',
                    partner=deal.company.rec_name, number=deal.number,
                    url=f'{cabinet_url()}/sales/deals/{deal.id}')
            messages.append(text_message('sms', deal.party.client_mobile,
                    text, origin=deal, company=deal.company,
                    key=f'sales-deal-{deal.id}-{message}'))
        Message.queue(messages)
        timed = {c.reference for c in Deadline.search([  # a retried call
                    ('reference', 'in', [str(d) for d in deals]),
                    ('clause', 'in',
                        list({d.delivery_clause.id for d in deals})),
                    ])}
        Deadline.start([d.delivery_clause.clock(d.company, d)
                for d in deals if d not in timed])

    @classmethod
    def outbox_sent(cls, messages):
        "The SMS gateway took the messages to the clients: their clocks"
        Deadline = Pool().get('mycar.deadline')
        sms = [m for m in messages if m.channel == 'sms']
        sent = groups([(m.sent_date, m.origin.delivery_clause) for m in sms])
        for (when, clause), indexes in sent.items():
            Deadline.meet([sms[i].origin for i in indexes], [clause],
                when=when)

    @classmethod
    @ModelView.button
    @only_from({'questionnaire'}, 'msg_deal_not_waiting')
    @Workflow.transition('signing')
    def issue_contract(cls, deals):
        """The contract from the pinned version, with the Partner's data,
        the deal and the questionnaire, to sign by the Partner then the
        client"""
        for deal in deals:
            if deal.questionnaire_state != 'submitted':
                raise DealError(gettext(
                        'mycar_sales.msg_deal_questionnaire_missing',
                        deal=deal.rec_name))
        cls.check_version(deals)
        documents = cls.issue(deals, 'contract', [d.contract() for d in deals],
            signers=['partner', 'client'])
        for deal, document in zip(deals, documents):
            deal.contract_document = document
        cls.save(deals)

    def contract(self):
        "The contract's PDF: the pinned version filled, in its language"
        with Transaction().set_context(language=self.template.language):
            deal = self.__class__(self.id)
            return deal.template_version.render(deal.template_values())

    def template_values(self):
        "The named fields of the contract, filled"
        lines = [{'description': i.description,
                'quantity': f'{i.quantity.normalize():f}',
                'unit_price': named.money(i.unit_price),
                'amount': named.money(i.amount)} for i in self.lines]
        return {
            'partner': named.partner_values(self.company),
            'client': self.questionnaire.template_values(),
            'deal': {'number': self.number,
                'date': named.day(calendar.today()),
                'vehicle': {'vin': self.vin or '', 'make': self.make or '',
                    'model': self.model or '', 'year': str(self.year or ''),
                    'colour': self.colour or ''},
                'lines': lines, 'total': named.money(self.total_amount),
                'total_in_words': named.in_words(self.total_amount,
                    Transaction().language),
                'vat': named.money(self.vat_amount),
                'vat_rate': f'{self.vat_rate.normalize():f}',
                'payment_terms': self.payment_terms},
            }

    @classmethod
    def issue(cls, deals, kind, pdfs, signers=(), amounts=None):
        """The deals' documents of kind, issued through the cabinet's flow
        within their service's clause (A4 §1.7: 5 minutes), titled in
        Russian and Kazakh, signed by signers in order"""
        pool = Pool()
        Document = pool.get('mycar.cabinet.document')
        Service = pool.get('mycar.service')
        Signature = pool.get('mycar.signature.request')
        services = {s.code: s for s in Service.search(
                [('code', 'in', list({d.service_code for d in deals}))])}
        amounts = amounts or [None] * len(deals)
        issued = {}
        for clause, indexes in groups(
                [d.delivery_clause for d in deals]).items():
            batch = [deals[i] for i in indexes]
            titles = {lang: [d.title(kind, lang) for d in batch]
                for lang in ['ru', 'kk']}
            documents = [Document(company=d.company, party=d.party,
                    kind=kind, service=services[d.service_code], origin=d,
                    pdf=pdfs[i], amount=amounts[i], name=title,
                    signatures=[Signature(signer=s) for s in signers])
                for d, i, title in zip(batch, indexes, titles['ru'])]
            issued.update(zip(indexes, Document.issue(documents,
                        clause=clause, names={'kk': titles['kk']})))
        return [issued[i] for i in range(len(deals))]

    @property
    def service_code(self):
        "The code of the service the deal is made through"
        return 'sales'

    @property
    def delivery_clause(self):
        "The clause within whose minutes its documents reach the client"
        return clauses.SALES_DELIVERY

    def title(self, kind, language):
        "The title of the deal's document of kind in language"
        with Transaction().set_context(language=language):
            return gettext(f'mycar_sales.msg_deal_title_{kind}',
                number=self.number)

    @classmethod
    @ModelView.button
    def fetch_signatures(cls, deals):
        "Take the signatures made at the centre since"
        Pool().get('mycar.signature.request').fetch_or_refuse(
            [d.contract_document for d in deals if d.contract_document])

    @classmethod
    def cabinet_signed(cls, documents):
        "The deals whose contract both signed: signed, with a certificate"
        cls.signed([d.origin for d in documents
                if d.origin.contract_document == d
                and d.origin.state == 'signing'])

    @classmethod
    @Workflow.transition('signed')
    def signed(cls, deals):
        Certificate = Pool().get('mycar.sales.deal.certificate',
            type='report')
        documents = cls.issue(deals, 'certificate',
            [Certificate.render_pdf(d) for d in deals])
        for deal, document in zip(deals, documents):
            deal.certificate_document = document
        cls.save(deals)

    @classmethod
    @ModelView.button
    @only_from({'signed'}, 'msg_deal_not_signed')
    @Workflow.transition('invoiced')
    def invoice(cls, deals):
        """The invoice to the client's cabinet and the payment organisation
        (A4 §1.4.4), once the contract is signed by both"""
        Invoice = Pool().get('mycar.sales.deal.invoice', type='report')
        documents = cls.issue(deals, 'invoice',
            [d.invoice_pdf or Invoice.render_pdf(d) for d in deals],
            amounts=[d.total_amount for d in deals])
        for deal, document in zip(deals, documents):
            deal.invoice_document = document
        cls.save(deals)

    @classmethod
    def cabinet_paid(cls, documents):
        "The deals whose invoice the client paid are paid"
        cls.paid([d.origin for d in documents
                if d.origin.invoice_document == d
                and d.origin.state == 'invoiced'])

    @classmethod
    @Workflow.transition('paid')
    def paid(cls, deals):
        cls.write(deals, {'paid_date': calendar.now()})

    @classmethod
    @ModelView.button
    @only_from({'paid'}, 'msg_deal_not_paid')
    @Workflow.transition('done')
    def deliver(cls, deals):
        "The goods handed over with the paper waybill or act (A4 §2.3.5)"
        for deal in deals:
            if not (deal.delivery_kind and deal.delivery_number
                    and deal.delivery_date):
                raise DealError(gettext(
                        'mycar_sales.msg_deal_delivery_missing',
                        deal=deal.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, deals):
        pass

    # the client's cabinet
    @classmethod
    def of_client(cls, party, deal_id):
        "The client's deal, once sent to them (even cancelled since)"
        deals = cls.search([('id', '=', int(deal_id or -1)),
                ('party', '=', party.id)] + SENT, limit=1)
        if not deals:
            raise DealError(gettext('mycar_sales.msg_deal_unknown'))
        return deals[0]

    @classmethod
    def of_client_all(cls, party):
        "The client's deals, newest first"
        return cls.search([('party', '=', party.id)] + SENT)

    @classmethod
    def answer_questionnaire(cls, party, deal_id, form, submit=False):
        """The client's answers to the deal's questionnaire, kept (as
        Questionnaire.answer: the questionnaire and any refusal)"""
        Questionnaire = Pool().get('mycar.sales.questionnaire')
        deal = cls.of_client(party, deal_id)
        if deal.state != 'questionnaire' or not deal.questionnaire:
            raise DealError(gettext(
                    'mycar_sales.msg_deal_questionnaire_closed',
                    deal=deal.rec_name))
        return Questionnaire.answer(party, deal.questionnaire.id, form,
            submit=submit)

    @property
    def documents(self):
        "The deal's documents in the client's cabinet, in their order"
        return [d for d in [self.contract_document,
                self.certificate_document, self.invoice_document]
            if d and d.state != 'draft']


# the deals their client has been sent (a number is given when sent)
SENT = [('state', '!=', 'draft'), ('number', '!=', None)]

# what only the deal's buttons write
WORKFLOW_FIELDS = {'state', 'number', 'company', 'questionnaire',
    'contract_document', 'certificate_document', 'invoice_document',
    'paid_date', 'sold_by'}
DRAFT_FIELDS = {'party', 'template', 'template_version', 'goods', 'vin',
    'make', 'model', 'year', 'colour', 'lines', 'vat_rate',
    'payment_terms'}
DELIVERY_FIELDS = {'delivery_kind', 'delivery_number', 'delivery_date'}


def allowed_in(state):
    "The fields of a sale its users change in state"
    fields = {'invoice_pdf'} if state in {
        'draft', 'questionnaire', 'signing', 'signed'} else set()
    if state == 'draft':
        fields |= DRAFT_FIELDS
    if state == 'paid':
        fields |= DELIVERY_FIELDS
    return fields


def groups(keys):
    "{key: [index]} of the keys, in their order"
    result = {}
    for index, key in enumerate(keys):
        result.setdefault(key, []).append(index)
    return result


def client_language(deal):
    return deal.party.lang.code if deal.party.lang else 'ru'


class Line(sequence_ordered(), ModelSQL, ModelView):
    "Goods of a sale"
    __name__ = 'mycar.sales.deal.line'
    __string__ = "Sale Line"

    deal = fields.Many2One('mycar.sales.deal', "Sale", required=True,
        ondelete='CASCADE')
    description = fields.Char("Description", required=True)
    quantity = fields.Numeric("Quantity", digits=(16, 2), required=True,
        domain=[('quantity', '>', 0)])
    unit_price = fields.Numeric("Unit Price (KZT, VAT included)",
        digits=(16, 2), required=True, domain=[('unit_price', '>', 0)])
    amount = fields.Function(fields.Numeric("Amount (KZT)", digits=(16, 2)),
        'on_change_with_amount')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls.__access__.add('deal')
        cls._sql_indexes.add(Index(t, (t.deal, Index.Equality())))

    @classmethod
    def default_quantity(cls):
        return Decimal(1)

    @fields.depends('quantity', 'unit_price')
    def on_change_with_amount(self, name=None):
        if self.quantity is None or self.unit_price is None:
            return None
        return (self.quantity * self.unit_price).quantize(CENT)

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        for line in lines:
            if line.deal.state != 'draft':
                raise DealError(gettext('mycar_sales.msg_deal_not_draft',
                        deal=line.deal.rec_name,
                        state=line.deal.state_string))


class Document(metaclass=PoolMeta):
    __name__ = 'mycar.cabinet.document'

    @classmethod
    def _get_origins(cls):
        return super()._get_origins() + ['mycar.sales.deal']


class Message(metaclass=PoolMeta):
    __name__ = 'mycar.outbox.message'

    @classmethod
    def _get_origins(cls):
        return super()._get_origins() + ['mycar.sales.deal']


class Deadline(metaclass=PoolMeta):
    __name__ = 'mycar.deadline'

    @classmethod
    def _get_references(cls):
        "A sale's SMS to its client runs a clock"
        return super()._get_references() + ['mycar.sales.deal']
