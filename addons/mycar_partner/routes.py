# This file is part of the MyCar partner platform.
"""The page a Partner's employee opens from the login e-mail to set a
password (§2.7, §3.5)."""
import functools
import html
import logging
import re

from trytond import backend
from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model.exceptions import ValidationError
from trytond.protocols.jsonrpc import JSONEncoder
from trytond.protocols.jsonrpc import json as json_
from trytond.protocols.wrappers import (
    JSONBadRequest,
    Response,
    user_application,
    with_pool,
    with_transaction,
)
from trytond.transaction import Transaction
from trytond.wsgi import app
from werkzeug.exceptions import HTTPException

from . import api
from .exceptions import APIError

LANGUAGES = ['ru', 'kk']
API = '/<database_name>/mycar/api/v1'
API_LANGUAGES = LANGUAGES + ['en']
logger = logging.getLogger(__name__)


def language(request, offered=LANGUAGES):
    "The request's language among those offered; Russian by default"
    asked = request.args.get('lang')
    if asked in offered:
        return asked
    return request.accept_languages.best_match(offered) or 'ru'


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


def json_response(status, body, headers=None):
    return Response(json_.dumps(body, cls=JSONEncoder), status,
        headers=headers, content_type='application/json')


class Refusal(HTTPException):
    """A refused API request, answered in JSON: the status, the path of
    the field at fault when there is one, and a translated message"""

    def __init__(self, code, message, field=None, headers=None):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field
        self.extra_headers = headers or {}

    def get_body(self, environ=None, scope=None):
        return json_.dumps({'status': self.code, 'field': self.field,
                'message': self.message}, cls=JSONEncoder)

    def get_headers(self, environ=None, scope=None):
        return [('Content-Type', 'application/json'),
            *self.extra_headers.items()]


# The HTTP errors Tryton's wrappers raise, and what to tell the Partner
HTTP_MESSAGES = {
    401: 'mycar_partner.msg_api_unauthorized',
    429: 'mycar_partner.msg_api_too_many',
    413: 'mycar_partner.msg_api_too_large',
    503: 'mycar_partner.msg_api_unavailable',
    }


@functools.lru_cache(maxsize=256)
def translated(database_name, lang, message):
    """The text of message in lang, read once per process in a transaction
    of its own (a flood of refusals opens no transaction each)"""
    with Transaction().start(database_name, 0, readonly=True,
            context={'language': lang}):
        return gettext(message)


def refusal(request, database_name, code, headers=None):
    "The Refusal of HTTP status code, translated"
    message = HTTP_MESSAGES.get(code, 'mycar_partner.msg_api_failed')
    try:
        text = translated(
            database_name, language(request, API_LANGUAGES), message)
    except Exception:
        logger.exception("no translation for %s", message)
        text = message
    return Refusal(code, text, headers=headers)


def guarded(func):
    """Decorator of a Partner API route, outermost: limits the requests of
    each key, and answers every failure in JSON, never HTML; a failure no
    check foresaw is logged and answered 500"""
    @functools.wraps(func)
    def wrapper(request, pool, **kwargs):
        database_name = pool.database_name
        wait = api.LIMITER.wait(api.api_token(request))
        if wait:
            return refusal(request, database_name, 429,
                headers={'Retry-After': str(wait)})
        try:
            return func(request, pool, **kwargs)
        except Refusal as error:
            return error
        except JSONBadRequest as error:
            return Refusal(400, error.message)
        except HTTPException as error:
            headers = dict(error.get_headers())
            headers.pop('Content-Type', None)
            return refusal(request, database_name, error.code or 500,
                {k: v for k, v in headers.items()
                    if k in {'WWW-Authenticate', 'Retry-After'}})
        except backend.DatabaseOperationalError:
            logger.warning("API request %s: database busy", request,
                exc_info=True)
            return refusal(request, database_name, 503,
                headers={'Retry-After': '1'})
        except Exception:
            logger.exception("API request %s failed", request)
            return refusal(request, database_name, 500)
    return wrapper


def checked(handler):
    """Decorator of a Partner API route, below user_application: the
    request's language, its path's values checked, and APIError answered
    400 naming the field"""
    @functools.wraps(handler)
    def wrapper(request, pool, **kwargs):
        with Transaction().set_context(
                language=language(request, API_LANGUAGES)):
            try:
                for name, value in kwargs.items():
                    api.check_values(value, name)
                return handler(request, pool, **kwargs)
            except APIError as error:
                raise Refusal(400, error.message, error.field)
    return wrapper


def idempotent(endpoint):
    """Decorator of a write route of the Partner API, below checked:
    handler(request, pool, company, payload, **kwargs) gives (status,
    body) for the key's Partner; the same Idempotency-Key and body get the
    first answer again, the key with another body a 409 (endpoint may name
    the route's arguments). Of concurrent requests with one key, those
    that lose the race replay the answer of the one that committed."""
    def decorator(handler):
        @functools.wraps(handler)
        def wrapper(request, pool, **kwargs):
            Request = pool.get('mycar.api.request')
            key = request.headers.get('Idempotency-Key')
            name = endpoint.format(**kwargs)
            company = api.current_company()
            replay = Request.replay(company, key, name, request.data)
            if replay:
                return json_response(*replay)
            try:
                status, body = handler(request, pool, company,
                    api.parse_json(request.data), **kwargs)
                Request.remember(
                    company, key, name, request.data, status, body)
            except APIError:
                raise
            except (UserError, backend.DatabaseIntegrityError) as error:
                if key and Request.taken(company, key):
                    raise api.KeyTaken()
                if isinstance(error, UserError):
                    raise Refusal(400, error.message)
                raise
            return json_response(status, body)
        return wrapper
    return decorator


def api_route(path, methods):
    """Decorator: handler answers methods on API + path for the Partner of
    the request's key, guarded"""
    def decorator(handler):
        return app.route(API + path, methods=methods)(with_pool(guarded(
                    with_transaction()(user_application('mycar_partner')(
                            checked(handler))))))
    return decorator


def api_write(path):
    """Decorator: handler answers POST API + path, a write of the Partner
    API for the key's Partner, idempotent (the path names the endpoint)"""
    endpoint = re.sub(r'<(\w+)>', r'{\1}', path.lstrip('/'))

    def decorator(handler):
        return api_route(path, {'POST'})(idempotent(endpoint)(handler))
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


@api_route('/licences', {'GET'})
def get_licences(request, pool):
    "The Partner's licences"
    return {'licences': api.licences_of(api.current_company())}


@app.route(API + '/openapi.json', methods={'GET'})
def openapi(request, database_name):
    "The OpenAPI of this database's Partner API"
    return json_response(200, {**api.OPENAPI, 'servers': [{'url':
                    request.script_root + API.replace(
                        '<database_name>', database_name)}]})
