# This file is part of the MyCar partner platform.
"""Online service requests (G4, A3 §3): the client asks a Partner's
service centre from the cabinet; the request goes at once to the Partner
(e-mail and its CRM); an employee calls the client back within 30
minutes; repeated late callbacks flag the Partner (A3 §3.4)."""
import datetime as dt
import logging

from sql.aggregate import Count
from trytond.config import config
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar, clauses
from trytond.modules.mycar_partner.model import HidesForbiddenButtons, number

from .crm import crm_body
from .exceptions import RequestError

logger = logging.getLogger(__name__)

STATES = [
    ('new', "New"),
    ('called', "Called Back"),
    ('ordered', "Ordered"),
    ('cancelled', "Cancelled"),
    ]


class Request(HidesForbiddenButtons, Workflow, ModelSQL, ModelView):
    "Online service request"
    __name__ = 'mycar.garage.request'
    __string__ = "Service Request"
    _rec_name = 'number'

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Service Centre", required=True, readonly=True)
    party = fields.Many2One(
        'party.party', "Client", required=True, readonly=True)
    mobile = fields.Function(fields.Char("Mobile"), 'get_mobile')
    vehicle = fields.Many2One(
        'mycar.vehicle', "Vehicle", required=True, readonly=True,
        domain=[('company', '=', Eval('company', -1)),
            ('owner', '=', Eval('party', -1))])
    wished_date = fields.Date("Wished Date", required=True, readonly=True)
    problem = fields.Text("Problem", required=True, readonly=True)
    submitted_date = fields.DateTime("Submitted", readonly=True)
    crm_reference = fields.Char("CRM Reference", readonly=True,
        help="The request's id in the Partner's CRM.")
    callback_due = fields.Function(fields.DateTime("Call Back by",
            help="When the 30-minute callback clock runs out."),
        'get_callback_due')
    called_date = fields.DateTime("Called Back", readonly=True)
    called_by = employee_field("Called Back by", states=['called'])
    call_note = fields.Text("Call Note",
        states={'readonly': Eval('state') != 'new'})
    state = fields.Selection(STATES, "State", required=True, readonly=True)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.company, Index.Equality()),
                    (t.state, Index.Equality(cardinality='low'))),
                Index(t, (t.party, Index.Equality())),
                })
        cls._order = [('submitted_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('new', 'called'), ('new', 'cancelled'),
            ('called', 'ordered'), ('called', 'cancelled'),
            }
        cls._buttons.update({
                'make_order': {
                    'invisible': Eval('state') != 'called',
                    'depends': ['state'],
                    },
                })
        cls._buttons.update({
                'call': {
                    'invisible': Eval('state') != 'new',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['new', 'called']),
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'new'

    @classmethod
    def get_callback_due(cls, requests, name):
        Deadline = Pool().get('mycar.deadline')
        due = {c.reference.id: c.due for c in Deadline.search([
                    ('reference', 'in', [str(r) for r in requests]),
                    ('clause', '=', clauses.SERVICE_CALLBACK.id)])}
        return {r.id: due.get(r.id) for r in requests}

    @classmethod
    def get_mobile(cls, requests, name):
        return {r.id: r.party.client_mobile for r in requests}

    @classmethod
    def submit(cls, party, company_id, vehicle_id, wished_date, problem):
        """The client's request from the cabinet: saved, the callback clock
        started, sent to the Partner at once (queued after the commit)"""
        pool = Pool()
        Vehicle = pool.get('mycar.vehicle')
        Deadline = pool.get('mycar.deadline')
        company = cls.check_service_centre(company_id)
        vehicle = Vehicle.of_client(party, vehicle_id)
        if not (problem or '').strip():
            raise RequestError(gettext('mycar_garage.msg_request_problem'))
        if wished_date is None or wished_date < calendar.today():
            raise RequestError(gettext(
                    'mycar_garage.msg_request_wished_date',
                    date=wished_date or ''))
        vehicle, = Vehicle.at_partner(company, [vehicle])
        now = calendar.now()
        request = cls(company=company, party=party, vehicle=vehicle,
            wished_date=wished_date, problem=problem.strip(),
            submitted_date=now)
        cls.set_number([request])
        Deadline.start([clauses.SERVICE_CALLBACK.clock(company, request,
                    description=request.number)], started=now)
        cls.__queue__.send([request])
        return request

    @classmethod
    def cabinet_page(cls, party):
        "What the client's Garage page shows"
        pool = Pool()
        Vehicle = pool.get('mycar.vehicle')
        Company = pool.get('company.company')
        Order = pool.get('mycar.garage.order')
        return {
            'vehicles': Vehicle.of_owner(party),
            'requests': cls.search([('party', '=', party.id)]),
            'orders': Order.search([('party', '=', party.id),
                    ('state', 'not in', ['closed', 'cancelled']),
                    ['OR', ('state', '!=', 'draft'), ('online', '=', True)],
                    ]),
            'history': Order.history(party),
            'centres': Company.garage_partners(),
            'today': calendar.today(),
            }

    @classmethod
    def check_service_centre(cls, company_id):
        "The Partner with the Garage service in force, else refused"
        pool = Pool()
        Company = pool.get('company.company')
        companies = Company.garage_partners(
            [Company(int(company_id))] if company_id else [])
        if not companies:
            raise RequestError(gettext(
                    'mycar_garage.msg_request_service_centre'))
        return companies[0]

    @classmethod
    def set_number(cls, requests):
        "Number the requests and save them"
        Configuration = Pool().get('mycar.partner.configuration')
        number(requests, Configuration(1).garage_request_sequence)
        cls.save(requests)

    @classmethod
    def send(cls, requests):
        """Hand the requests to their Partners through the outbox: e-mail
        to the service advisors, and the Partner's CRM when it has one
        (queued: the e-mail is rendered after the client's request)"""
        pool = Pool()
        Notice = pool.get('mycar.garage.request.notice', type='report')
        Company = pool.get('company.company')
        Message = pool.get('mycar.outbox.message')
        advisors = Company.members_of(
            {r.company for r in requests}, 'group_partner_service_advisor')
        messages = []
        for request in requests:
            if advisors.get(request.company):
                Notice.send(request, ', '.join(advisors[request.company]))
            if request.company.garage_crm_url:
                messages.append(Message(channel='crm',
                        key=f'request-{request.id}',
                        recipient=request.company.garage_crm_url,
                        company=request.company, origin=request,
                        payload=crm_body(request)))
            elif not advisors.get(request.company):
                logger.warning("request %s: %s has no service advisor "
                    "with an e-mail and no CRM", request.number,
                    request.company.rec_name)
        Message.queue(messages)

    @classmethod
    def outbox_sent(cls, messages):
        """The Partner's CRM took the requests: its ids (the advisors'
        e-mails about them are sent too, with no id)"""
        messages = [m for m in messages if m.channel == 'crm']
        for message in messages:
            message.origin.crm_reference = message.answer['id']
        cls.save([m.origin for m in messages])

    @classmethod
    @ModelView.button
    @Workflow.transition('called')
    @set_employee('called_by')
    def call(cls, requests):
        "The employee called the client back (A3 §3.2.2)"
        Pool().get('mycar.deadline').meet(requests, [clauses.SERVICE_CALLBACK])
        cls.write(requests, {
                'called_date': calendar.now()})

    @classmethod
    @ModelView.button_action('mycar_garage.act_order')
    @Workflow.transition('ordered')
    def make_order(cls, requests):
        """The work order of each request, followed online by the client
        who asked online (A3 §4.2)"""
        Order = Pool().get('mycar.garage.order')
        orders = [Order.intake(r.company, r.party.name,
                r.party.client_mobile, {'vin': r.vehicle.vin},
                description=r.problem, request=r, source='cabinet')
            for r in requests]
        return {'res_id': [o.id for o in orders]}

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, requests):
        Pool().get('mycar.deadline').meet(requests, [clauses.SERVICE_CALLBACK])

    @classmethod
    def flag_late_callbacks(cls, now=None):
        """Cron: flag the Partners with repeated late callbacks in the last
        30 days (A3 §3.4): MyCar may then stop their notifications"""
        pool = Pool()
        Deadline = pool.get('mycar.deadline')
        Company = pool.get('company.company')
        now = now or calendar.now()
        limit = config.getint('mycar_garage', 'late_callbacks', default=3)
        deadline = Deadline.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*deadline.select(deadline.company,
                where=(deadline.clause == clauses.SERVICE_CALLBACK.id)
                & (deadline.state == 'late')
                & (deadline.due >= now - dt.timedelta(days=30)),
                group_by=[deadline.company],
                having=Count(deadline.id) >= limit))
        companies = Company.search([
                ('id', 'in', [c for c, in cursor]),
                ('callbacks_flagged_date', '=', None),
                ])
        Company.write(companies, {'callbacks_flagged_date': now})
        return companies


class Deadline(metaclass=PoolMeta):
    __name__ = 'mycar.deadline'

    @classmethod
    def _get_references(cls):
        return super()._get_references() + ['mycar.garage.request']
