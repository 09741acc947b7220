# This file is part of the MyCar partner platform.
"""The cabinet in Russian or Kazakh: the client's choice, kept in the
session, else the browser's. Every text is an ir.message of mycar_cabinet
(msg_portal_<key>), translated in its locale/ru.po and kk.po."""
import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app, request, session
from trytond.i18n import gettext
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
    "The text msg_portal_<key> in the client's language"
    message = f'mycar_cabinet.msg_portal_{key}'
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


def init_app(app):
    app.jinja_env.globals.update(_=translate, language=language)
    app.jinja_env.filters['localtime'] = localtime
