# This file is part of the MyCar partner platform.
import datetime as dt
from decimal import Decimal

from trytond.modules.mycar_billing.exceptions import TariffError
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction


class MycarBillingTestCase(ModuleTestCase):
    "Test MyCar Billing module"
    module = 'mycar_billing'

    @with_transaction()
    def test_one_tariff_of_a_kind_per_service_and_day(self):
        pool = Pool()
        Tariff = pool.get('mycar.billing.tariff')
        garage, = pool.get('mycar.service').search([('code', '=', 'garage')])
        current, = Tariff.search([
                ('service', '=', garage.id), ('kind', '=', 'licence')])
        new = {'service': garage, 'kind': 'licence',
            'amount': Decimal(210000), 'start_date': dt.date(2027, 1, 1)}
        Tariff.write([current], {'end_date': dt.date(2026, 12, 31)})
        tariff, = Tariff.create([new])  # from the day after: accepted
        self.assertEqual(
            Tariff.valid_on(dt.date(2027, 3, 1))[garage.id, 'licence'],
            tariff)
        # a refused create is rolled back with its request; each comes last
        with self.assertRaises(TariffError):  # 570 ₸ a document still runs
            Tariff.create([{**new, 'kind': 'document',
                        'amount': Decimal(600)}])

    @with_transaction()
    def test_tariffs_may_not_overlap(self):
        pool = Pool()
        Tariff = pool.get('mycar.billing.tariff')
        garage, = pool.get('mycar.service').search([('code', '=', 'garage')])
        with self.assertRaises(TariffError):  # the current one never ends
            Tariff.create([{'service': garage, 'kind': 'licence',
                        'amount': Decimal(210000),
                        'start_date': dt.date(2027, 1, 1)}])

del ModuleTestCase
