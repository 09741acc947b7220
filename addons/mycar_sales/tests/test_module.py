# This file is part of the MyCar partner platform.
from trytond.tests.test_tryton import ModuleTestCase

from trytond.modules.mycar_partner.tests.activation import ActivationMixin


class MycarSalesTestCase(ActivationMixin, ModuleTestCase):
    "Test MyCar Sales module"
    module = 'mycar_sales'


del ModuleTestCase
