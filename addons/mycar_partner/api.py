# This file is part of the MyCar partner platform.
"""The API the Partner's software calls (P3): its employees and licences.

Requests are authenticated by the Partner's revocable API keys
(res.user.application 'mycar_partner'); every write honours an
Idempotency-Key header."""
import hashlib
import json
import math
import threading
import time
from collections import OrderedDict, deque

from trytond.config import config
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction, TransactionError

from .application import ROLES
from .exceptions import APIError

EMPLOYEE_FIELDS = {
    'name': str, 'position': str, 'role': str, 'email': str,
    'phone': str, 'services': list, 'consent': bool,
    }
REQUIRED = {'name', 'position', 'role', 'email', 'consent'}


MAX_DEPTH = 8


def digest(body):
    return hashlib.sha256(body or b'').hexdigest()


class UserApplication(metaclass=PoolMeta):
    __name__ = 'res.user.application'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.application.selection.append(
            ('mycar_partner', "MyCar Partner API"))


class IdempotentRequest(ModelSQL, ModelView):
    "A write request to the Partner API and the answer it got"
    __name__ = 'mycar.api.request'
    __string__ = "API Request"

    company = fields.Many2One(
        'company.company', "Partner", required=True, readonly=True)
    key = fields.Char("Idempotency Key", required=True, readonly=True)
    endpoint = fields.Char("Endpoint", required=True, readonly=True)
    digest = fields.Char("Body Digest", required=True, readonly=True)
    status = fields.Integer("Status", required=True, readonly=True)
    response = fields.Text("Response", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('company_key_unique', Unique(t, t.company, t.key),
                'mycar_partner.msg_api_key_reused'),
            ]
        cls._sql_indexes.add(Index(t,
                (t.company, Index.Equality()), (t.key, Index.Equality())))

    @classmethod
    def replay(cls, company, key, endpoint, body):
        """The (status, response) to give again for a repeated request, a
        409 for a key reused with another request, None for a new key"""
        if not key:
            return None
        requests = cls.search([
                ('company', '=', company.id), ('key', '=', key)], limit=1)
        if not requests:
            return None
        request, = requests
        if request.endpoint != endpoint or request.digest != digest(body):
            return 409, {'status': 409, 'field': 'Idempotency-Key',
                'message': gettext(
                    'mycar_partner.msg_api_key_reused', key=key)}
        return request.status, json.loads(request.response)

    @classmethod
    def taken(cls, company, key):
        "Whether a request of company with key is committed since"
        with Transaction().new_transaction(readonly=True):
            return bool(cls.search([
                        ('company', '=', company.id), ('key', '=', key)],
                    limit=1))

    @classmethod
    def remember(cls, company, key, endpoint, body, status, response):
        if key:
            cls.create([{
                        'company': company, 'key': key, 'endpoint': endpoint,
                        'digest': digest(body), 'status': status,
                        'response': json.dumps(response)}])


class KeyTaken(TransactionError):
    "A concurrent request with the same key committed first: replay it"


class Limiter:
    """At most requests_per_minute ([mycar_api] of the configuration)
    per API key, in this process, over a sliding minute; the keys seen
    last, at most MAX_KEYS of them, are remembered"""
    MAX_KEYS = 10000

    def __init__(self):
        self._lock = threading.Lock()
        self._seen = OrderedDict()

    def wait(self, token):
        "The seconds to wait before the next request with token, or 0"
        limit = max(1, config.getint('mycar_api', 'requests_per_minute',
                default=600))
        key = digest((token or '').encode('utf-8', 'replace'))
        now = time.monotonic()
        with self._lock:
            seen = self._seen.pop(key, None) or deque()
            self._seen[key] = seen  # the most recent last
            while len(self._seen) > self.MAX_KEYS:
                self._seen.popitem(last=False)
            while seen and seen[0] <= now - 60:
                seen.popleft()
            if len(seen) >= limit:
                return max(1, math.ceil(seen[0] + 60 - now))
            seen.append(now)
            return 0


def api_token(request):
    """The API key a request presents, as trytond's user_application reads
    it: the bearer token, or the password of basic authentication"""
    authorization = request.authorization
    if authorization is None:
        return None
    if authorization.type == 'bearer':
        return getattr(authorization, 'token', None)
    if authorization.type == 'basic':
        return authorization.get('password')
    return None


