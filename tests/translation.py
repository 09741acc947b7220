# This file is part of the MyCar partner platform.
"""Which strings of our modules lack a Russian or Kazakh translation."""
import functools
import importlib
import pathlib

from trytond.pool import Pool

from trytond.modules.mycar_partner.tests.activation import our_modules

LANGS = ['ru', 'kk']
# our modules, each after those it depends on
DEPENDENCY_ORDER = ['mycar_partner', 'mycar_cabinet', 'mycar_billing',
    'mycar_garage', 'mycar_sales', 'mycar_marketplace', 'mycar_loyalty']


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


# Texts that read the same in every language: names and codes
SAME_EVERYWHERE = {'MyCar', 'IBAN', 'BIC', 'BIN', 'IIN', 'SMS', 'CRM', 'URL',
    'API', 'ID', 'VIN', 'PDF', 'ESF', 'OKED', '1C', 'OK', 'UUID', 'XML',
    'JSON', 'CSV', 'HTML', 'KZT', '%', 'SHA-256', 'E-mail', 'Email', 'Skype',
    'SIP', 'Push', 'Message-ID'}


def load_every_translation():
    """The .po files of every activated module, Tryton's and ours, in
    Russian and Kazakh, overrides after what they override: as the
    languages' "Load translations" button does"""
    Lang = Pool().get('ir.lang')
    Lang.load_translations(Lang.search([('code', 'in', LANGS)]))


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
        if (isinstance(field.get('selection'), list)
                and _translates_selection(pool, name, fname)):
            for value, label in field['selection']:
                texts[(name, 'selection', fname, value)] = label
        if field.get('type') in {'one2many', 'many2many'}:
            inside.add(field['relation'])
    return inside


def _translates_selection(pool, model, name):
    "Whether Tryton translates the choices (not file formats, say)"
    field = pool.get(model)._fields.get(name)
    return getattr(field, 'translate_selection', True)


def needs_translation(text):
    """Whether text is words to translate, not a name, code, time zone or
    number"""
    if text in _time_zones():
        return False
    words = [w for w in text.replace('/', ' ').split()
        if any(c.isalpha() for c in w)]
    return bool(words) and text.strip() not in SAME_EVERYWHERE and any(
        w.strip('.,:;()«»"') not in SAME_EVERYWHERE for w in words)


@functools.cache
def _time_zones():
    import zoneinfo
    return zoneinfo.available_timezones()


def untranslated(pool, langs, english=None):
    """{lang: [(key, text)]} of what the current user sees in English in
    each of langs (english: what they see in English, when known): the
    same text as in English, where it should not be"""
    from trytond.transaction import Transaction
    if english is None:
        with Transaction().set_context(language='en'):
            english = seen_texts(pool)
    found = {}
    for lang in langs:
        with Transaction().set_context(language=lang):
            local = seen_texts(pool)
        found[lang] = sorted((key, text) for key, text in english.items()
            if local.get(key) == text and needs_translation(text))
    return found


def comparable(texts):
    """{(key, text)} of seen texts, a view's label keyed by what it is,
    not where it is: a role's view has the administrator's labels, less
    the buttons it may not use"""
    return {((key[0], key[1], key[3]) if key[1] in {'form', 'tree'}
            else key, text) for key, text in texts.items()}


def tryton_messages_missing(lang):
    """[(id of the English row, text)] of the messages of every activated
    module that lack a non-fuzzy translation in lang: the errors and
    warnings any role may meet"""
    Translation = Pool().get('ir.translation')
    english = Translation.search([('lang', '=', 'en'),
            ('type', '=', 'model'), ('name', '=', 'ir.message,text')])
    done = {t.res_id for t in Translation.search([('lang', '=', lang),
                ('type', '=', 'model'), ('name', '=', 'ir.message,text'),
                ('fuzzy', '=', False), ('value', '!=', ''),
                ('value', '!=', None)])}
    return sorted((t.id, t.src) for t in english
        if t.res_id not in done and needs_translation(t.src))
