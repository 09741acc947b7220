# This file is part of the MyCar partner platform.
"""Every string a user can see in our modules is in Russian and Kazakh
(X2)."""
import unittest

from trytond.tests.test_tryton import DB_NAME, with_transaction
from trytond.transaction import Transaction

from trytond.modules.mycar_partner.tests.activation import activate

from .mycar import our_modules
from .translation import LANGS, collect_sources, missing


class TranslationTestCase(unittest.TestCase):
    "Translation completeness"

    @classmethod
    def setUpClass(cls):
        "Every string registered and our .po files loaded, once"
        activate(our_modules())
        with Transaction().start(DB_NAME, 0) as transaction:
            collect_sources()
            transaction.commit()

    @with_transaction()
    def test_every_string_translated(self):
        for lang in LANGS:
            with self.subTest(lang=lang):
                lacking = missing(our_modules(), lang)
                self.assertFalse(lacking, '\n'.join(
                        f"{lang}: {module} {type_} {name}: {src!r}"
                        for module, type_, name, src in lacking))

    @with_transaction()
    def test_translation_is_used(self):
        "A message reaches a Kazakh user in Kazakh"
        from trytond.i18n import gettext
        english = gettext('mycar_partner.msg_oked_invalid',
            code='1', party='X')
        with Transaction().set_context(language='kk'):
            kazakh = gettext('mycar_partner.msg_oked_invalid',
                code='1', party='X')
        self.assertNotEqual(kazakh, english)
        self.assertIn('ЭҚЖЖ', kazakh)