LIMITER = Limiter()


def refuse(field, where, name, out_of_range=False):
    "The APIError of a field missing, of the wrong type or out of range"
    message = 'msg_api_range' if out_of_range else 'msg_api_field'
    return APIError(gettext('mycar_partner.' + message,
            where=where, field=name), field)


def parse_json(body):
    "The JSON of body, within the depth, numbers and strings we take"
    try:
        payload = json.loads(body or b'')
    except RecursionError:
        raise APIError(gettext('mycar_partner.msg_api_too_deep',
                field='/', depth=MAX_DEPTH))
    except ValueError:
        raise APIError(gettext('mycar_partner.msg_api_json_malformed'))
    check_values(payload)
    return payload


def check_values(value, path='', depth=0):
    """Refuse, naming its path, a value nested too deep, a number that is
    not finite, or a string with a NUL or an unpaired surrogate (each
    field checks its own range)"""
    if depth > MAX_DEPTH:
        raise APIError(gettext('mycar_partner.msg_api_too_deep',
                field=path or '/', depth=MAX_DEPTH), path)
    if isinstance(value, dict):
        for name, item in value.items():
            check_values(item, f'{path}.{name}' if path else name, depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value, 1):
            check_values(item, f'{path}[{index}]', depth + 1)
    elif isinstance(value, float) and not math.isfinite(value):
        raise APIError(gettext('mycar_partner.msg_api_number', field=path),
            path)
    elif isinstance(value, str):
        try:
            value.encode('utf-8')
        except UnicodeEncodeError:
            value = '\0'
        if '\0' in value:
            raise APIError(gettext('mycar_partner.msg_api_string',
                    field=path), path)


def check_fields(item, spec, required, where, path=None, ranges=None):
    """The item (a JSON object) with the fields of spec {name: type or
    tuple of types}, each of the right type, within ranges {name: (min,
    max)} and the required ones there; else refused naming where and the
    field, and the field's path below path (where by default)"""
    path = where if path is None else path
    ranges = ranges or {}
    if not isinstance(item, dict):
        raise APIError(gettext('mycar_partner.msg_api_object', where=where),
            path or None)
    for name, type_ in spec.items():
        value = item.get(name)
        if (value is None and name in required) or (value is not None and (
                    not isinstance(value, type_)
                    or isinstance(value, bool) and type_ is not bool)):
            raise refuse(f'{path}.{name}' if path else name, where, name)
        if (value is not None and name in ranges
                and not ranges[name][0] <= value <= ranges[name][1]):
            raise refuse(f'{path}.{name}' if path else name, where, name,
                out_of_range=True)
    return {name: item.get(name) for name in spec}


def parse_employees(payload):
    "The employees of a P3 request, checked field by field"
    Service = Pool().get('mycar.service')
    if not isinstance(payload, dict) or not isinstance(
            payload.get('employees'), list) or not payload['employees']:
        raise APIError(gettext('mycar_partner.msg_api_employees_missing'),
            'employees')
    services = {s.code: s for s in Service.search([])}
    roles = dict(ROLES)
    employees = []
    for index, item in enumerate(payload['employees'], 1):
        if not isinstance(item, dict):
            raise APIError(gettext(
                    'mycar_partner.msg_api_employee_malformed', index=index),
                f'employees[{index}]')
        for name, type_ in EMPLOYEE_FIELDS.items():
            value = item.get(name)
            if (value is None and name in REQUIRED) or (
                    value is not None and not isinstance(value, type_)):
                raise APIError(gettext(
                        'mycar_partner.msg_api_employee_field',
                        index=index, field=name),
                    f'employees[{index}].{name}')
        if item['role'] not in roles:
            raise APIError(gettext(
                    'mycar_partner.msg_api_employee_role', index=index,
                    role=item['role'], roles=', '.join(roles)),
                f'employees[{index}].role')
        unknown = {str(c) for c in item.get('services') or []} - set(services)
        if unknown:
            raise APIError(gettext(
                    'mycar_partner.msg_api_employee_service', index=index,
                    services=', '.join(sorted(unknown))),
                f'employees[{index}].services')
        employees.append({
                **{k: item.get(k) for k in EMPLOYEE_FIELDS},
                'services': [
                    services[c] for c in item.get('services') or []],
                })
    return employees


