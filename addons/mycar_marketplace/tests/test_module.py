# This file is part of the MyCar partner platform.
from trytond.modules.mycar_marketplace.sync import parse
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


del ModuleTestCase
