# This file is part of the MyCar partner platform.
"""A buyer's purchase of a listed new car (M4-M6, A6 §1.2.2-§1.2.7): a sale
of mycar_sales made from the car, with the dealer's approved marketplace
template. The buyer's questionnaire fills it and issues the contract; the
dealer then the buyer sign it; the invoice follows at once to the buyer
and the payment organisation; the buyer pays in the cabinet; the dealer
issues the waybill through the platform (A6 §3.3.7). Every document
reaches the buyer's cabinet within A6 §1.4's 5 minutes.

The car is held for the buyer while the purchase runs: the database keeps
at most one hold per car (an exclusion constraint on the car over the
holds held or sold), so two buyers at the same moment cannot both win.
The hold lapses unless the contract is signed in time, and a signed
contract holds the car until it is paid within its own time."""
import datetime as dt

from sql.operators import Equal
from trytond.i18n import gettext
from trytond.model import Exclude, Index, ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar, clauses
from trytond.modules.mycar_partner.model import lock_waiting

from .exceptions import PurchaseError

# a car has at most one hold in these states
HOLDING = ('held', 'sold')


class Configuration(metaclass=PoolMeta):
    __name__ = 'mycar.partner.configuration'

    marketplace_hold_minutes = fields.Integer(
        "Hold for Signing (minutes)", required=True,
        domain=[('marketplace_hold_minutes', '>', 0)],
        help="How long a car stays held for a buyer's purchase until both "
        "have signed the contract; then it is released.")
    marketplace_payment_minutes = fields.Integer(
        "Hold for Payment (minutes)", required=True,
        domain=[('marketplace_payment_minutes', '>', 0)],
        help="How long a signed contract holds the car until the buyer "
        "pays the invoice; then it is released and the invoice is no "
        "longer paid.")

    @classmethod
    def default_marketplace_hold_minutes(cls):
        return 24 * 60

    @classmethod
    def default_marketplace_payment_minutes(cls):
        return 3 * 24 * 60


class Hold(ModelSQL, ModelView):
    "Car held for a buyer's purchase"
    __name__ = 'mycar.marketplace.hold'
    __string__ = "Car Hold"

    car = fields.Many2One('mycar.marketplace.car', "Car", required=True,
        readonly=True, ondelete='RESTRICT')
    deal = fields.Many2One('mycar.sales.deal', "Purchase", required=True,
        readonly=True, ondelete='CASCADE')
    company = fields.Many2One('company.company', "Dealer", required=True,
        readonly=True)
    party = fields.Many2One('party.party', "Buyer", required=True,
        readonly=True)
    expires = fields.DateTime("Held Until", readonly=True,
        help="When the hold lapses and the car is released, unless the "
        "contract is signed (then paid) before.")
    ended = fields.DateTime("Ended", readonly=True)
    state = fields.Selection([
            ('held', "Held"),
            ('sold', "Sold"),
            ('lapsed', "Lapsed"),
            ('released', "Released"),
            ], "State", required=True, readonly=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('car_held_once', Exclude(t, (t.car, Equal),
                    where=t.state.in_(HOLDING)),
                'mycar_marketplace.msg_hold_car_held'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.expires, Index.Range()),
                    where=t.state == 'held'),
                Index(t, (t.deal, Index.Equality())),
                Index(t, (t.party, Index.Equality()),
                    (t.car, Index.Equality())),
                })
        cls._order = [('id', 'DESC')]
        cls.__access__.add('deal')

    @classmethod
    def default_state(cls):
        return 'held'

    def get_rec_name(self, name):
        return self.car.rec_name

    @property
    def lapsed(self):
        "Held no longer, or past its time"
        return self.state not in HOLDING or (self.state == 'held'
            and self.expires and self.expires <= calendar.now())

    @classmethod
    def hold(cls, deals):
        "Hold each deal's car for its buyer, for the signing's time"
        cls.create([{'car': d.car, 'deal': d, 'company': d.company,
                    'party': d.party, 'expires': calendar.now()
                    + dt.timedelta(minutes=configuration()
                        .marketplace_hold_minutes)}
                for d in deals])

    @classmethod
    def await_payment(cls, deals):
        "Signed: the cars stay held for the payment's time"
        cls.write(cls.of_deals(deals), {'expires': calendar.now()
                + dt.timedelta(minutes=configuration()
                    .marketplace_payment_minutes)})

    @classmethod
    def sell(cls, deals):
        "Paid: the cars are the buyers', held for good"
        cls.write(cls.of_deals(deals), {'state': 'sold', 'expires': None,
                'ended': calendar.now()})

    @classmethod
    def release(cls, deals):
        "The purchases ended without a sale: the cars are free again"
        cls.write(cls.of_deals(deals), {'state': 'released',
                'ended': calendar.now()})

    @classmethod
    def of_deals(cls, deals):
        return cls.search([('deal', 'in', [d.id for d in deals]),
                ('state', '=', 'held')]) if deals else []

    @classmethod
    def lapse_due(cls, cars=None):
        """The holds past their time lapse (of cars, else all): the cars
        are released and their purchases cancelled (cron)"""
        Deal = Pool().get('mycar.sales.deal')
        domain = [('state', '=', 'held'), ('expires', '<=', calendar.now())]
        if cars is not None:
            domain.append(('car', 'in', [c.id for c in cars]))
        holds = cls.search(domain)
        if holds:
            cls.write(holds, {'state': 'lapsed', 'ended': calendar.now()})
            Deal.cancel([h.deal for h in holds])


