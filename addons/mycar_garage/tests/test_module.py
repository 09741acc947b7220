# This file is part of the MyCar partner platform.
from trytond.modules.company.tests import create_company
from trytond.modules.mycar_garage.exceptions import VehicleError
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

from trytond.modules.mycar_partner.tests.activation import ActivationMixin


class MycarGarageTestCase(ActivationMixin, ModuleTestCase):
    "Test MyCar Garage module"
    module = 'mycar_garage'

    @with_transaction()
    def test_vin(self):
        "A VIN has 17 characters, digits and Latin letters but I, O, Q"
        pool = Pool()
        Vehicle = pool.get('mycar.vehicle')
        partner = create_company("Partner")
        client, = pool.get('party.party').register_clients(
            partner, [("Иван", '+77011234567')])
        values = {'company': partner, 'owner': client, 'make': "Lada",
            'model': "Vesta"}
        for vin in ['XTA21180094765432', 'xta 2118 0094 765432']:
            vehicle, = Vehicle.create([{**values, 'vin': vin}])
            self.assertEqual(vehicle.vin, 'XTA21180094765432')
            Vehicle.write([vehicle], {'active': False})
        for vin in ['XTA2118009476543', 'XTA211800947654321',
                'XTA2118009476543I', 'XTA2118009476543Q',
                'XTA2118009476543O', 'XTA2118009476543Ж']:
            with self.subTest(vin=vin), self.assertRaises(VehicleError):
                Vehicle.create([{**values, 'vin': vin}])

    @with_transaction()
    def test_year(self):
        pool = Pool()
        Vehicle = pool.get('mycar.vehicle')
        partner = create_company("Partner")
        client, = pool.get('party.party').register_clients(
            partner, [("Иван", '+77011234567')])
        values = {'company': partner, 'owner': client, 'make': "Lada",
            'model': "Vesta"}
        for year in [1885, 2100]:  # each refused create stays until rollback
            with self.subTest(year=year), self.assertRaises(VehicleError):
                Vehicle.create([{**values, 'year': year,
                            'vin': f'XTA2118009476{year}'}])

    @with_transaction()
    def test_orders_are_numbered_per_partner(self):
        "Each Partner numbers its work orders from its own sequence"
        Order = Pool().get('mycar.garage.order')
        first, second = create_company("First"), create_company("Second")
        vehicle = {'vin': 'XTA21180094765432', 'make': "Lada",
            'model': "Vesta"}
        numbers = [Order.intake(company, "Иван", '+77011234567',
                vehicle).number for company in [first, second, first]]
        self.assertEqual(numbers, ['ЗН-000001', 'ЗН-000001', 'ЗН-000002'])
        self.assertNotEqual(first.garage_order_sequence,
            second.garage_order_sequence)
        self.assertEqual(first.garage_order_sequence.company, first)


del ModuleTestCase
