# This file is part of the MyCar partner platform.
import datetime as dt
import itertools
from decimal import Decimal

from trytond.modules.company.tests import create_company
from trytond.modules.mycar_marketplace.sync import parse
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

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


del ModuleTestCase
