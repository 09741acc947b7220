# This file is part of the MyCar partner platform.
"""The client's inbox in the cabinet: documents the Partner sends, each
delivered within the minutes its clause allows (A3 §2.5, §5.3-5.4)."""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from trytond.modules.mycar_partner.model import model_selection

from .exceptions import DocumentError

KINDS = [
    ('work_order', "Work order"),
    ('invoice', "Invoice"),
    ('act', "Act of completed works"),
    ('waybill', "Waybill"),
    ('contract', "Contract"),
    ('receipt', "Receipt"),
    ('statement', "Statement"),
    ]
# the clause and minutes within which each kind reaches the cabinet
DELIVERY = {
    'invoice': ('A3 §5.3', 10), 'waybill': ('A3 §5.3', 10),
    'act': ('A3 §5.3', 10),
    }
DEFAULT_DELIVERY = ('A3 §2.5', 5)


class Document(Workflow, ModelSQL, ModelView):
    "Document in a client's cabinet"
    __name__ = 'mycar.cabinet.document'
    __string__ = "Cabinet Document"

    company = fields.Many2One(
        'company.company', "Partner", required=True, readonly=True)
    party = fields.Many2One(
        'party.party', "Client", required=True,
        domain=[('client_code', '!=', None)],
        states={'readonly': Eval('state') != 'draft'})
    kind = fields.Selection(KINDS, "Kind", required=True,
        states={'readonly': Eval('state') != 'draft'})
    service = fields.Many2One('mycar.service', "Service",
        states={'readonly': Eval('state') != 'draft'})
    name = fields.Char("Name", required=True,
        states={'readonly': Eval('state') != 'draft'})
    pdf = fields.Binary("PDF", filename='filename',
        states={'readonly': Eval('state') != 'draft'})
    filename = fields.Function(fields.Char("File Name"), 'get_filename')
    origin = fields.Reference("Origin", selection='get_origins',
        readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('sending', "Sending"),
            ('delivered', "Delivered"),
            ('signed', "Signed"),
            ('paid', "Paid"),
            ], "State", required=True, readonly=True, sort=False)
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
    @ModelView.button
    @Workflow.transition('sending')
    def send(cls, documents):
        "Queue the delivery; its clock runs from now"
        Deadline = Pool().get('mycar.deadline')
        now = dt.datetime.now().replace(microsecond=0)
        cls.write(documents, {'sent_date': now})
        Deadline.start([{
                    'company': d.company, 'reference': d,
                    'clause': DELIVERY.get(d.kind, DEFAULT_DELIVERY)[0],
                    'duration': DELIVERY.get(d.kind, DEFAULT_DELIVERY)[1],
                    'unit': 'minutes', 'description': d.name}
                for d in documents], started=now)
        cls.__queue__.deliver(documents)

    @classmethod
    @Workflow.transition('delivered')
    def deliver(cls, documents):
        "The documents are in the clients' cabinets (queued task)"
        Deadline = Pool().get('mycar.deadline')
        now = dt.datetime.now().replace(microsecond=0)
        cls.write(documents, {'delivered_date': now})
        Deadline.meet(documents, when=now)

    @classmethod
    @Workflow.transition('signed')
    def signed(cls, documents):
        "Every signer signed (through the certification centre)"
        pass

    @classmethod
    @Workflow.transition('paid')
    def pay(cls, documents):
        "The payment organisation confirmed the payment"
        pass

    @classmethod
    def check_modification(cls, mode, documents, values=None,
            external=False):
        super().check_modification(
            mode, documents, values=values, external=external)
        locked = {'party', 'kind', 'name', 'pdf', 'company', 'service'}
        if mode == 'delete' or (values and locked & values.keys()):
            for document in documents:
                if document.state in {'signed', 'paid'}:
                    raise DocumentError(gettext(
                            'mycar_cabinet.msg_document_signed',
                            document=document.rec_name))

    @classmethod
    def inbox(cls, party):
        "What a client sees in the cabinet, newest first"
        return cls.search([
                ('party', '=', party.id),
                ('state', 'in', ['delivered', 'signed', 'paid']),
                ])


class Deadline(metaclass=PoolMeta):
    __name__ = 'mycar.deadline'

    @classmethod
    def _get_references(cls):
        return super()._get_references() + ['mycar.cabinet.document']
