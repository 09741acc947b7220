# This file is part of the MyCar partner platform.
"""Each role sees its own tools (issue 14): the menus, the actions of the
toolbars and the buttons of our forms a user of each role is shown,
compared with the table declared in role_tools.py. A button the role may
not click is not in its form at all (not greyed out). With
MYCAR_ROLE_TOOLS=FILE, what each role sees is written to FILE."""
import json
import os
import pathlib
import unittest

from lxml import etree
from trytond.modules.company.tests import create_company
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction
from trytond.transaction import Transaction

from trytond.modules.mycar_partner.model import HidesForbiddenButtons
from trytond.modules.mycar_partner.tests.activation import activate

from .mycar import as_user, our_modules
from .role_tools import ROLES, TOOLS
from .test_access_matrix import role_user


def our_form_models(pool):
    "The models of our modules that have a form view"
    View = pool.get('ir.ui.view')
    return sorted({v.model for v in View.search([
                    ('module', 'in', our_modules()),
                    ('type', '=', 'form'),
                    ('model', '!=', None),
                    ])})


def tools(pool):
    """{'menus': [menu path], 'actions': {model: [action]}, 'buttons':
    {model: [button]}} of the current user"""
    Menu = pool.get('ir.ui.menu')
    Keyword = pool.get('ir.action.keyword')
    menus = sorted(m.complete_name for m in Menu.search([]))
    actions, buttons = {}, {}
    for name in our_form_models(pool):
        Model = pool.get(name)
        try:
            arch = Model.fields_view_get(view_type='form')['arch']
        except Exception:  # the role may not read the model at all
            continue
        shown = sorted(b.get('name') for b in
            etree.fromstring(arch).iter('button') if b.get('name'))
        if shown:
            buttons[name] = shown
        wizards = sorted(k['name'] for kind in ['form_action', 'form_print']
            for k in Keyword.get_keyword(kind, (name, -1)))
        if wizards:
            actions[name] = wizards
    return {'menus': menus, 'actions': actions, 'buttons': buttons}


class RoleToolsTestCase(unittest.TestCase):
    "What each role is shown"

    @classmethod
    def setUpClass(cls):
        activate(our_modules())

    @with_transaction()
    def test_each_role_sees_its_own_tools(self):
        pool = Pool()
        company = create_company()
        users = {role: role_user(pool, None if role.startswith('mycar')
                else company, role, f'tools-{role}') for role in ROLES}
        seen = {}
        for role, user in users.items():
            with as_user(user), Transaction().set_context(language='en'):
                seen[role] = tools(pool)
        if path := os.environ.get('MYCAR_ROLE_TOOLS'):
            # what each role sees now, to compare with the table by hand
            pathlib.Path(path).write_text(
                json.dumps(seen, indent=1, ensure_ascii=False))
        self.maxDiff = None
        for role in ROLES:
            with self.subTest(role=role):
                self.assertEqual(seen[role], TOOLS[role])

    @with_transaction()
    def test_every_model_with_buttons_hides_the_forbidden(self):
        "A new model with buttons is covered by the table's rule too"
        pool = Pool()
        for name in our_form_models(pool):
            Model = pool.get(name)
            if Model._buttons:
                self.assertTrue(
                    issubclass(Model, HidesForbiddenButtons), name)