def licences_of(company):
    Licence = Pool().get('mycar.partner.licence')
    return [{
            'service': c.service.code,
            'quantity': c.quantity,
            'start_date': c.start_date.isoformat(),
            'end_date': c.end_date.isoformat() if c.end_date else None,
            'integrated': bool(c.integration_date),
            } for c in Licence.search([('company', '=', company.id)],
            order=[('service.code', 'ASC'), ('start_date', 'ASC')])]


def current_company():
    User = Pool().get('res.user')
    user = User(Transaction().user)
    return user.company


EMPLOYEE_SCHEMA = {
    'type': 'object',
    'required': sorted(REQUIRED),
    'properties': {
        'name': {'type': 'string', 'description': "Full name"},
        'position': {'type': 'string'},
        'role': {'type': 'string', 'enum': [r for r, _ in ROLES]},
        'email': {'type': 'string', 'format': 'email'},
        'phone': {'type': 'string'},
        'services': {'type': 'array', 'items': {
                'type': 'string',
                'enum': ['garage', 'sales', 'loyalty', 'marketplace']}},
        'consent': {'type': 'boolean', 'enum': [True], 'description':
            "The Partner holds the employee's written consent (§2.6)"},
        },
    }
ERROR = {'description': "Refused, with a translated message",
    'content': {'application/json': {'schema': {
                'type': 'object', 'required': ['status', 'message'],
                'properties': {
                    'status': {'type': 'integer'},
                    'field': {'type': 'string', 'nullable': True,
                        'description': "The path of the field at fault, "
                        "e.g. lines[2].quantity"},
                    'message': {'type': 'string'}}}}}}


def with_errors(paths):
    """paths, each operation answering the errors every route may give:
    401 (no valid key), 429 (too many requests, with Retry-After) and 503
    (busy, retry)"""
    retry = {'Retry-After': {'schema': {'type': 'integer'},
            'description': "Seconds to wait"}}
    for spec in paths.values():
        for operation in spec.values():
            if operation.get('security') == []:
                continue
            operation['responses'].update({
                    '401': {**ERROR, 'description': "No valid key"},
                    '429': {**ERROR, 'description': "Too many requests",
                        'headers': retry},
                    '503': {**ERROR, 'description': "Busy: retry",
                        'headers': retry}})
    return paths
OPENAPI = {
    'openapi': '3.0.3',
    'info': {'title': "MyCar Partner API", 'version': '1.0.0',
        'description': "What a Partner's software sends to and reads from "
        "MyCar. Authenticate with a Partner API key as a bearer token; "
        "send Accept-Language ru or kk for translated messages. The "
        "server's address ends with the database's name and "
        "/mycar/api/v1."},
    'components': {'securitySchemes': {
            'partnerKey': {'type': 'http', 'scheme': 'bearer'}}},
    'security': [{'partnerKey': []}],
    'paths': {
        '/employees': {'post': {
                'summary': "File the employees who need access (P3): a new "
                "draft edition of the application for MyCar to receive",
                'parameters': [{'name': 'Idempotency-Key', 'in': 'header',
                        'schema': {'type': 'string'}, 'description':
                        "The same key and body give the same answer and "
                        "no second edition; the key with another body: 409"}],
                'requestBody': {'required': True, 'content': {
                        'application/json': {'schema': {
                                'type': 'object', 'required': ['employees'],
                                'properties': {'employees': {
                                        'type': 'array', 'minItems': 1,
                                        'items': EMPLOYEE_SCHEMA}}}}}},
                'responses': {
                    '201': {'description': "The draft edition filed"},
                    '400': ERROR, '401': {'description': "No valid key"},
                    '409': ERROR},
                }},
        '/licences': {'get': {
                'summary': "The Partner's licences, current and ended",
                'responses': {
                    '200': {'description': "The licences"},
                    '401': {'description': "No valid key"}},
                }},
        '/openapi.json': {'get': {
                'summary': "This document", 'security': [],
                'responses': {'200': {'description': "OpenAPI 3"}},
                }},
        },
    }
with_errors(OPENAPI['paths'])
