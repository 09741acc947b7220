# This file is part of the MyCar partner platform.
"""The page a Partner's employee opens from the login e-mail to set a
password (§2.7, §3.5)."""
import functools
import html
import re

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model.exceptions import ValidationError
from trytond.protocols.jsonrpc import JSONEncoder
from trytond.protocols.jsonrpc import json as json_
from trytond.protocols.wrappers import (
    Response,
    user_application,
    with_pool,
    with_transaction,
)
from trytond.transaction import Transaction
from trytond.wsgi import app

from . import api

LANGUAGES = ['ru', 'kk']
API = '/<database_name>/mycar/api/v1'
API_LANGUAGES = LANGUAGES + ['en']


def language(request, offered=LANGUAGES):
    "The request's language among those offered; Russian by default"
    return (request.args.get('lang')
        or request.accept_languages.best_match(offered) or 'ru')


def page(request, message, status=200, form=True):
    def text(name):
        return html.escape(gettext('mycar_partner.msg_set_password_' + name))
    token = html.escape(request.values.get('token', ''))
    form = '' if not form else f"""<form method="post">
<input type="hidden" name="token" value="{token}">
<label>{text('new')}<br><input type="password" name="password"
 autocomplete="new-password" required minlength="8"></label><br>
<label>{text('repeat')}<br><input type="password" name="confirm"
 autocomplete="new-password" required minlength="8"></label><br>
<button type="submit">{text('submit')}</button></form>"""
    content = f"""<!doctype html><html lang="{language(request)}">
<meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>MyCar</title><h1>{text('title')}</h1>
<p role="status">{html.escape(message)}</p>{form}</html>"""
    return Response(content, status, content_type='text/html')


@app.route('/<database_name>/mycar/set-password', methods={'GET', 'POST'})
@with_pool
@with_transaction()
def set_password(request, pool):
    User = pool.get('res.user')
    with Transaction().set_context(language=language(request)):
        if request.method == 'GET':
            return page(request, '')
        password = request.form.get('password', '')
        if password != request.form.get('confirm', ''):
            return page(request, gettext(
                    'mycar_partner.msg_set_password_mismatch'), 400)
        try:
            user = User.set_password_with_token(
                request.form.get('token'), password)
        except (UserError, ValidationError) as error:
            Transaction().rollback()
            return page(request, error.message, 400)
        if not user:
            return page(request, gettext(
                    'mycar_partner.msg_set_password_invalid'), 400)
        return page(request, gettext(
                'mycar_partner.msg_set_password_done', login=user.login),
            form=False)


def json_response(status, body):
    return Response(json_.dumps(body, cls=JSONEncoder), status,
        content_type='application/json')


def idempotent(endpoint):
    """Decorator of a write route of the Partner API, below
    user_application: handler(request, pool, company, payload, **kwargs)
    gives (status, body) in the request's language for the key's Partner;
    the same Idempotency-Key and body get the first answer again, the key
    with another body a 409 (endpoint may name the route's arguments)"""
    def decorator(handler):
        @functools.wraps(handler)
        def wrapper(request, pool, **kwargs):
            Request = pool.get('mycar.api.request')
            key = request.headers.get('Idempotency-Key')
            name = endpoint.format(**kwargs)
            with Transaction().set_context(
                    language=language(request, API_LANGUAGES)):
                company = api.current_company()
                replay = Request.replay(company, key, name, request.data)
                if replay:
                    return json_response(*replay)
                status, body = handler(request, pool, company,
                    api.parse_json(request.data), **kwargs)
                Request.remember(
                    company, key, name, request.data, status, body)
                return json_response(status, body)
        return wrapper
    return decorator


def api_write(path):
    """Decorator: handler answers POST API + path, a write of the Partner
    API for the key's Partner, idempotent (the path names the endpoint)"""
    endpoint = re.sub(r'<(\w+)>', r'{\1}', path.lstrip('/'))

    def decorator(handler):
        return app.route(API + path, methods={'POST'})(with_pool(
                with_transaction()(user_application('mycar_partner')(
                        idempotent(endpoint)(handler)))))
    return decorator


@api_write('/employees')
def post_employees(request, pool, company, payload):
    "The Partner's software files its employees (P3)"
    Application = pool.get('mycar.partner.application')
    edition = Application.file_employees(
        company, api.parse_employees(payload))
    return 201, {'edition': {'id': edition.id, 'number': edition.edition,
            'state': edition.state},
        'employees': len(edition.employees)}


@app.route(API + '/licences', methods={'GET'})
@with_pool
@with_transaction()
@user_application('mycar_partner')
def get_licences(request, pool):
    "The Partner's licences"
    return {'licences': api.licences_of(api.current_company())}


@app.route(API + '/openapi.json', methods={'GET'})
def openapi(request, database_name):
    return json_response(200, api.OPENAPI)
