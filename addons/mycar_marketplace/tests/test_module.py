# This file is part of the MyCar partner platform.
from trytond.tests.test_tryton import ModuleTestCase

from trytond.modules.mycar_partner.tests.activation import ActivationMixin


class MycarMarketplaceTestCase(ActivationMixin, ModuleTestCase):
    "Test MyCar Marketplace module"
    module = 'mycar_marketplace'


del ModuleTestCase
