# This file is part of the MyCar partner platform.
from trytond.tests.test_tryton import ModuleTestCase

from trytond.modules.mycar_partner.tests.activation import ActivationMixin


class MycarLoyaltyTestCase(ActivationMixin, ModuleTestCase):
    "Test MyCar Loyalty module"
    module = 'mycar_loyalty'


del ModuleTestCase
