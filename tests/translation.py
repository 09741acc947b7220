# This file is part of the MyCar partner platform.
"""Which strings of our modules lack a Russian or Kazakh translation."""
import importlib
import pathlib

from trytond.pool import Pool

from trytond.modules.mycar_partner.tests.activation import our_modules

LANGS = ['ru', 'kk']


def collect_sources():
    """Register every translatable string (fields, selections, messages,
    views, reports) and load our modules' .po files for ru and kk (not
    Tryton's own modules': they are not ours to check, and loading them
    took most of the time)"""
    pool = Pool()
    Translation = pool.get('ir.translation')
    TranslationSet = pool.get('ir.translation.set', type='wizard')
    session_id, _, _ = TranslationSet.create()
    TranslationSet(session_id).transition_set_()
    TranslationSet.delete(session_id)
    for module in our_modules():
        locale = pathlib.Path(importlib.import_module(
                f'trytond.modules.{module}').__file__).parent / 'locale'
        for lang in LANGS:
            if (locale / f'{lang}.po').exists():
                Translation.translation_import(
                    lang, module, [str(locale / f'{lang}.po')])


def key(translation):
    return (translation.type, translation.name, translation.res_id,
        translation.src)


def missing(modules, lang):
    "Source strings of modules without a non-fuzzy translation in lang"
    Translation = Pool().get('ir.translation')
    sources = Translation.search([
            ('lang', '=', 'en'),
            ('module', 'in', modules),
            ])
    done = {key(t) for t in Translation.search([
                ('lang', '=', lang),
                ('module', 'in', modules),
                ('fuzzy', '=', False),
                ('value', '!=', ''),
                ('value', '!=', None),
                ])}
    return sorted(
        (t.module, t.type, t.name, t.src) for t in sources
        if t.src and key(t) not in done)

