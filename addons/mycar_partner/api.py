# This file is part of the MyCar partner platform.
"""The API the Partner's software calls (P3): its employees and licences.

Requests are authenticated by the Partner's revocable API keys
(res.user.application 'mycar_partner'); every write honours an
Idempotency-Key header."""
import hashlib
import json

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .application import ROLES
from .exceptions import APIError

EMPLOYEE_FIELDS = {
    'name': str, 'position': str, 'role': str, 'email': str,
    'phone': str, 'services': list, 'consent': bool,
    }
REQUIRED = {'name', 'position', 'role', 'email', 'consent'}


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
            return 409, {'message': gettext(
                    'mycar_partner.msg_api_key_reused', key=key)}
        return request.status, json.loads(request.response)

    @classmethod
    def remember(cls, company, key, endpoint, body, status, response):
        if key:
            cls.create([{
                        'company': company, 'key': key, 'endpoint': endpoint,
                        'digest': digest(body), 'status': status,
                        'response': json.dumps(response)}])


def parse_json(body):
    try:
        return json.loads(body or b'')
    except ValueError:
        raise APIError(gettext('mycar_partner.msg_api_json_malformed'))


def check_fields(item, spec, required, where):
    """The item (a JSON object) with the fields of spec {name: type or
    tuple of types}, each of the right type and the required ones there;
    else refused naming where and the field"""
    if not isinstance(item, dict):
        raise APIError(gettext('mycar_partner.msg_api_object', where=where))
    for name, type_ in spec.items():
        value = item.get(name)
        if (value is None and name in required) or (value is not None and (
                    not isinstance(value, type_)
                    or isinstance(value, bool) and type_ is not bool)):
            raise APIError(gettext('mycar_partner.msg_api_field',
                    where=where, field=name))
    return {name: item.get(name) for name in spec}


def parse_employees(payload):
    "The employees of a P3 request, checked field by field"
    Service = Pool().get('mycar.service')
    if not isinstance(payload, dict) or not isinstance(
            payload.get('employees'), list) or not payload['employees']:
        raise APIError(gettext('mycar_partner.msg_api_employees_missing'))
    services = {s.code: s for s in Service.search([])}
    roles = dict(ROLES)
    employees = []
    for index, item in enumerate(payload['employees'], 1):
        if not isinstance(item, dict):
            raise APIError(gettext(
                    'mycar_partner.msg_api_employee_malformed', index=index))
        for name, type_ in EMPLOYEE_FIELDS.items():
            value = item.get(name)
            if (value is None and name in REQUIRED) or (
                    value is not None and not isinstance(value, type_)):
                raise APIError(gettext(
                        'mycar_partner.msg_api_employee_field',
                        index=index, field=name))
        if item['role'] not in roles:
            raise APIError(gettext(
                    'mycar_partner.msg_api_employee_role', index=index,
                    role=item['role'], roles=', '.join(roles)))
        unknown = set(item.get('services') or []) - set(services)
        if unknown:
            raise APIError(gettext(
                    'mycar_partner.msg_api_employee_service', index=index,
                    services=', '.join(sorted(map(str, unknown)))))
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
        'consent': {'type': 'boolean', 'description':
            "The Partner holds the employee's written consent (§2.6)"},
        },
    }
ERROR = {'description': "Refused, with a translated message",
    'content': {'application/json': {'schema': {'type': 'object'}}}}
OPENAPI = {
    'openapi': '3.0.3',
    'info': {'title': "MyCar Partner API", 'version': '1.0.0',
        'description': "What a Partner's software sends to and reads from "
        "MyCar. Authenticate with a Partner API key as a bearer token; "
        "send Accept-Language ru or kk for translated messages."},
    'components': {'securitySchemes': {
            'partnerKey': {'type': 'http', 'scheme': 'bearer'}}},
    'security': [{'partnerKey': []}],
    'paths': {
        '/{database_name}/mycar/api/v1/employees': {'post': {
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
                                        'type': 'array',
                                        'items': EMPLOYEE_SCHEMA}}}}}},
                'responses': {
                    '201': {'description': "The draft edition filed"},
                    '400': ERROR, '401': {'description': "No valid key"},
                    '409': ERROR},
                }},
        '/{database_name}/mycar/api/v1/licences': {'get': {
                'summary': "The Partner's licences, current and ended",
                'responses': {
                    '200': {'description': "The licences"},
                    '401': {'description': "No valid key"}},
                }},
        '/{database_name}/mycar/api/v1/openapi.json': {'get': {
                'summary': "This document", 'security': [],
                'responses': {'200': {'description': "OpenAPI 3"}},
                }},
        },
    }
