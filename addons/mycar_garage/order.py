# This file is part of the MyCar partner platform.
"""Work orders (заказ-наряд, G5-G8, A3 §4): intake with the client's
mobile, the 4-digit code that accepts the order, the invoice paid through
the payment organisation before work starts, the act signed by the
Partner and then the client; every document reaches the client's
cabinet."""
import json
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
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction

from trytond.modules.mycar_cabinet.client import cabinet_url
from trytond.modules.mycar_cabinet.outbox import text_message
from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.model import (
    HidesForbiddenButtons,
    number_per_company,
    only_from,
)

from .exceptions import OrderError

CENT = Decimal('0.01')
CODE_PURPOSE = 'garage_order'
CODE_LENGTH = 4
STATES = [
    ('draft', "Draft"),
    ('sent', "Sent to the Client"),
    ('accepted', "Accepted"),
    ('invoiced', "Invoiced"),
    ('paid', "Paid"),
    ('in_progress', "In Progress"),
    ('done', "Done"),
    ('closed', "Closed"),
    ('cancelled', "Cancelled"),
    ]
DRAFT = {'readonly': Eval('state') != 'draft'}


class Order(HidesForbiddenButtons, Workflow, ModelSQL, ModelView):
    "Work order"
    __name__ = 'mycar.garage.order'
    __string__ = "Work Order"
    _rec_name = 'number'

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Partner", required=True, readonly=True)
    party = fields.Many2One('party.party', "Client", required=True,
        domain=[('client_code', '!=', None)], states=DRAFT)
    mobile = fields.Function(fields.Char("Mobile"), 'get_mobile')
    vehicle = fields.Many2One('mycar.vehicle', "Vehicle", required=True,
        domain=[('company', '=', Eval('company', -1)),
            ('owner', '=', Eval('party', -1))], states=DRAFT)
    mileage = fields.Integer("Mileage (km)", states=DRAFT,
        domain=['OR', ('mileage', '=', None), ('mileage', '>=', 0)])
    description = fields.Text("Complaint", states=DRAFT)
    request = fields.Many2One('mycar.garage.request', "Online Request",
        readonly=True, domain=[('company', '=', Eval('company', -1))])
    online = fields.Boolean("Followed Online", readonly=True,
        help="The client follows, accepts and pays it in the cabinet "
        "(A3 §4.2).")
    lines = fields.One2Many('mycar.garage.order.line', 'order', "Lines",
        states=DRAFT)
    total_amount = fields.Function(fields.Numeric(
            "Total (KZT)", digits=(16, 2)), 'get_total_amount')
    sent_date = fields.DateTime("Sent", readonly=True)
    accepted_date = fields.DateTime("Accepted", readonly=True)
    accepted_how = fields.Selection([
            (None, ""),
            ('code', "Code told to the employee"),
            ('cabinet', "In the cabinet"),
            ], "Accepted by", readonly=True)
    accepted_by = employee_field("Code Checked by", states=['accepted'])
    versions = fields.One2Many('mycar.garage.order.version', 'order',
        "Accepted Versions", readonly=True)
    from_history = fields.Boolean("From 1C's Service History", readonly=True,
        help="A closed order of the service done before, as the Partner's "
        "1C sent it (G3).")
    order_document = fields.Many2One('mycar.cabinet.document',
        "Work Order in the Cabinet", readonly=True)
    invoice_document = fields.Many2One('mycar.cabinet.document',
        "Invoice", readonly=True)
    act_document = fields.Many2One('mycar.cabinet.document', "Act",
        readonly=True)
    started_date = fields.DateTime("Work Started", readonly=True)
    done_date = fields.DateTime("Work Done", readonly=True)
    state = fields.Selection(STATES, "State", required=True, readonly=True,
        sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.company, Index.Equality()),
                    (t.state, Index.Equality(cardinality='low'))),
                Index(t, (t.party, Index.Equality())),
                Index(t, (t.vehicle, Index.Equality())),
                # payments and signatures find their order by these
                Index(t, (t.invoice_document, Index.Equality())),
                Index(t, (t.act_document, Index.Equality())),
                })
        cls._order = [('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'sent'), ('sent', 'sent'), ('sent', 'accepted'),
            ('sent', 'draft'), ('accepted', 'draft'),
            ('accepted', 'invoiced'), ('invoiced', 'paid'),
            ('paid', 'in_progress'), ('in_progress', 'done'),
            ('done', 'closed'),
            ('draft', 'cancelled'), ('sent', 'cancelled'),
            ('accepted', 'cancelled'),
            }
        cls._buttons.update({
                'send': {
                    'invisible': ~Eval('state').in_(['draft', 'sent']),
                    'depends': ['state'],
                    },
                'enter_code': {
                    'invisible': Eval('state') != 'sent',
                    'depends': ['state'],
                    },
                'modify': {
                    'invisible': ~Eval('state').in_(['sent', 'accepted']),
                    'depends': ['state'],
                    },
                'move_online': {
                    'invisible': (Bool(Eval('online'))
                        | ~Eval('state').in_(['draft', 'sent', 'accepted'])),
                    'depends': ['online', 'state'],
                    },
                'invoice': {
                    'invisible': Eval('state') != 'accepted',
                    'depends': ['state'],
                    },
                'start': {
                    'invisible': Eval('state') != 'paid',
                    'depends': ['state'],
                    },
                'complete': {
                    'invisible': Eval('state') != 'in_progress',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['draft', 'sent', 'accepted']),
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_online(cls):
        return False

    @classmethod
    def get_mobile(cls, orders, name):
        return {o.id: o.party.client_mobile if o.party else None
            for o in orders}

    @classmethod
    def get_total_amount(cls, orders, name):
        return {o.id: sum((line.amount for line in o.lines), Decimal(0))
            for o in orders}

    @classmethod
    def intake(cls, company, name, mobile, vehicle, description=None,
            mileage=None, request=None, source='intake'):
        """A draft order of the client whose mobile is the primary key,
        made a client with a cabinet if new, for the vehicle (a dict with
        at least vin, make and model; the Partner's record is found by VIN
        or made)"""
        pool = Pool()
        Party = pool.get('party.party')
        Vehicle = pool.get('mycar.vehicle')
        client, = Party.register_clients(
            company, [(name, mobile)], source=source)
        car = Vehicle.register(company, client, vehicle)
        order = cls(company=company, party=client, vehicle=car,
            mileage=mileage, description=description, request=request,
            online=bool(request))
        cls.set_number([order])
        return order

    @classmethod
    def set_number(cls, orders):
        "Number the orders and save them"
        Configuration = Pool().get('mycar.partner.configuration')
        number_per_company(orders, 'garage_order_sequence',
            Configuration(1).garage_order_sequence)
        cls.save(orders)

    @classmethod
    def check_state(cls, orders, states, message):
        "Refuse, naming the order, any order not in one of the states"
        for order in orders:
            if order.state not in states:
                raise OrderError(gettext(f'mycar_garage.{message}',
                        order=order.rec_name, state=order.state_string))

    @classmethod
    @ModelView.button
    @Workflow.transition('sent')
    def send(cls, orders):
        """Text the client the 4-digit code and the order (A3 §4.1.1); a
        followed-online order also reaches the cabinet"""
        pool = Pool()
        OneTimeCode = pool.get('mycar.otp')
        Lang = pool.get('ir.lang')
        for order in orders:
            if not order.lines or not order.total_amount:
                raise OrderError(gettext('mycar_garage.msg_order_no_lines',
                        order=order.rec_name))
            lang = Lang.get(order.party.lang.code if order.party.lang
                else None)
            OneTimeCode.issue(order.party.client_mobile, CODE_PURPOSE,
                'mycar_garage.msg_order_code_text', reference=order,
                length=CODE_LENGTH, order=order.number,
                total=lang.format_number(order.total_amount, digits=2))
        cls.write(orders, {'sent_date': now()})
        cls.to_cabinet([o for o in orders if o.online])

    @classmethod
    def to_cabinet(cls, orders):
        "The work order as it stands, in the client's cabinet"
        Document = Pool().get('mycar.cabinet.document')
        documents = Document.issue(cls.documents(orders, 'work_order'))
        for order, document in zip(orders, documents):
            order.order_document = document
        cls.save(orders)

    @classmethod
    def documents(cls, orders, kind, pdfs=None, signers=(), amounts=None,
            names=None):
        """The orders' unsaved cabinet documents of kind: the PDF the
        Partner's software sent ({order id: pdf}), else rendered in the
        client's language; signed by signers in order; to pay amounts"""
        pool = Pool()
        Document = pool.get('mycar.cabinet.document')
        Service = pool.get('mycar.service')
        Signature = pool.get('mycar.signature.request')
        garage, = Service.search([('code', '=', 'garage')], limit=1)
        pdfs = pdfs or {}
        return [Document(company=o.company, party=o.party, kind=kind,
                service=garage, origin=o, amount=amount,
                pdf=pdfs.get(o.id) or o.render(kind),
                name=name or f'{o.number} · {o.vehicle.rec_name}',
                signatures=[Signature(signer=s) for s in signers])
            for o, amount, name in zip(orders,
                amounts or [None] * len(orders),
                names or [None] * len(orders))]

    def render(self, kind):
        "The order's document of kind as PDF, in the client's language"
        Report = Pool().get('mycar.garage.order', type='report')
        with Transaction().set_context(language=self.party.lang.code
                if self.party.lang else 'ru'):
            return Report.execute([self.id], {'kind': kind})[1]

    @classmethod
    @ModelView.button_action('mycar_garage.wizard_order_code')
    def enter_code(cls, orders):
        pass

    @classmethod
    def accept_with_code(cls, order, code):
        """The code the client told the employee accepts the order (A3
        §4.1.2): the code's check and the employee are the evidence"""
        OneTimeCode = Pool().get('mycar.otp')
        cls.check_state([order], {'sent'}, 'msg_order_not_sent')
        checked = OneTimeCode.verify(order.party.client_mobile, CODE_PURPOSE,
            code, reference=order)
        cls.accept([order], 'code', checked.used_date)

    @classmethod
    def accept_by_client(cls, party, order_id):
        "The client accepts a followed-online order in the cabinet (G8)"
        order = cls.of_client(party, order_id)
        if not order.online:
            raise OrderError(gettext('mycar_garage.msg_order_not_online',
                    order=order.rec_name))
        cls.check_state([order], {'sent'}, 'msg_order_not_sent')
        cls.accept([order], 'cabinet', now())
        return order

    @classmethod
    @Workflow.transition('accepted')
    @set_employee('accepted_by')
    def accept(cls, orders, how, when):
        "Accepted: the version accepted is kept"
        Version = Pool().get('mycar.garage.order.version')
        cls.write(orders, {'accepted_date': when, 'accepted_how': how})
        Version.save([Version.of_order(o) for o in orders])

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def modify(cls, orders):
        """Back to draft to change it: the client accepts it again; the
        versions accepted before stay"""
        cls.write(orders, {'accepted_date': None, 'accepted_how': None})

    @classmethod
    @ModelView.button
    def move_online(cls, orders):
        """A walk-in order the client now follows in the cabinet (A3 §4.2):
        there at once (a draft as being prepared), and the client told by
        SMS where and how to log in"""
        orders = [o for o in orders if not o.online]
        cls.write(orders, {'online': True})
        cls.to_cabinet([o for o in orders if o.state != 'draft'])
        cls.tell_moved_online(orders)

    @classmethod
    def tell_moved_online(cls, orders):
        "An SMS to each order's client: the order is in their cabinet"
        Message = Pool().get('mycar.outbox.message')
        messages = []
        for order in orders:
            if not order.party.client_mobile:
                continue
            with Transaction().set_context(language=order.party.lang.code
                    if order.party.lang else 'ru'):
                text = gettext('mycar_garage.msg_order_moved_online_sms',
                    partner=order.company.rec_name, number=order.number,
                    url=cabinet_url())
            messages.append(text_message('sms', order.party.client_mobile,
                    text, origin=order, company=order.company,
                    key=f'garage-order-online-{order.id}'))
        Message.queue(messages)

    @classmethod
    @ModelView.button
    @only_from({'accepted'}, 'msg_order_not_accepted')
    @Workflow.transition('invoiced')
    def invoice(cls, orders, pdfs=None):
        """The invoice of the accepted order (the PDF of 1C when given,
        {order id: pdf}), to the cabinet and the payment organisation
        within 10 minutes (G6, G9)"""
        Document = Pool().get('mycar.cabinet.document')
        documents = Document.issue(cls.documents(orders, 'invoice', pdfs,
                amounts=[o.total_amount for o in orders]))
        for order, document in zip(orders, documents):
            order.invoice_document = document
        cls.save(orders)

    @classmethod
    @Workflow.transition('paid')
    def paid(cls, orders):
        "The payment organisation confirmed the invoice's payment"
        pass

    @classmethod
    @ModelView.button
    @only_from({'paid'}, 'msg_order_not_paid')
    @Workflow.transition('in_progress')
    def start(cls, orders):
        "Work starts once the order is paid (A3 §4.1.4)"
        cls.write(orders, {'started_date': now()})

    @classmethod
    @ModelView.button
    @only_from({'in_progress'}, 'msg_order_act_early')
    @Workflow.transition('done')
    def complete(cls, orders, pdfs=None):
        """The work is done: the act (the PDF of 1C when given, {order id:
        pdf}) goes to the cabinet, to be signed by the Partner, then the
        client (A3 §4.1.5-4.1.6)"""
        Document = Pool().get('mycar.cabinet.document')
        documents = Document.issue(cls.documents(orders, 'act', pdfs,
                signers=['partner', 'client']))
        for order, document in zip(orders, documents):
            order.act_document = document
            order.done_date = now()
        cls.save(orders)

    @classmethod
    @Workflow.transition('closed')
    def close(cls, orders):
        "The act is signed by both: the order is in the service history"
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, orders):
        pass

    @classmethod
    def cabinet_paid(cls, documents):
        "The orders whose invoice the client paid are paid"
        cls.paid([d.origin for d in documents
                if d.origin.invoice_document == d
                and d.origin.state == 'invoiced'])

    @classmethod
    def cabinet_signed(cls, documents):
        "The orders whose act the Partner and the client signed are closed"
        cls.close([d.origin for d in documents
                if d.origin.act_document == d and d.origin.state == 'done'])

    @classmethod
    def of_client(cls, party, order_id):
        "The client's order, else refused"
        orders = cls.search([
                ('id', '=', int(order_id or -1)), ('party', '=', party.id),
                ['OR', ('state', '!=', 'draft'), ('online', '=', True)],
                ], limit=1)
        if not orders:
            raise OrderError(gettext('mycar_garage.msg_order_unknown'))
        return orders[0]

    @classmethod
    def history(cls, party):
        "{vin: [closed orders]} of the client's vehicles, newest first (G3)"
        result = {}
        for order in cls.search([
                    ('party', '=', party.id), ('state', '=', 'closed'),
                    ], order=[('done_date', 'DESC'), ('id', 'DESC')]):
            result.setdefault(order.vehicle.vin, []).append(order)
        return result


class Line(sequence_ordered(), ModelSQL, ModelView):
    "Work order line"
    __name__ = 'mycar.garage.order.line'
    __string__ = "Work Order Line"

    order = fields.Many2One('mycar.garage.order', "Order", required=True,
        ondelete='CASCADE')
    kind = fields.Selection([
            ('work', "Work"),
            ('part', "Part"),
            ], "Kind", required=True)
    kind_string = kind.translated('kind')
    description = fields.Char("Description", required=True)
    quantity = fields.Numeric("Quantity", digits=(16, 2), required=True,
        domain=[('quantity', '>', 0)])
    unit_price = fields.Numeric("Unit Price (KZT, VAT incl.)",
        digits=(16, 2), required=True, domain=[('unit_price', '>=', 0)])
    amount = fields.Function(fields.Numeric("Amount (KZT)", digits=(16, 2)),
        'on_change_with_amount')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('order')

    @classmethod
    def default_kind(cls):
        return 'work'

    @classmethod
    def default_quantity(cls):
        return Decimal(1)

    @fields.depends('quantity', 'unit_price')
    def on_change_with_amount(self, name=None):
        return ((self.quantity or 0) * (self.unit_price or 0)).quantize(CENT)

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        for line in lines:
            if line.order.state != 'draft':
                raise OrderError(gettext('mycar_garage.msg_order_locked',
                        order=line.order.rec_name))

    def snapshot(self):
        return {'kind': self.kind, 'description': self.description,
            'quantity': str(self.quantity.quantize(CENT)),
            'unit_price': str(self.unit_price.quantize(CENT)),
            'amount': str(self.amount)}


class Version(ModelSQL, ModelView):
    "Accepted version of a work order"
    __name__ = 'mycar.garage.order.version'
    __string__ = "Accepted Work Order Version"

    order = fields.Many2One('mycar.garage.order', "Order", required=True,
        readonly=True, ondelete='CASCADE')
    accepted_date = fields.DateTime("Accepted", required=True,
        readonly=True)
    accepted_how = fields.Selection([
            ('code', "Code told to the employee"),
            ('cabinet', "In the cabinet"),
            ], "Accepted by", required=True, readonly=True)
    accepted_by = fields.Many2One('company.employee', "Code Checked by",
        readonly=True)
    total_amount = fields.Numeric("Total (KZT)", digits=(16, 2),
        required=True, readonly=True)
    lines = fields.Text("Lines Accepted", required=True, readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('order')
        cls._order = [('accepted_date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def of_order(cls, order):
        "The unsaved version of the order as accepted now"
        return cls(order=order, accepted_date=order.accepted_date,
            accepted_how=order.accepted_how, accepted_by=order.accepted_by,
            total_amount=order.total_amount,
            lines=json.dumps([c.snapshot() for c in order.lines],
                ensure_ascii=False))


class Document(metaclass=PoolMeta):
    __name__ = 'mycar.cabinet.document'

    @classmethod
    def _get_origins(cls):
        return super()._get_origins() + ['mycar.garage.order']


class OneTimeCode(metaclass=PoolMeta):
    __name__ = 'mycar.otp'

    @classmethod
    def _get_references(cls):
        return super()._get_references() + ['mycar.garage.order']


def now():
    return calendar.now()

