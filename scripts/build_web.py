# This file is part of the MyCar partner platform.
"""Build the back office's web root (var/web, trytond's [web] root): sao
from npm as it is, with our custom.js and custom.css, and sao's texts in
Russian and Kazakh compiled from web/locale/*.po into the JSON files sao
asks for (locale/<lang>.json, for ru, ru_RU, kk and kk_KZ, and English
ones that say nothing, so that no request of sao goes unanswered).

    python scripts/build_web.py [TARGET]
"""
import json
import logging
import os
import pathlib
import shutil
import sys

import polib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAO = ROOT / 'node_modules' / 'tryton-sao'
SOURCES = ROOT / 'web'
# the files sao loads, each language under the names browsers give it
LOCALES = {
    'ru': ['ru', 'ru_RU'],
    'kk': ['kk', 'kk_KZ'],
    'en': ['en', 'en_US', 'en_GB'],
    }
# sao's files served as they are, linked
LINKED = ['index.html', 'dist', 'images', 'sounds']


def sao_json(po_file):
    """A .po file in the JSON layout of sao's own locale files: each
    message as [plural or null, translation...]"""
    catalogue = polib.pofile(str(po_file))
    data = {'': {
            'language': catalogue.metadata.get('Language', ''),
            'plural-forms': catalogue.metadata.get('Plural-Forms', ''),
            }}
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            data[entry.msgid] = [entry.msgid_plural] + [
                entry.msgstr_plural[i]
                for i in sorted(entry.msgstr_plural)]
        else:
            data[entry.msgid] = [None, entry.msgstr]
    return data


def build(target):
    target = pathlib.Path(target)
    if target.exists():
        shutil.rmtree(target)
    (target / 'locale').mkdir(parents=True)
    for name in LINKED:
        os.symlink(SAO / name, target / name)
    # sao's libraries: node_modules beside its index.html
    os.symlink(ROOT / 'node_modules', target / 'node_modules')
    for name in ['custom.js', 'custom.css']:
        shutil.copy(SOURCES / name, target / name)
    for lang, names in LOCALES.items():
        po_file = SOURCES / 'locale' / f'{lang}.po'
        data = sao_json(po_file) if po_file.exists() else {'': {}}
        for name in names:
            with open(target / 'locale' / f'{name}.json', 'w') as file:
                json.dump(data, file, ensure_ascii=False)
    return target


if __name__ == '__main__':
    logging.basicConfig(level=logging.INFO, format='%(message)s')
    logging.getLogger('build_web').info('%s', build(
            sys.argv[1] if len(sys.argv) > 1 else ROOT / 'var' / 'web'))
