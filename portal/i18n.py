# This file is part of the MyCar partner platform.
"""The cabinet in Russian or Kazakh: the client's choice, kept in the
session, else the browser's. Every text is an ir.message of mycar_cabinet
(msg_portal_<key>) or of the service's module, translated in their
locale/ru.po and kk.po."""
import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app, request, session
from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.transaction import Transaction

LANGUAGES = ['ru', 'kk']
ALMATY = ZoneInfo('Asia/Almaty')


def language():
    if session.get('lang') in LANGUAGES:
        return session['lang']
    return request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0]


def context():
    "The Tryton context of every request"
    return {'language': language()}


def translate(key, **variables):
    """The text msg_portal_<key> of mycar_cabinet, or of the module that
    prefixes the key (mycar_garage.<key>), in the client's language"""
    module, _, key = key.rpartition('.')
    message = f'{module or "mycar_cabinet"}.msg_portal_{key}'
    if Transaction().database is None:  # e.g. an error page
        database = current_app.config['TRYTON_DATABASE']
        with Transaction().start(database, 0, readonly=True,
                context=context()):
            return gettext(message, **variables)
    return gettext(message, **variables)


def localtime(value):
    "A time of the platform (UTC) as the client reads it, in Almaty"
    if not value:
        return ''
    return value.replace(tzinfo=dt.timezone.utc).astimezone(
        ALMATY).strftime('%d.%m.%Y %H:%M')


def has_model(name):
    "Whether the platform has the model: its service module is activated"
    try:
        Pool(current_app.config['TRYTON_DATABASE']).get(name)
    except KeyError:
        return False
    return True


def init_app(app):
    app.jinja_env.globals.update(
        _=translate, language=language, has_model=has_model)
    app.jinja_env.filters['localtime'] = localtime
