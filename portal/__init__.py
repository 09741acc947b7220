# This file is part of the MyCar partner platform.
"""The clients' web cabinet: a Flask application over the platform's
Tryton database (flask-tryton), one blueprint per area.

    create_app({'TRYTON_DATABASE': 'mycar', 'TRYTON_CONFIG': 'trytond.conf'})

Settings come from the mapping given, else from the environment:
MYCAR_PORTAL_DATABASE, TRYTOND_CONFIG, MYCAR_PORTAL_SECRET_KEY (a random
key otherwise: sessions then end when the process does) and
MYCAR_PORTAL_SECURE_COOKIE (1 behind HTTPS), MYCAR_PORTAL_PROXIES (the
reverse proxies in front, whose X-Forwarded-For and -Proto are believed:
the code limits per address need the client's). Sessions end after
[mycar_cabinet] idle_minutes of trytond.conf without a request."""
import datetime as dt
import os
import secrets

from flask import Flask
from flask_tryton import Tryton
from flask_wtf.csrf import CSRFProtect
from trytond.config import config
from werkzeug.middleware.proxy_fix import ProxyFix

from . import (
    account,
    auth,
    errors,
    garage,
    i18n,
    inbox,
    loyalty,
    marketplace,
    sales,
)

csrf = CSRFProtect()


def settings(test_config):
    values = {
        'TRYTON_DATABASE': os.environ.get('MYCAR_PORTAL_DATABASE'),
        'TRYTON_CONFIG': os.environ.get('TRYTOND_CONFIG'),
        'SECRET_KEY': os.environ.get(
            'MYCAR_PORTAL_SECRET_KEY') or secrets.token_hex(32),
        'SESSION_COOKIE_HTTPONLY': True,
        'SESSION_COOKIE_SECURE': os.environ.get(
            'MYCAR_PORTAL_SECURE_COOKIE') == '1',
        'SESSION_COOKIE_SAMESITE': 'Lax',
        'SESSION_REFRESH_EACH_REQUEST': True,
        'WTF_CSRF_TIME_LIMIT': None,  # the session's own limit applies
        'PROXIES': int(os.environ.get('MYCAR_PORTAL_PROXIES') or 0),
        }
    values.update(test_config or {})
    return values


def create_app(test_config=None):
    app = Flask(__name__)
    app.config.from_mapping(settings(test_config))
    if app.config['PROXIES']:
        proxies = app.config['PROXIES']
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies,
            x_proto=proxies, x_host=proxies)
    csrf.init_app(app)
    tryton = Tryton(app, configure_jinja=True)
    app.permanent_session_lifetime = dt.timedelta(minutes=config.getint(
            'mycar_cabinet', 'idle_minutes', default=30))
    tryton.default_context(i18n.context)
    i18n.init_app(app)
    errors.init_app(app)
    for blueprint in [auth.bp, inbox.bp, account.bp, garage.bp, sales.bp,
            marketplace.bp, loyalty.bp]:
        app.register_blueprint(blueprint)
    return app
