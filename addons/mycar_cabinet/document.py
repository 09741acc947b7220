# This file is part of the MyCar partner platform.
"""The one flow of the documents to sign and to pay (A3 §2.5, §5.3-5.4,
A4, A6): an origin (a work order, a deal, a purchase, an act) builds its
own unsaved documents (kind, name, PDF, amount to pay, the signers in the
order they sign) and issues them with Document.issue(); the flow delivers
them within their clause's minutes, has them signed through the
certification centre and paid through the payment organisation, and
tells the origin's model when they are signed by all (cabinet_signed)
or paid (cabinet_paid); before the client signs or pays, the origin's
model may refuse it (cabinet_signable, cabinet_payable). A document goes
to a client of the Partner, in their cabinet, or to the Partner itself
(MyCar's acts)."""

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar, clauses
from trytond.modules.mycar_partner.model import (
    HidesForbiddenButtons,
    TellsOrigins,
    call_origins,
    lock_waiting,
    model_selection,
)

from .certification import CertificationCentre
from .exceptions import DocumentError, SignatureError

KINDS = [
    ('work_order', "Work order"),
    ('invoice', "Invoice"),
    ('act', "Act of completed works"),
    ('waybill', "Waybill"),
    ('contract', "Contract"),
    ('receipt', "Receipt"),
    ('statement', "Statement"),
    ('certificate', "Completion certificate"),
    ]
# the clause and minutes within which each kind reaches the cabinet
DELIVERY = {
    'invoice': clauses.ACCOUNTING_DELIVERY,
    'waybill': clauses.ACCOUNTING_DELIVERY,
    'act': clauses.ACCOUNTING_DELIVERY,
    }


