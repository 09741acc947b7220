# This file is part of the MyCar partner platform.
"""Views the web client (sao) can render."""
import unittest

from lxml import etree
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction

from trytond.modules.mycar_partner.tests.activation import activate

from .mycar import our_modules

# sao has no list column for these types: Tryton's own list views show
# them through a date or time widget
NO_LIST_COLUMN = {'datetime', 'timestamp'}
LIST_WIDGETS = {'date', 'time'}


class ViewTestCase(unittest.TestCase):
    "sao-renderable views"

    @classmethod
    def setUpClass(cls):
        activate(our_modules())

    @with_transaction()
    def test_list_columns_have_a_widget(self):
        pool = Pool()
        View = pool.get('ir.ui.view')
        views = View.search([
                ('module', 'in', our_modules()),
                ('type', '=', 'tree'),
                ])
        for view in views:
            Model = pool.get(view.model)
            tree = etree.fromstring(view.arch)
            for field in tree.iter('field'):
                name = field.get('name')
                type_ = Model._fields[name]._type
                with self.subTest(view=view.rec_name, field=name):
                    self.assertFalse(type_ in NO_LIST_COLUMN
                        and field.get('widget') not in LIST_WIDGETS,
                        f"{view.model}.{name} ({type_}) needs a date or "
                        "time widget in a list")
