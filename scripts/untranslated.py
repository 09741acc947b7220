#!/usr/bin/env python3
# This file is part of the MyCar partner platform.
"""What each role is shown in the back office in English while its
language is Russian or Kazakh (menus, actions, models, and the labels,
fields, helps, choices and buttons of the views its menus open), and every
message of Tryton's modules without a translation: the list to translate,
written as JSON with the override entries each text needs.

With MYCAR_TRANSLATIONS=FILE ({text: {lang: translation}}), also writes
those entries into our modules' locale/override/<lang>.po files, each in
the lowest of our modules that depends on the module it overrides.

Usage: DB_NAME=test_mycar DB_CACHE=$PWD/var/sqlite/cache \
    TRYTOND_DATABASE__PATH=$PWD/var/sqlite/db \
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
    DEPENDENCY_ORDER,
    LANGS,
    load_every_translation,
    tryton_messages_missing,
    untranslated,
)


def source_of(key):
    "(type, name) of the ir.translation a seen text's key comes from"
    if key[0] == 'menu':
        return 'model', 'ir.ui.menu,name'
    if key[0] == 'action':
        return 'model', 'ir.action,name'
    if key[0] == 'model':
        return 'model', f'{key[1]},string'
    if key[1] == 'field':
        return ('field' if key[3] == 'string' else 'help',
            f'{key[0]},{key[2]}')
    if key[1] == 'selection':
        return 'selection', f'{key[0]},{key[2]}'
    return 'view', key[0]


def entries_of(pool, key, text):
    """[(owner module, msgctxt)] of the override entries that translate a
    seen text: the rows of Tryton's that hold it, else the message a
    mixin's field takes its label from"""
    Translation = pool.get('ir.translation')
    type_, name = source_of(key)
    domain = [('type', '=', type_), ('name', '=', name),
        ('lang', '=', 'en'), ('src', '=', text)]
    if key[0] == 'menu':
        domain.append(('res_id', '=', key[1]))
    elif key[0] == 'action':
        domain.append(('res_id', '=', int(key[1].split(',')[1])))
    entries = [_entry(pool, row) for row in Translation.search(domain)]
    if not entries and key[1] in {'form', 'tree'}:
        # a button's label is its ir.model.button's
        Button = pool.get('ir.model.button')
        attribute = key[3] if key[3] in {'help', 'confirm'} else 'string'
        buttons = Button.search([('model', '=', key[0]),
                (attribute, '=', text)])
        entries = [_entry(pool, row) for row in Translation.search([
                    ('type', '=', 'model'),
                    ('name', '=', f'ir.model.button,{attribute}'),
                    ('lang', '=', 'en'),
                    ('res_id', 'in', [b.id for b in buttons])])]
    if not entries and key[1] == 'field':
        # a help another module extended: Tryton shows the row's, whatever
        # its source
        entries = [_entry(pool, row)
            for row in Translation.search(domain[:-1])]
    if not entries and key[1] == 'field':
        entries = [_entry(pool, row) for row in Translation.search([
                    ('type', '=', 'model'), ('name', '=', 'ir.message,text'),
                    ('lang', '=', 'en'), ('src', '=', text)])]
    entries = [e for e in entries if e]
    if not entries:
        logger.warning('nothing to override for %s %r', key, text)
    return entries


def _entry(pool, row):
    ModelData = pool.get('ir.model.data')
    fs_id = ''
    if row.res_id and row.res_id > 0:
        model = row.name.split(',')[0]
        models = ([model] if model != 'ir.action' else ['ir.action.'
                + k for k in ['act_window', 'wizard', 'report', 'url']])
        data = ModelData.search([
                ('model', 'in', models),
                ('db_id', '=', row.res_id),
                ('module', '=', row.module)], limit=1)
        if not data:
            return None
        fs_id = data[0].fs_id
    return row.module, f'{row.type}:{row.name}:{row.module}.{fs_id}'


