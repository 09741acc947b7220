# This file is part of the MyCar partner platform.
"""Which strings of our modules lack a Russian or Kazakh translation."""
from trytond.pool import Pool

LANGS = ['ru', 'kk']


def collect_sources():
    """Register every translatable string (fields, selections, messages,
    views, reports) and load our .po files for ru and kk"""
    pool = Pool()
    Lang = pool.get('ir.lang')
    TranslationSet = pool.get('ir.translation.set', type='wizard')
    session_id, _, _ = TranslationSet.create()
    TranslationSet(session_id).transition_set_()
    TranslationSet.delete(session_id)
    Lang.load_translations(Lang.search([('code', 'in', LANGS)]))


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