class Deal(metaclass=PoolMeta):
    __name__ = 'mycar.sales.deal'

    car = fields.Many2One('mycar.marketplace.car', "New Car", readonly=True,
        states={'invisible': ~Eval('car')},
        help="The listed car the buyer chose: the purchase holds it.")
    holds = fields.One2Many('mycar.marketplace.hold', 'deal', "Holds",
        readonly=True, states={'invisible': ~Eval('car')})
    waybill_document = fields.Many2One('mycar.cabinet.document', "Waybill",
        readonly=True, states={'invisible': ~Eval('car')},
        help="The waybill the dealer issued through the platform "
        "(A6 §3.3.7), in the buyer's cabinet.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.template.domain = [
            ('company', '=', Eval('company', -1)),
            ('service', '=', If(Bool(Eval('car')), 'marketplace', 'sales')),
            ]
        # a car in transit has no VIN yet
        cls.vin.states = {**cls.vin.states,
            'required': (Eval('goods') == 'vehicle') & ~Eval('car')}
        # a lapsed hold ends the purchase at any point before payment
        cls._transitions |= {('signing', 'cancelled'),
            ('signed', 'cancelled'), ('invoiced', 'cancelled')}

    @property
    def service_code(self):
        return 'marketplace' if self.car else super().service_code

    @property
    def delivery_clause(self):
        return clauses.MARKETPLACE_DELIVERY if self.car \
            else super().delivery_clause

    @property
    def hold(self):
        "The purchase's hold holding the car, else its last"
        return self.holds[0] if self.holds else None

    @property
    def documents(self):
        return super().documents + [d for d in [self.waybill_document]
            if d and d.state != 'draft']

    @classmethod
    def check_modification(cls, mode, deals, values=None, external=False):
        "Only a buyer makes a purchase of a listed car"
        super().check_modification(
            mode, deals, values=values, external=external)
        if external and mode == 'create' and any(d.car for d in deals):
            raise PurchaseError(gettext(
                    'mycar_marketplace.msg_purchase_car_forged'))

    @classmethod
    def buy(cls, party, car_id):
        """The buyer's purchase of the listed car: a sale from the dealer's
        marketplace template in force, the car held, the questionnaire to
        fill; the buyer's own purchase of the car when one runs already
        (a second tap makes no second one)"""
        pool = Pool()
        Car = pool.get('mycar.marketplace.car')
        Hold = pool.get('mycar.marketplace.hold')
        Line = pool.get('mycar.sales.deal.line')
        Link = pool.get('mycar.client.link')
        car = Car.listed(car_id)
        # buyers of one car wait for each other here: the hold's
        # constraint refuses the later one, and without the wait their
        # other locks (the dealer's numbering) could deadlock with it
        lock_waiting([car])
        Hold.lapse_due([car])
        mine = Hold.search([('car', '=', car.id), ('party', '=', party.id),
                ('state', 'in', HOLDING)], limit=1)
        if mine:
            return mine[0].deal
        version = marketplace_version(car.company)
        # choosing the dealer, the buyer becomes its client; the
        # questionnaire records their consent
        Link.link(car.company, [party])
        with Transaction().set_context(language=version.template.language):
            terms = gettext('mycar_marketplace.msg_purchase_terms',
                hours=configuration().marketplace_payment_minutes // 60)
        deal = cls(company=car.company, party=party, car=car,
            template=version.template, template_version=version,
            goods='vehicle', vin=car.vin, make=car.make, model=car.model,
            year=car.year, colour=car.colour_exterior,
            vat_rate=cls.default_vat_rate(),
            payment_terms=terms,
            lines=[Line(description=car.rec_name, quantity=1,
                    unit_price=car.price)])
        deal.save()
        Hold.hold([deal])  # refused here when another buyer holds the car
        cls.send_questionnaire([deal])
        return deal

    @classmethod
    def answer_questionnaire(cls, party, deal_id, form, submit=False):
        "A purchase's questionnaire, once submitted, makes the contract"
        questionnaire, refusal = super().answer_questionnaire(
            party, deal_id, form, submit=submit)
        deal = cls.of_client(party, deal_id)
        if (deal.car and questionnaire.state == 'submitted'
                and deal.state == 'questionnaire'):
            cls.check_held([deal])
            cls.issue_contract([deal])
        return questionnaire, refusal

    @classmethod
    def check_held(cls, deals):
        "Refuse a purchase whose hold lapsed, saying when"
        for deal in deals:
            hold = deal.hold
            if deal.car and (not hold or hold.lapsed):
                raise PurchaseError(gettext(
                        'mycar_marketplace.msg_purchase_hold_lapsed',
                        deal=deal.rec_name, car=deal.car.rec_name,
                        expires=local_moment(hold.expires if hold
                            else None)))

    @classmethod
    def cabinet_signable(cls, documents):
        "A purchase's contract is signed only while the car is held"
        cls.check_held([d.origin for d in documents])

    @classmethod
    def cabinet_payable(cls, documents):
        "A purchase's invoice is paid only while the car is held"
        cls.check_held([d.origin for d in documents])

    @classmethod
    def signed(cls, deals):
        "A purchase signed by both: the car held for payment, invoiced"
        super().signed(deals)
        purchases = [d for d in deals if d.car]
        if purchases:
            Pool().get('mycar.marketplace.hold').await_payment(purchases)
            cls.invoice(purchases)

    @classmethod
    def paid(cls, deals):
        super().paid(deals)
        Pool().get('mycar.marketplace.hold').sell(
            [d for d in deals if d.car])

    @classmethod
    @ModelView.button
    def cancel(cls, deals):
        super().cancel(deals)
        Pool().get('mycar.marketplace.hold').release(
            [d for d in deals if d.car])

    @classmethod
    @ModelView.button
    def deliver(cls, deals):
        """The dealer hands the car over: the waybill issued through the
        platform (A6 §3.3.7) lands in the buyer's cabinet"""
        Waybill = Pool().get('mycar.marketplace.waybill', type='report')
        super().deliver(deals)
        purchases = [d for d in deals if d.car and not d.waybill_document]
        documents = cls.issue(purchases, 'waybill',
            [Waybill.render_pdf(d) for d in purchases])
        for deal, document in zip(purchases, documents):
            deal.waybill_document = document
        cls.save(purchases)


def marketplace_version(company):
    "The dealer's marketplace template version in force, else refused"
    pool = Pool()
    Template = pool.get('mycar.sales.template')
    Version = pool.get('mycar.sales.template.version')
    templates = Template.search([('company', '=', company.id),
            ('service', '=', 'marketplace')])
    in_force = Version.in_force(templates, calendar.today())
    if not in_force:
        raise PurchaseError(gettext(
                'mycar_marketplace.msg_purchase_no_template',
                dealer=company.rec_name))
    return max(in_force.values(), key=lambda v: (v.start_date, v.id))


def configuration():
    return Pool().get('mycar.partner.configuration')(1)


def local_moment(value):
    "A stored UTC time as Almaty reads it, to the minute"
    return calendar.to_local(value).strftime('%d.%m.%Y %H:%M') \
        if value else ''


class Car(metaclass=PoolMeta):
    __name__ = 'mycar.marketplace.car'

    @classmethod
    def listed(cls, car_id):
        "The car listed now, else refused as withdrawn"
        Company = Pool().get('company.company')
        try:
            car_id = int(car_id)
        except (TypeError, ValueError):
            car_id = -1
        cars = cls.search([('id', '=', car_id),
                ('withdrawn_date', '=', None),
                ('company', 'in', [c.id for c in Company.online_dealers()])],
            limit=1)
        if not cars:
            raise PurchaseError(gettext(
                    'mycar_marketplace.msg_purchase_car_withdrawn'))
        return cars[0]

    @property
    def held_by_other(self):
        "Someone's purchase holds the car"
        Hold = Pool().get('mycar.marketplace.hold')
        return bool(Hold.search([('car', '=', self.id),
                    ('state', 'in', HOLDING),
                    ['OR', ('expires', '=', None),
                        ('expires', '>', calendar.now())]], limit=1))

