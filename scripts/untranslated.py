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
import json
import logging
import os
import pathlib
import sys

from trytond.pool import Pool

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

logger = logging.getLogger('untranslated')

from tests.translation import (  # noqa: E402
    LANGS,
    load_every_translation,
    untranslated,
)


def source_of(key):
    "(type, name) of the ir.translation a seen text's key comes from"
    if key[0] == 'menu':
        return 'model', 'ir.ui.menu,name'
    if key[0] == 'model':
        return 'model', f'{key[1]},string'
    if key[1] == 'field':
        return ('field' if key[3] == 'string' else 'help',
            f'{key[0]},{key[2]}')
    if key[1] == 'selection':
        return 'selection', f'{key[0]},{key[2]}'
    return 'view', key[0]


def entries_of(pool, key, text):
    """[(msgctxt, msgid)] that translate a seen text: overrides of the
    rows of Tryton's that hold it, else (a field a mixin gave the model,
    which Tryton registers nowhere) a translation of our own"""
    Translation = pool.get('ir.translation')
    ModelData = pool.get('ir.model.data')
    if key[0] == 'action':
        return []  # Tryton cannot override an action's name
    type_, name = source_of(key)
    domain = [('type', '=', type_), ('name', '=', name),
        ('lang', '=', 'en'), ('src', '=', text)]
    if key[0] == 'menu':
        domain.append(('res_id', '=', key[1]))
    entries = []
    for row in Translation.search(domain):
        fs_id = ''
        if row.res_id and row.res_id > 0:
            data = ModelData.search([
                    ('model', '=', row.name.split(',')[0]),
                    ('db_id', '=', row.res_id),
                    ('module', '=', row.module)], limit=1)
            if not data:
                continue
            fs_id = data[0].fs_id
        entries.append((f'{row.type}:{row.name}:{row.module}.{fs_id}',
                row.src))
    if not entries and key[0] != 'menu':
        entries.append((f'{type_}:{name}:', text))
    return entries


def write_overrides(pool, found, translations):
    "Write the override .po entries of the texts found"
    import polib
    files = {}
    for (key, text, lang) in found:
        if text not in translations:
            continue
        for context, source in entries_of(pool, key, text):
            target = ('mycar_garage' if 'mycar.garage' in context
                or ':mycar_garage.' in context else 'mycar_billing')
            path = (ROOT / 'addons' / target / 'locale' / 'override'
                / f'{lang}.po')
            files.setdefault(path, {})[(context, source)] = (
                translations[text][lang])
    for path, entries in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        catalogue = (polib.pofile(str(path), wrapwidth=78) if path.exists()
            else polib.POFile(wrapwidth=78))
        catalogue.metadata = {'Content-Type': 'text/plain; charset=utf-8'}
        known = {(e.msgctxt, e.msgid) for e in catalogue}
        for (context, source), value in sorted(entries.items()):
            if (context, source) not in known:
                catalogue.append(polib.POEntry(
                        msgctxt=context, msgid=source, msgstr=value))
        catalogue.save(str(path))


def main(out, roles):
    from trytond.modules.company.tests import create_company
    from trytond.tests.test_tryton import DB_NAME
    from trytond.transaction import Transaction

    from tests.mycar import as_user
    from tests.role_tools import ROLES
    from tests.test_access_matrix import role_user
    from tests.translation import collect_sources
    from trytond.modules.mycar_partner.tests.activation import activate
    activate([])
    found, seen = {}, set()
    with Transaction().start(DB_NAME, 0) as transaction:
        pool = Pool()
        collect_sources()
        load_every_translation()
        company = create_company()
        for role in roles or ROLES:
            user = role_user(pool, None if role.startswith('mycar')
                else company, role, f'untranslated-{role}')
            with as_user(user):
                for lang in LANGS:
                    texts = untranslated(pool, lang)
                    found[f'{role} {lang}'] = [[str(k), text]
                        for k, text in texts]
                    seen.update((k, text, lang) for k, text in texts)
        if path := os.environ.get('MYCAR_TRANSLATIONS'):
            write_overrides(pool, seen, json.loads(
                    pathlib.Path(path).read_text()))
        transaction.rollback()
    pathlib.Path(out).write_text(
        json.dumps(found, indent=0, ensure_ascii=False))
    for key, texts in found.items():
        logger.info('%s: %d', key, len(texts))


if __name__ == '__main__':
    logging.basicConfig(level=logging.INFO, format='%(message)s')
    main(sys.argv[1], sys.argv[2:])
