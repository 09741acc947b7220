# This file is part of the MyCar partner platform.
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

from trytond.modules.mycar_cabinet.exceptions import InvalidPhone
from trytond.modules.mycar_cabinet.phone import normalise


class PhoneTestCase(ModuleTestCase):
    "Mobile numbers"
    module = 'mycar_cabinet'

    @with_transaction()
    def test_normalise_kazakh_forms(self):
        for number in ['+7 701 123 45 67', '87011234567', '7011234567',
                '8 (701) 123-45-67', '+77011234567']:
            with self.subTest(number=number):
                self.assertEqual(normalise(number), '+77011234567')

    @with_transaction()
    def test_refuses_what_is_not_a_mobile(self):
        for number in ['', '12345', '+7 727 258 00 00', 'phone',
                '+7 701 123 45 678']:
            with self.subTest(number=number):
                with self.assertRaises(InvalidPhone):
                    normalise(number)


del ModuleTestCase
