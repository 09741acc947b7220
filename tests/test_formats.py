# This file is part of the MyCar partner platform.
"""Formats follow the reader's language (issue 14): a month is named as
the language names it, a year has no thousands separator, a rate is a
percentage, and a record another points at (a clock's object, a message's
origin) shows its name, never "Model,(id)"."""
import datetime as dt
import unittest

from lxml import etree
from trytond.modules.company.tests import create_company
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction
from trytond.transaction import Transaction

from trytond.modules.mycar_partner.calendar import month_name
from trytond.modules.mycar_partner.tests.activation import activate

from .mycar import our_modules
from .test_isolation import FIXTURES

# (model, field) shown without grouping, or as a percentage (a factor of
# 100 and a % suffix), in every view
YEARS = [('mycar.vehicle', 'year'),
    ('mycar.garage.order.intake.start', 'year')]
PERCENTAGES = [('mycar.billing.act', 'vat_rate')]


class FormatsTestCase(unittest.TestCase):
    "Formats"

    @classmethod
    def setUpClass(cls):
        activate(our_modules())

    def test_a_month_as_each_language_names_it(self):
        november = dt.date(2026, 11, 1)
        self.assertEqual(month_name(november, 'ru'), "ноябрь 2026")
        self.assertEqual(month_name(november, 'kk'), "2026 ж. қараша")
        self.assertEqual(month_name(november, 'en'), "November 2026")

    @with_transaction()
    def test_lists_name_the_month(self):
        pool = Pool()
        for model in ['mycar.billing.act', 'mycar.billing.month']:
            Model = pool.get(model)
            arch = etree.fromstring(
                Model.fields_view_get(view_type='tree')['arch'])
            names = [f.get('name') for f in arch.iter('field')]
            self.assertIn('month', names, model)
            self.assertNotIn('period_start', names, model)

    @with_transaction()
    def test_years_and_rates(self):
        pool = Pool()
        for attribute, value, fields in [('grouping', '0', YEARS),
                ('factor', '100', PERCENTAGES)]:
            for model, name in fields:
                Model = pool.get(model)
                for view_type in ['form', 'tree']:
                    arch = etree.fromstring(Model.fields_view_get(
                            view_type=view_type)['arch'])
                    for field in arch.iter('field'):
                        if field.get('name') == name:
                            self.assertEqual(field.get(attribute), value,
                                f'{model}.{name} ({view_type})')

    @with_transaction()
    def test_a_referenced_record_shows_its_name(self):
        "Every model a clock, a message or a document may point at"
        pool = Pool()
        company = create_company()
        referenced = (set(pool.get('mycar.deadline')._get_references())
            | set(pool.get('mycar.outbox.message')._get_origins())
            | set(pool.get('mycar.cabinet.document')._get_origins()))
        with Transaction().set_context(language='ru'):
            for model in sorted(referenced & set(FIXTURES)):
                with self.subTest(model=model):
                    record = FIXTURES[model](company)
                    name = record.rec_name
                    self.assertTrue(name and name != str(record.id),
                        f'{model}: {name!r}')