def target_of(pool, owner):
    "The lowest of our modules that depends on owner"
    Module = pool.get('ir.module')
    for name in DEPENDENCY_ORDER:
        closure, todo = set(), [name]
        while todo:
            module, = Module.search([('name', '=', todo.pop())])
            for dependency in module.dependencies:
                if dependency.name not in closure:
                    closure.add(dependency.name)
                    todo.append(dependency.name)
        if owner in closure | {'ir', 'res'}:
            return name
    raise ValueError(owner)


def hint(pool, context, text):
    "Tryton's own (fuzzy or empty) Russian for the entry"
    Translation = pool.get('ir.translation')
    type_, name = context.split(':')[:2]
    rows = Translation.search([('lang', '=', 'ru'), ('type', '=', type_),
            ('name', '=', name), ('src', '=', text),
            ('value', '!=', '')], limit=1)
    return rows[0].value if rows else ''


def write_overrides(pool, needed, translations):
    "Write the override .po entries of the texts translated"
    import polib
    targets, files = {}, {}
    for text, item in needed.items():
        for owner, context in item['entries']:
            if owner not in targets:
                targets[owner] = target_of(pool, owner)
            for lang in item['langs']:
                value = translations.get(text, {}).get(lang)
                if not value:
                    continue
                path = (ROOT / 'addons' / targets[owner] / 'locale'
                    / 'override' / f'{lang}.po')
                files.setdefault(path, {})[(context, text)] = value
    for path, entries in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        catalogue = (polib.pofile(str(path), wrapwidth=78) if path.exists()
            else polib.POFile(wrapwidth=78))
        catalogue.metadata = {'Content-Type': 'text/plain; charset=utf-8'}
        known = {(e.msgctxt, e.msgid): e for e in catalogue}
        # an entry there is kept: it may have been made right for its
        # context, where the file of translations is by text (or split,
        # as a help that two modules make together)
        by_context = {e.msgctxt for e in catalogue
            if e.msgctxt.split(':')[0] in {'field', 'help', 'model'}}
        for (context, source), value in sorted(entries.items()):
            if (context, source) not in known and context not in by_context:
                catalogue.append(polib.POEntry(
                        msgctxt=context, msgid=source, msgstr=value))
        catalogue.sort(key=lambda e: (e.msgctxt, e.msgid))
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
    needed, counts = {}, {}
    with Transaction().start(DB_NAME, 0) as transaction:
        pool = Pool()
        collect_sources()
        load_every_translation()
        company = create_company()
        found = []
        for role in roles or ROLES:
            user = role_user(pool, None if role.startswith('mycar')
                else company, role, f'untranslated-{role}')
            with as_user(user):
                for lang, texts in untranslated(pool, LANGS).items():
                    counts[f'{role} {lang}'] = len(texts)
                    found += [(k, text, lang, role) for k, text in texts]
        for lang in LANGS:
            missing = tryton_messages_missing(lang)
            counts[f'messages {lang}'] = len(missing)
            found += [(('message', res_id), text, lang, 'message')
                for res_id, text in missing]
        for key, text, lang, role in found:
            item = needed.setdefault(text, {'entries': set(), 'langs': set(),
                    'seen': set()})
            item['langs'].add(lang)
            item['seen'].add(role)
            if key[0] == 'message':
                item['entries'].add(_entry(pool, pool.get('ir.translation')(
                            key[1])))
            else:
                item['entries'].update(entries_of(pool, key, text))
        if path := os.environ.get('MYCAR_TRANSLATIONS'):
            write_overrides(pool, needed, json.loads(
                    pathlib.Path(path).read_text()))
        listing = {text: {
                'contexts': sorted(c for _, c in item['entries']),
                'langs': sorted(item['langs']),
                'seen_by': sorted(item['seen']),
                'tryton_ru': next((h for _, c in sorted(item['entries'])
                        if (h := hint(pool, c, text))), ''),
                } for text, item in sorted(needed.items())}
        transaction.rollback()
    pathlib.Path(out).write_text(
        json.dumps(listing, indent=1, ensure_ascii=False))
    for key, count in counts.items():
        logger.info('%s: %d', key, count)
    logger.info('texts: %d', len(listing))


if __name__ == '__main__':
    logging.basicConfig(level=logging.INFO, format='%(message)s')
    main(sys.argv[1], sys.argv[2:])
