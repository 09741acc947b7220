#!/usr/bin/env python3
# This file is part of the MyCar partner platform.
"""What each role is shown in the back office in English while its
language is Russian or Kazakh: menus, actions, models, and the labels,
fields, helps, choices and buttons of the views its menus open (Tryton's
modules' strings included, unlike tests/test_translations.py). The list to
translate next, written as JSON.

Usage: DB_NAME=test_mycar DB_CACHE=var/sqlite/cache \
    TRYTOND_DATABASE__PATH=var/sqlite/db \
    .venv/bin/python scripts/untranslated.py OUT.json [ROLE...]
"""
import importlib
import json
import pathlib
import sys

from trytond.pool import Pool

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LANGS = ['ru', 'kk']


# Texts that read the same in every language: names and codes
SAME_EVERYWHERE = {'MyCar', 'IBAN', 'BIC', 'BIN', 'IIN', 'SMS', 'CRM', 'URL',
    'API', 'ID', 'VIN', 'PDF', 'ESF', 'OKED', '1C', 'OK', 'UUID', 'XML',
    'JSON', 'CSV', 'HTML', 'KZT', '%', 'SHA-256', 'E-mail', 'Email'}


def module_locale(module):
    "The locale folder of an activated module (ir and res included)"
    import trytond
    if module in {'ir', 'res'}:
        return pathlib.Path(trytond.__file__).parent / module / 'locale'
    return pathlib.Path(importlib.import_module(
            f'trytond.modules.{module}').__file__).parent / 'locale'


def load_every_translation():
    """The .po files of every activated module, Tryton's and ours, in
    Russian and Kazakh, overrides last (as an update loads them)"""
    pool = Pool()
    Module = pool.get('ir.module')
    Translation = pool.get('ir.translation')
    modules = [m.name for m in Module.search([('state', '=', 'activated')])]
    for lang in LANGS:
        for module in modules:
            locale = module_locale(module)
            files = [str(f) for f in [locale / f'{lang}.po',
                    locale / 'override' / f'{lang}.po'] if f.exists()]
            if files:
                Translation.translation_import(lang, module, files)


def _reached_models(pool, menus):
    "The models the menus' actions open"
    models = set()
    for menu in menus:
        action = menu.action
        if action and action.__name__ == 'ir.action.act_window' \
                and action.res_model:
            models.add(action.res_model)
    return models


def seen_texts(pool):
    """{key: text} of what the current user is shown: the names of their
    menus and of the actions, and of each model an action opens, its name
    and its form and list views: labels, fields, helps, choices and
    buttons, with the models of the lists inside a form"""
    Menu = pool.get('ir.ui.menu')
    Model = pool.get('ir.model')
    texts = {}
    menus = Menu.search([])
    for menu in menus:
        texts[('menu', menu.id)] = menu.name
        if menu.action:
            texts[('action', str(menu.action))] = menu.action.name
    models, done = _reached_models(pool, menus), set()
    while models:
        name = models.pop()
        done.add(name)
        for model in Model.search([('name', '=', name)]):
            texts[('model', name)] = model.string
        for view_type in ['form', 'tree']:
            models |= _view_texts(pool, name, view_type, texts) - done
    return texts


def _view_texts(pool, name, view_type, texts):
    """Add the texts of the model's view of view_type to texts; return the
    models of the lists in it"""
    from lxml import etree
    try:
        view = pool.get(name).fields_view_get(view_type=view_type)
    except Exception:  # no such model or view, or no access
        return set()
    for index, element in enumerate(etree.fromstring(view['arch']).iter()):
        for attribute in ['string', 'sum', 'confirm', 'help']:
            if element.get(attribute):
                texts[(name, view_type, index, attribute)] = (
                    element.get(attribute))
    inside = set()
    for fname, field in view['fields'].items():
        for attribute in ['string', 'help']:
            if field.get(attribute):
                texts[(name, 'field', fname, attribute)] = field[attribute]
        if isinstance(field.get('selection'), list):
            for value, label in field['selection']:
                texts[(name, 'selection', fname, value)] = label
        if field.get('type') in {'one2many', 'many2many'}:
            inside.add(field['relation'])
    return inside


def needs_translation(text):
    "Whether text is words to translate, not a name, code or number"
    words = [w for w in text.replace('/', ' ').split()
        if any(c.isalpha() for c in w)]
    return bool(words) and text.strip() not in SAME_EVERYWHERE and any(
        w.strip('.,:;()«»"') not in SAME_EVERYWHERE for w in words)


def untranslated(pool, lang):
    """[(key, text)] of what the current user sees in English in lang:
    the same text as in English, where it should not be"""
    from trytond.transaction import Transaction
    with Transaction().set_context(language='en'):
        english = seen_texts(pool)
    with Transaction().set_context(language=lang):
        local = seen_texts(pool)
    return sorted((key, text) for key, text in english.items()
        if local.get(key) == text and needs_translation(text))


def main(out, roles):
    from trytond.modules.company.tests import create_company
    from trytond.tests.test_tryton import DB_NAME
    from trytond.transaction import Transaction

    from tests.role_tools import ROLES
    from tests.test_access_matrix import role_user
    from tests.translation import collect_sources
    from trytond.modules.mycar_partner.tests.activation import activate
    activate([])
    found = {}
    with Transaction().start(DB_NAME, 0) as transaction:
        pool = Pool()
        collect_sources()
        load_every_translation()
        company = create_company()
        for role in roles or ROLES:
            user = role_user(pool, None if role.startswith('mycar')
                else company, role, f'untranslated-{role}')
            with Transaction().set_user(user.id), \
                    Transaction().set_context(_check_access=True,
                        company=user.company.id if user.company else None):
                for lang in LANGS:
                    found[f'{role} {lang}'] = [[str(k), text]
                        for k, text in untranslated(pool, lang)]
        transaction.rollback()
    pathlib.Path(out).write_text(
        json.dumps(found, indent=0, ensure_ascii=False))
    for key, texts in found.items():
        print(key, len(texts))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])
