# This file is part of the MyCar partner platform.
"""A buyer's purchase of a listed new car (M4-M6, A6 §1.2.2-§1.2.7): a sale
of mycar_sales made from the car, with the dealer's approved marketplace
template, the car held for the buyer (hold.py). The buyer's questionnaire
fills it and issues the contract; the dealer then the buyer sign it; the
invoice follows at once to the buyer and the payment organisation; the
buyer pays in the cabinet; the dealer issues the waybill through the
platform (A6 §3.3.7). Every document reaches the buyer's cabinet within
A6 §1.4's 5 minutes."""
from decimal import Decimal, InvalidOperation

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.mycar_sales.exceptions import DealError
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar, clauses
from trytond.modules.mycar_partner.model import claim

from .exceptions import PurchaseError
from .hold import HOLDING, configuration

# how many cars one buyer may hold at once
HOLDS_PER_BUYER = 3


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
    refund_due = fields.Boolean("Refund Due", readonly=True,
        states={'invisible': ~Eval('refund_due')},
        help="The buyer paid after the hold lapsed and the car went to "
        "another buyer: the dealer refunds the payment.")

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
        # a lapsed hold ends the purchase at any point before payment; a
        # payment that still came makes it the buyer's when the car is free
        cls._transitions |= {('signing', 'cancelled'),
            ('signed', 'cancelled'), ('invoiced', 'cancelled'),
            ('cancelled', 'paid')}

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
        if not external or mode != 'create':
            return
        if any(d.car for d in deals):
            raise PurchaseError(gettext(
                    'mycar_marketplace.msg_purchase_car_forged'))
        if any(d.waybill_document or d.refund_due for d in deals):
            raise DealError(gettext('mycar_sales.msg_deal_workflow_only'))

    @classmethod
    def buy(cls, party, car_id, price=None):
        """The buyer's purchase of the listed car at price (the one they
        saw): a sale from the dealer's marketplace template in force, the
        car held, the questionnaire to fill; the buyer's own purchase of
        the car when one runs already (a second tap makes no second one)"""
        pool = Pool()
        Car = pool.get('mycar.marketplace.car')
        Hold = pool.get('mycar.marketplace.hold')
        Line = pool.get('mycar.sales.deal.line')
        car = Car.listed(car_id)
        # buyers of one car wait for each other: a second tap sees its
        # purchase, another buyer the hold's refusal, and their other locks
        # (the dealer's numbering) cannot deadlock with the hold's
        claim([car])
        Hold.lapse_due([car])
        mine = Hold.search([('car', '=', car.id), ('party', '=', party.id),
                ('state', 'in', HOLDING)], limit=1)
        if mine:
            return mine[0].deal
        check_price(car, price)
        if Hold.search_count([('party', '=', party.id),
                    ('state', '=', 'held')]) >= HOLDS_PER_BUYER:
            raise PurchaseError(gettext(
                    'mycar_marketplace.msg_purchase_too_many',
                    count=HOLDS_PER_BUYER))
        version = marketplace_version(car.company)
        deal = cls(company=car.company, party=party, car=car,
            template=version.template, template_version=version,
            goods='vehicle', vin=car.vin, make=car.make, model=car.model,
            year=car.year, colour=car.colour_exterior,
            vat_rate=cls.default_vat_rate(),
            payment_terms=payment_terms(version.template.language),
            lines=[Line(description=car.rec_name, quantity=1,
                    unit_price=car.price)])
        deal.save()
        Hold.hold([deal])  # refused here when another buyer holds the car
        cls.send_questionnaire([deal])
        return deal

    @classmethod
    def answer_questionnaire(cls, party, deal_id, form, submit=False):
        """A purchase's questionnaire, once submitted, makes the buyer the
        dealer's client (with the consent it records) and the contract"""
        Link = Pool().get('mycar.client.link')
        questionnaire, refusal = super().answer_questionnaire(
            party, deal_id, form, submit=submit)
        deal = cls.of_client(party, deal_id)
        if (deal.car and questionnaire.state == 'submitted'
                and deal.state == 'questionnaire'):
            cls.check_held([deal])
            Link.link(deal.company, [deal.party])
            cls.issue_contract([deal])
        return questionnaire, refusal

    @classmethod
    def check_held(cls, deals, when=None):
        "Refuse a purchase whose hold lapsed (by when, else now)"
        for deal in deals:
            hold = deal.hold
            if deal.car and (not hold or hold.lapsed_by(when)):
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
        """A purchase both signed before its hold lapsed: the car held for
        the payment, the buyer invoiced; signed after: released"""
        Hold = Pool().get('mycar.marketplace.hold')
        super().signed(deals)
        purchases = [d for d in deals if d.car]
        late = [d for d in purchases
            if not d.hold or d.hold.lapsed_by(d.signed_by_all)]
        in_time = [d for d in purchases if d not in late]
        if late:
            Hold.lapse(Hold.of_deals(late))
            cls.cancel(late)
        if in_time:
            Hold.await_payment(in_time)
            cls.invoice(in_time)

    @property
    def signed_by_all(self):
        "When the last signer signed the contract"
        signatures = self.contract_document.signatures \
            if self.contract_document else []
        return max((s.signed_date for s in signatures if s.signed_date),
            default=None)

    @classmethod
    def cabinet_paid(cls, documents):
        """A purchase paid at the organisation after its hold lapsed is the
        buyer's when the car is still free; else its refund is due"""
        super().cabinet_paid(documents)
        late = [d.origin for d in documents
            if d.origin.car and d.origin.invoice_document == d
            and d.origin.state == 'cancelled']
        if late:
            cls.paid_late(late)

    @classmethod
    def paid_late(cls, deals):
        Hold = Pool().get('mycar.marketplace.hold')
        taken = {h.car for h in Hold.search([
                    ('car', 'in', [d.car.id for d in deals]),
                    ('state', 'in', HOLDING)])}
        revived = []
        for deal in deals:
            if deal.car not in taken:
                taken.add(deal.car)
                revived.append(deal)
        if revived:
            Hold.create([{'car': d.car, 'deal': d, 'company': d.company,
                        'party': d.party, 'state': 'sold',
                        'ended': calendar.now()} for d in revived])
            cls.paid(revived)
        refunds = [d for d in deals if d not in revived]
        if refunds:
            cls.write(refunds, {'refund_due': True})

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
        platform (A6 §3.3.7) lands in the buyer's cabinet, with the VIN
        the DMS gave a car bought in transit"""
        Waybill = Pool().get('mycar.marketplace.waybill', type='report')
        purchases = [d for d in deals if d.car and not d.waybill_document]
        for deal in purchases:
            deal.vin = deal.vin or deal.car.vin
            if not deal.vin:
                raise PurchaseError(gettext(
                        'mycar_marketplace.msg_purchase_no_vin',
                        deal=deal.rec_name))
        cls.save(purchases)
        super().deliver(deals)
        documents = cls.issue(purchases, 'waybill',
            [Waybill.render_pdf(d) for d in purchases])
        for deal, document in zip(purchases, documents):
            deal.waybill_document = document
        cls.save(purchases)


def check_price(car, price):
    "The buyer buys at the price they saw, else they see the new one"
    if price is None:
        return
    try:
        seen = Decimal(str(price))
    except (InvalidOperation, ValueError):
        seen = None
    if seen != car.price:
        raise PurchaseError(gettext(
                'mycar_marketplace.msg_purchase_price_changed',
                car=car.rec_name, price=f'{car.price:,.0f}'.replace(
                    ',', '\u00a0')))


def payment_terms(language):
    "The purchase's terms, in the contract's language"
    minutes = configuration().marketplace_payment_minutes
    with Transaction().set_context(language=language):
        return gettext('mycar_marketplace.msg_purchase_terms',
            hours=-(-minutes // 60))


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

    def held_for_another(self, party):
        "Another buyer's purchase holds or bought the car"
        Hold = Pool().get('mycar.marketplace.hold')
        return bool(Hold.search([('car', '=', self.id),
                    ('party', '!=', party.id), ('state', 'in', HOLDING),
                    ['OR', ('expires', '=', None),
                        ('expires', '>', calendar.now())]], limit=1))

