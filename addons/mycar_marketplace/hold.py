# This file is part of the MyCar partner platform.
"""A car held for a buyer's purchase (A6 §1.2.2-§1.2.6): the database
keeps at most one hold a car (an exclusion constraint on the car over
the holds held or sold), so two buyers at the same moment cannot both
win. The hold lapses unless the contract is signed in time, and a signed
contract holds the car until it is paid within its own time."""
import datetime as dt

from sql.operators import Equal
from trytond.model import Exclude, Index, ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta

from trytond.modules.mycar_partner import calendar

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
        readonly=True, ondelete='RESTRICT')
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

    def lapsed_by(self, when=None):
        "Held no longer, or past its time at when (else now)"
        return self.state not in HOLDING or (self.state == 'held'
            and self.expires and self.expires <= (when or calendar.now()))

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
        are released and their purchases cancelled (cron). A purchase
        whose contract both signed, or whose invoice was paid, is not: the
        purchase is told and judges the time of the signature itself"""
        Deal = Pool().get('mycar.sales.deal')
        domain = [('state', '=', 'held'), ('expires', '<=', calendar.now())]
        if cars is not None:
            domain.append(('car', 'in', [c.id for c in cars]))
        holds = [h for h in cls.search(domain) if not h.answered]
        if holds:
            cls.lapse(holds)
            Deal.cancel([h.deal for h in holds])

    @property
    def answered(self):
        "The buyer did their part in time; the purchase is told later"
        deal = self.deal
        return (deal.state == 'signing' and deal.contract_document
                and deal.contract_document.state == 'signed') or (
            deal.state == 'invoiced' and deal.invoice_document
            and deal.invoice_document.state == 'paid')

    @classmethod
    def lapse(cls, holds):
        cls.write(holds, {'state': 'lapsed', 'ended': calendar.now()})


def configuration():
    return Pool().get('mycar.partner.configuration')(1)
