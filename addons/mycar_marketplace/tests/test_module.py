# This file is part of the MyCar partner platform.
import datetime as dt
import itertools
from decimal import Decimal

from trytond.exceptions import UserError
from trytond.modules.company.tests import create_company
from trytond.modules.mycar_marketplace.sync import parse
from trytond.modules.mycar_marketplace.tests.tools import sell_online
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.tests.activation import ActivationMixin


class MycarMarketplaceTestCase(ActivationMixin, ModuleTestCase):
    "Test MyCar Marketplace module"
    module = 'mycar_marketplace'

    @with_transaction()
    def test_odd_rows_are_quarantined(self):
        "A DMS row of any shape is quarantined, never stops the sync"
        car = {'stock_number': 'A-1', 'make': "Kia", 'model': "Rio",
            'price': '9500000', 'city': "Алматы",
            'vin': 'XWEFF411BD0012345'}
        rows = [dict(car, price='1e30'), dict(car, price='NaN'),
            dict(car, options=5), dict(car, vin=12345),
            dict(car, availability=['x']), dict(car, year=10 ** 12),
            'not a car', dict(car, price=None), dict(car, vin=None)]
        good, bad, removed = parse(rows)
        self.assertEqual([v['availability'] for v in good],
            ['in_stock', 'in_stock'])  # a wrong availability, a wrong year
        self.assertEqual([v['year'] for v in good], [None, None])
        self.assertEqual(len(bad), 7)
        self.assertTrue(all(reason for _, reason, _ in bad))
        self.assertEqual(removed, [])


    @with_transaction()
    def test_facets_in_one_statement_count_as_one_a_facet(self):
        """The facets of one grouped scan (PostgreSQL) are the counts of
        one query a facet, under any filters"""
        Car = Pool().get('mycar.marketplace.car')
        dealers = [create_company(f"Dealer {i}") for i in range(2)]
        makes = [("Toyota", "Camry", "Prestige"), ("Toyota", "RAV4", None),
            ("Kia", "Rio", "Luxe"), ("Kia", "Sportage", "Luxe")]
        cars = []
        for i, ((make, model, trim), dealer, city) in enumerate(
                itertools.islice(itertools.cycle(itertools.product(
                            makes, dealers, ["Астана", "Алматы", None])),
                    40)):
            cars.append({'company': dealer.id, 'stock_number': f'S-{i}',
                    'make': make, 'model': model, 'trim': trim,
                    'city': city or "Шымкент",
                    'price': Decimal(9000000 + 250000 * i),
                    'availability': 'in_stock', 'vin': None,
                    'eta': dt.date(2026, 12, 1),
                    'confirmed_date': dt.datetime(2026, 11, 2, 5),
                    'withdrawn_date': dt.datetime(2026, 11, 2, 5)
                    if i % 7 == 0 else None})
        Car.create(cars)
        dealer_ids = [d.id for d in dealers]
        for filters in [{}, {'make': "Toyota"},
                {'make': "Kia", 'trim': "Luxe"},
                {'model': "Rio", 'price_min': Decimal(10000000)},
                {'company': dealer_ids[1], 'city': "Алматы",
                    'price_max': Decimal(15000000)},
                {'make': "Toyota", 'model': "Rio"}]:
            filters = {**filters, 'dealers': dealer_ids}
            with self.subTest(filters=filters):
                self.assertEqual(Car.facets(filters),
                    {f: Car.facet(f, filters) for f in
                        ['make', 'model', 'trim', 'city', 'company']})


    def market(self, cars=4):
        """A dealer selling online with cars (the last in transit), two
        buyers of another Partner"""
        pool = Pool()
        dealer = create_company("ТОО «Astana Motors»")
        other = create_company("ТОО «Garage Service»")
        sell_online(pool, dealer.id)
        values = {'company': dealer.id, 'make': "Toyota", 'model': "Camry",
            'price': Decimal(18500000), 'city': "Астана",
            'availability': 'in_stock', 'confirmed_date': calendar.now()}
        stock = pool.get('mycar.marketplace.car').create(
            [{**values, 'stock_number': f'A-{i}',
                    'vin': f'JTNB11HK00301234{i}'} for i in range(cars - 1)]
            + [{**values, 'stock_number': 'T-1', 'vin': None,
                    'availability': 'in_transit',
                    'eta': dt.date(2026, 12, 20)}])
        buyers = pool.get('party.party').register_clients(other, [
                ("Иван Петров", '+77011234567'),
                ("Айгерим Нурланова", '+77019876543')])
        return dealer, stock, buyers

    @with_transaction()
    def test_a_buyer_holds_three_cars_at_most(self):
        "A fourth hold is refused; a second tap is the same purchase"
        Deal = Pool().get('mycar.sales.deal')
        _, cars, (buyer, _) = self.market()
        deals = [Deal.buy(buyer, c.id) for c in cars[:3]]
        self.assertEqual(Deal.buy(buyer, cars[0].id), deals[0])
        with self.assertRaisesRegex(UserError, "already hold 3 cars"):
            Deal.buy(buyer, cars[3].id)

    @with_transaction()
    def test_paid_after_the_car_went_to_another(self):
        """A purchase paid after its hold lapsed and another buyer took
        the car: its refund is due, the other keeps the car"""
        pool = Pool()
        Deal = pool.get('mycar.sales.deal')
        Hold = pool.get('mycar.marketplace.hold')
        _, cars, (first, second) = self.market(cars=1)
        lapsed = Deal.buy(first, cars[0].id)
        Hold.write(list(lapsed.holds), {'expires': dt.datetime(2026, 1, 1)})
        taken = Deal.buy(second, cars[0].id)  # the lapse releases the car
        self.assertEqual(Deal(lapsed.id).state, 'cancelled')
        Deal.paid_late([Deal(lapsed.id)])
        lapsed = Deal(lapsed.id)
        self.assertEqual((lapsed.state, lapsed.refund_due),
            ('cancelled', True))
        self.assertEqual([h.state for h in Deal(taken.id).holds], ['held'])

    @with_transaction(user=0)
    def test_a_car_bought_in_transit_is_handed_over_with_its_vin(self):
        """The waybill of a car bought without a VIN waits for the VIN the
        DMS gives when the car arrives"""
        pool = Pool()
        Deal = pool.get('mycar.sales.deal')
        Car = pool.get('mycar.marketplace.car')
        dealer, cars, (buyer, _) = self.market(cars=1)
        deal = Deal.buy(buyer, cars[0].id)
        pool.get('mycar.client.link').link(dealer, [buyer])
        pool.get('mycar.client.consent').give(dealer, [buyer],
            'personal_data', 'cabinet')
        Deal.write([deal], {'state': 'paid', 'delivery_kind': 'waybill',
                'delivery_number': 'НК-1', 'delivery_date': dt.date(
                    2026, 12, 2)})
        with self.assertRaisesRegex(UserError, "has no VIN yet"):
            Deal.deliver([deal])
        Car.write([cars[0]], {'vin': 'JTMW43FV50D012345'})
        Deal.deliver([deal])
        deal = Deal(deal.id)
        self.assertEqual((deal.state, deal.vin, deal.waybill_document.kind),
            ('done', 'JTMW43FV50D012345', 'waybill'))


del ModuleTestCase
