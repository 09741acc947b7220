# This file is part of the MyCar partner platform.
"""Every string a user can see is in Russian and Kazakh (X2): every
string of our modules; what each role is shown of Tryton's (menus,
actions, models, views, fields, choices, buttons), overridden in our
modules' locale/override files where Tryton has no translation; and every
message of every activated module."""
import unittest

from trytond.tests.test_tryton import DB_NAME, with_transaction
from trytond.transaction import Transaction

from trytond.modules.mycar_partner.tests.activation import activate

from .mycar import as_user, our_modules
from .role_tools import ROLES
from .test_access_matrix import role_user
from .translation import (
    LANGS,
    collect_sources,
    comparable,
    load_every_translation,
    missing,
    seen_texts,
    tryton_messages_missing,
    untranslated,
)


class TranslationTestCase(unittest.TestCase):
    "Translation completeness"

    @classmethod
    def setUpClass(cls):
        """Every string registered and every module's .po files loaded,
        Tryton's with our overrides, once"""
        activate(our_modules())
        with Transaction().start(DB_NAME, 0) as transaction:
            collect_sources()
            load_every_translation()
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
    def test_every_message_translated(self):
        "The errors and warnings of Tryton's modules too"
        for lang in LANGS:
            with self.subTest(lang=lang):
                lacking = tryton_messages_missing(lang)
                self.assertFalse(lacking, '\n'.join(
                        f'{lang}: {text!r}' for _, text in lacking))

    @with_transaction()
    def test_each_role_is_shown_its_language(self):
        """Each role's menus and the views they open, Tryton's strings
        included, read in Russian and in Kazakh. The administrator
        reaches every menu first; another role is read in each language
        only when shown a text the roles before were not (a Partner's own
        buttons): most are shown less of the same"""
        from trytond.modules.company.tests import create_company
        from trytond.pool import Pool
        pool = Pool()
        company = create_company()
        checked = set()
        for role in sorted(ROLES, key=lambda r: r != 'mycar_admin'):
            user = role_user(pool, None if role.startswith('mycar')
                else company, role, f'languages-{role}')
            with as_user(user):
                with Transaction().set_context(language='en'):
                    shown = seen_texts(pool)
                if comparable(shown) <= checked:
                    continue
                found = untranslated(pool, LANGS, shown)
            checked |= comparable(shown)
            for lang, lacking in found.items():
                with self.subTest(role=role, lang=lang):
                    self.assertFalse(lacking, '\n'.join(
                            f'{lang}: {key}: {text!r}'
                            for key, text in lacking))

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

    @with_transaction()
    def test_tryton_strings_overridden(self):
        """Tryton's own strings read in our words: a Russian its file has
        fuzzy, a Kazakh it has none of, a menu, an action and a mixin's
        field"""
        from trytond.i18n import gettext
        from trytond.pool import Pool
        pool = Pool()
        Party = pool.get('party.party')
        Menu = pool.get('ir.ui.menu')
        ModelData = pool.get('ir.model.data')
        menu = Menu(ModelData.get_id('party', 'menu_party_form'))
        for lang, party, menu_name, active in [
                ('ru', "Контрагент", "Контрагенты", "Действует"),
                ('kk', "Контрагент", "Контрагенттер", "Белсенді")]:
            with self.subTest(lang=lang), \
                    Transaction().set_context(language=lang):
                self.assertEqual(Party.__names__()['model'], party)
                self.assertEqual(Menu(menu.id).name, menu_name)
                self.assertEqual(
                    Party.fields_get(['active'])['active']['string'],
                    active)
                self.assertEqual(gettext('ir.msg_active'), active)
