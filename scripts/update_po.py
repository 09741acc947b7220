#!/usr/bin/env python3
# This file is part of the MyCar partner platform.
"""Rewrite locale/ru.po and locale/kk.po of our modules so that they hold
every string of the module: existing translations are kept, new strings
come with an empty msgstr to fill in.

Usage: .venv/bin/python scripts/update_po.py [MODULE...]
(every module of ours when none is named)
"""
import logging
import os
import pathlib
import sys

import polib

ROOT = pathlib.Path(__file__).resolve().parent.parent
os.environ['DB_NAME'] = ':memory:'
os.environ.pop('DB_CACHE', None)
sys.path.insert(0, str(ROOT))

from trytond.pool import Pool  # noqa: E402
from trytond.tests.test_tryton import activate_module, with_transaction  # noqa: E402

from tests.mycar import our_modules  # noqa: E402
from tests.translation import LANGS, collect_sources  # noqa: E402

logger = logging.getLogger('update_po')


def keep_translations(path, content):
    """The export with the translations path already had: Tryton leaves a
    Kazakh text equal to its Russian parent's empty"""
    if not path.exists():
        return content
    old = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(path))}
    new = polib.pofile(content.decode('utf-8'))
    for entry in new:
        if not entry.msgstr and old.get((entry.msgctxt, entry.msgid)):
            entry.msgstr = old[(entry.msgctxt, entry.msgid)]
    return str(new).encode('utf-8')


@with_transaction()
def export(modules):
    pool = Pool()
    Translation = pool.get('ir.translation')
    Lang = pool.get('ir.lang')
    Update = pool.get('ir.translation.update', type='wizard')
    collect_sources()
    for lang in Lang.search([('code', 'in', LANGS)]):
        session_id, _, _ = Update.create()
        update = Update(session_id)
        update.start.language = lang
        update.do_update({})
        for module in modules:
            content = Translation.translation_export(lang.code, module)
            path = ROOT / 'addons' / module / 'locale' / f'{lang.code}.po'
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(keep_translations(path, content or b''))
            logger.info("wrote %s", path.relative_to(ROOT))


if __name__ == '__main__':
    logging.basicConfig(level=logging.INFO, format='%(message)s')
    activate_module(our_modules())
    export(sys.argv[1:] or our_modules())