class Document(
        HidesForbiddenButtons, TellsOrigins, Workflow, ModelSQL, ModelView):
    "Document in a client's cabinet"
    __name__ = 'mycar.cabinet.document'
    __string__ = "Cabinet Document"

    company = fields.Many2One(
        'company.company', "Partner", required=True,
        states={'readonly': Eval('state') != 'draft'})
    party = fields.Many2One(
        'party.party', "Recipient", required=True,
        states={'readonly': Eval('state') != 'draft'},
        help="A client of the Partner, or the Partner itself.")
    kind = fields.Selection(KINDS, "Kind", required=True,
        states={'readonly': Eval('state') != 'draft'})
    kind_string = kind.translated('kind')
    service = fields.Many2One('mycar.service', "Service",
        states={'readonly': Eval('state') != 'draft'})
    name = fields.Char("Name", required=True, translate=True,
        states={'readonly': Eval('state') != 'draft'},
        help="The title the recipient reads, in each of their languages.")
    pdf = fields.Binary("PDF", filename='filename',
        states={'readonly': Eval('state') != 'draft'})
    filename = fields.Function(fields.Char("File Name"), 'get_filename')
    amount = fields.Numeric("Amount to Pay (KZT)", digits=(16, 2),
        domain=['OR', ('amount', '=', None), ('amount', '>', 0)],
        states={'readonly': Eval('state') != 'draft'},
        help="What the client pays for this document in the cabinet.")
    origin = fields.Reference("Origin", selection='get_origins',
        readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('sending', "Sending"),
            ('delivered', "Delivered"),
            ('signed', "Signed"),
            ('paid', "Paid"),
            ], "State", required=True, readonly=True, sort=False)
    state_string = state.translated('state')
    signatures = fields.One2Many(
        'mycar.signature.request', 'document', "Signatures", readonly=True)
    payments = fields.One2Many(
        'mycar.payment.request', 'document', "Payments", readonly=True)
    sent_date = fields.DateTime("Sent", readonly=True)
    delivered_date = fields.DateTime("Delivered", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.party, Index.Equality()),
                    (t.company, Index.Equality())),
                })
        cls._order = [('sent_date', 'DESC NULLS FIRST'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'sending'), ('sending', 'delivered'),
            ('delivered', 'signed'), ('delivered', 'paid'),
            ('signed', 'paid'),
            }
        cls._buttons.update({
                'send': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'request_signatures': {
                    'invisible': ((Eval('state') != 'delivered')
                        | Bool(Eval('signatures', []))),
                    'depends': ['state', 'signatures'],
                    },
                'fetch_signatures': {
                    'invisible': ((Eval('state') != 'delivered')
                        | ~Bool(Eval('signatures', []))),
                    'depends': ['state', 'signatures'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    def get_filename(self, name):
        return f'{self.name}.pdf'

    @classmethod
    def _get_origins(cls):
        "Models a document may come from; service modules add theirs"
        return []

    @classmethod
    def get_origins(cls):
        return model_selection(cls._get_origins())

    @classmethod
    def validate_fields(cls, documents, field_names):
        super().validate_fields(documents, field_names)
        if field_names is None or {'company', 'party'} & field_names:
            cls.check_clients(documents)

    @classmethod
    def check_clients(cls, documents, purpose=None):
        """A document goes only to a client of its Partner: linked, and
        with a live consent for purpose when given"""
        pool = Pool()
        Link = pool.get('mycar.client.link')
        Consent = pool.get('mycar.client.consent')
        parties = list({d.party for d in documents})
        companies = list({d.company for d in documents})
        domain = [
            ('company', 'in', [c.id for c in companies]),
            ('party', 'in', [p.id for p in parties]),
            ]
        linked = {(r.company, r.party) for r in Link.search(domain)}
        consenting = linked
        if purpose:
            consenting = {(r.company, r.party) for r in Consent.search(
                    domain + [('purpose', '=', purpose),
                        ('withdrawn_date', '=', None)])}
        for document in documents:
            pair = (document.company, document.party)
            if document.party == document.company.party:
                continue  # to the Partner itself
            if pair not in linked:
                raise DocumentError(gettext(
                        'mycar_cabinet.msg_document_not_client',
                        document=document.rec_name,
                        client=document.party.rec_name,
                        partner=document.company.rec_name))
            if pair not in consenting:
                raise DocumentError(gettext(
                        'mycar_cabinet.msg_document_no_consent',
                        document=document.rec_name,
                        client=document.party.rec_name))

    @classmethod
    def issue(cls, documents, clause=None, names=None):
        """Save the unsaved documents an origin built (company, party,
        kind, name, PDF, amount, origin, and the signatures of its signers
        in the order they sign), with their names in other languages
        ({language: names}), and send them: to the cabinets, the clause's
        clock running (the kind's delivery clause unless one is given); to
        the certification centre, those to sign; to the payment
        organisation, those to pay. Return them."""
        pool = Pool()
        Signature = pool.get('mycar.signature.request')
        Payment = pool.get('mycar.payment.request')
        to_sign = [d for d in documents if getattr(d, 'signatures', None)]
        Signature.complete(to_sign)
        cls.save(documents)
        for language, translated in (names or {}).items():
            cls.name_in(language, documents, translated)
        cls.send(documents, clause=clause)
        Signature.register(to_sign)
        to_pay = [d for d in documents if d.amount]
        Payment.request(to_pay, [d.amount for d in to_pay])
        return documents

    @classmethod
    def name_in(cls, language, documents, names):
        """Give the documents their names in another language (a Kazakh
        title, say), before they are signed; no name leaves a document's
        as it is"""
        to_write = []
        for document, name in zip(documents, names):
            if not name:
                continue
            if document.state != 'draft':
                raise DocumentError(gettext(
                        'mycar_cabinet.msg_document_name_sent',
                        document=document.rec_name))
            to_write.extend(([document], {'name': name}))
        if to_write:
            with Transaction().set_context(language=language):
                cls.write(*to_write)

    @classmethod
    @ModelView.button
    @Workflow.transition('sending')
    def send(cls, documents, clause=None):
        "Queue the delivery; its clock runs from now"
        Deadline = Pool().get('mycar.deadline')
        cls.check_clients(documents, purpose='personal_data')
        now = calendar.now()
        cls.write(documents, {'sent_date': now})
        # the cabinet's clocks: a Partner has its own at once
        Deadline.start([(clause or DELIVERY.get(
                        d.kind, clauses.DOCUMENT_DELIVERY)).clock(
                    d.company, d, description=d.name)
                for d in documents if d.party != d.company.party],
            started=now)
        cls.__queue__.deliver(documents)

    @classmethod
    @ModelView.button
    def request_signatures(cls, documents):
        "Register the documents at the certification centre for signing"
        Signature = Pool().get('mycar.signature.request')
        Signature.request([d for d in documents if not d.signatures])

    @classmethod
    @ModelView.button
    def fetch_signatures(cls, documents):
        "Take the signatures made at the centre since"
        Pool().get('mycar.signature.request').fetch_or_refuse(documents)

    @classmethod
    @Workflow.transition('delivered')
    def deliver(cls, documents):
        "The documents are in the clients' cabinets (queued task)"
        Deadline = Pool().get('mycar.deadline')
        now = calendar.now()
        cls.write(documents, {'delivered_date': now})
        Deadline.meet(documents, when=now)

    @classmethod
    def signed(cls, documents):
        """Every signer signed (through the certification centre): the
        documents' origins are told, after the commit (cabinet_signed)"""
        documents = [d for d in documents if d.state == 'delivered']
        cls._signed(documents)
        cls.tell_origins_later(documents, 'cabinet_signed')

    @classmethod
    @Workflow.transition('signed')
    def _signed(cls, documents):
        pass

    @classmethod
    def pay(cls, documents):
        """The payment organisation confirmed the payment: the documents'
        origins are told, after the commit (cabinet_paid)"""
        documents = [d for d in documents
            if d.state in {'delivered', 'signed'}]
        cls._pay(documents)
        cls.tell_origins_later(documents, 'cabinet_paid')

    @classmethod
    @Workflow.transition('paid')
    def _pay(cls, documents):
        pass

    @classmethod
    def outbox_sent(cls, messages):
        "The centre registered the documents for signing"
        Pool().get('mycar.signature.request').registered(
            [m for m in messages if m.channel == 'certification'])

    @classmethod
    def check_modification(cls, mode, documents, values=None,
            external=False):
        super().check_modification(
            mode, documents, values=values, external=external)
        locked = {'party', 'kind', 'name', 'pdf', 'company', 'service',
            'amount'}
        if mode == 'delete' or (values and locked & values.keys()):
            for document in documents:
                if document.state in {'signed', 'paid'}:
                    raise DocumentError(gettext(
                            'mycar_cabinet.msg_document_signed',
                            document=document.rec_name))
                if mode == 'delete' and document.state != 'draft':
                    # its recipient has it, its origin points at it
                    raise DocumentError(gettext(
                            'mycar_cabinet.msg_document_sent_delete',
                            document=document.rec_name))
        if values and {'pdf', 'amount'} & values.keys():
            for document in documents:
                if document.state != 'draft':  # what is signed and paid
                    raise DocumentError(gettext(
                            'mycar_cabinet.msg_document_sent_pdf',
                            document=document.rec_name))

    @classmethod
    def inbox(cls, party):
        "What a client sees in the cabinet, newest first"
        return cls.search([
                ('party', '=', party.id),
                ('state', 'in', ['delivered', 'signed', 'paid']),
                ])

    @classmethod
    def client_document(cls, party, document_id):
        "The document of the client's inbox, None if it is not theirs"
        documents = cls.search([
                ('id', '=', int(document_id)), ('party', '=', party.id),
                ('state', 'in', ['delivered', 'signed', 'paid']),
                ], limit=1)
        return documents[0] if documents else None

    @classmethod
    def _client_document(cls, party, document_id):
        document = cls.client_document(party, document_id)
        if document is None:
            raise DocumentError(gettext('mycar_cabinet.msg_document_unknown'))
        return document

    @property
    def client_may_sign(self):
        "The Partner signed; the client has not yet"
        return (self.state == 'delivered' and len(self.signatures) > 1
            and [s.state for s in self.signatures[:2]]
            == ['signed', 'pending'])

    @property
    def client_may_pay(self):
        return bool(self.amount) and self.state in {'delivered', 'signed'}

    @classmethod
    def signing_page(cls, party, document_id, return_url):
        "Where the client signs the document at the certification centre"
        Signature = Pool().get('mycar.signature.request')
        document = cls._client_document(party, document_id)
        if document.signatures and document.state == 'delivered':
            Signature.fetch([document])  # has the Partner signed since?
            document = cls(document.id)
        if not document.client_may_sign:
            raise DocumentError(gettext(
                    'mycar_cabinet.msg_document_not_to_sign',
                    document=document.rec_name))
        # the origin may refuse it still (a purchase whose hold lapsed)
        call_origins([document], 'cabinet_signable')
        return CertificationCentre().signing_page(
            document.signatures[0].centre_reference, return_url)

    @classmethod
    def collect_signatures(cls, party, document_id, ip_address, user_agent):
        """Take the client's signature made at the centre; the document.
        A signature by someone else than the client is refused, saying
        who was expected."""
        Signature = Pool().get('mycar.signature.request')
        document = cls._client_document(party, document_id)
        if document.signatures and document.state == 'delivered':
            refused = Signature.fetch([document], ip_address, user_agent,
                by_client=True)
            if document in refused:
                raise SignatureError(refused[document])
        return cls(document.id)

    @classmethod
    def open_payment(cls, party, document_id, return_url):
        """The payment of the document's amount at the organisation: the
        one opening or open already, else a new one"""
        Payment = Pool().get('mycar.payment.request')
        document = cls._client_document(party, document_id)
        lock_waiting([document])  # two taps on "pay" open one payment
        document = cls(document.id)
        if not document.client_may_pay:
            raise DocumentError(gettext(
                    'mycar_cabinet.msg_document_not_to_pay',
                    document=document.rec_name))
        # the origin may refuse it still (a purchase whose hold lapsed)
        call_origins([document], 'cabinet_payable')
        pending = [p for p in document.payments if p.state == 'pending'
            and p.amount == document.amount]
        return pending[-1] if pending else Payment.request(
            [document], [document.amount], return_url)[0]

    @classmethod
    def payment_page(cls, party, document_id):
        """The organisation's page of the document's latest payment, None
        while it is being opened"""
        document = cls._client_document(party, document_id)
        payments = [p for p in document.payments if p.state != 'paid']
        if not document.client_may_pay:
            raise DocumentError(gettext(
                    'mycar_cabinet.msg_document_not_to_pay',
                    document=document.rec_name))
        call_origins([document], 'cabinet_payable')
        if not payments or payments[-1].state == 'failed':
            raise DocumentError(gettext(
                    'mycar_cabinet.msg_payment_not_opened',
                    document=document.rec_name))
        return payments[-1].page_url


class Deadline(metaclass=PoolMeta):
    __name__ = 'mycar.deadline'

    @classmethod
    def _get_references(cls):
        return super()._get_references() + ['mycar.cabinet.document']
