# This file is part of the MyCar partner platform.
from trytond.tests.test_tryton import ModuleTestCase


class MycarBillingTestCase(ModuleTestCase):
    "Test MyCar Billing module"
    module = 'mycar_billing'


del ModuleTestCase
