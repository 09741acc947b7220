# This file is part of the MyCar partner platform.
"""The Loyalty part of the Partner API, for the Partner's 1C (L2, L4):
batches of bonus events, each answered on its own. Authenticated by the
Partner's API keys; each event is idempotent by its 1C id (no
Idempotency-Key needed)."""
from trytond.exceptions import UserError
from trytond.transaction import without_check_access

from trytond.modules.mycar_partner import api as partner_api
from trytond.modules.mycar_partner.routes import Refusal, api_route

from .feed import MAX_EVENTS, TYPES


@api_route('/loyalty/events', {'POST'})
def post_events(request, pool):
    "Purchases, returns, accruals and write-offs from 1C, 500 at most"
    Event = pool.get('mycar.loyalty.event')
    payload = partner_api.parse_json(request.data)
    events = payload.get('events') if isinstance(payload, dict) else None
    try:
        # the ledger is written by MyCar for the key's Partner, whose users
        # only read it
        with without_check_access():
            results = Event.ingest(partner_api.current_company(), events)
    except UserError as error:
        raise Refusal(400, error.message, 'events')
    return {'results': results}


STRING = {'type': 'string'}
EVENT = {'type': 'object', 'required': ['id', 'type', 'occurred'],
    'properties': {
        'id': {'type': 'string', 'maxLength': 64,
            'description': "The 1C document's id, unique per Partner"},
        'type': {'type': 'string', 'enum': TYPES},
        'occurred': {'type': 'string', 'format': 'date-time',
            'description': "The sale's or return's time in 1C, with its "
            "offset"},
        'client': {'type': 'object', 'required': ['name', 'mobile'],
            'properties': {'name': STRING, 'mobile': STRING}},
        'purchase': {'type': 'string',
            'description': "The purchase's 1C id (a return, or points "
            "of a purchase)"},
        'amount': {'type': 'string',
            'description': "KZT of a purchase or of the part returned"},
        'points': {'type': 'string'},
        }}
PATHS = {
    '/loyalty/events': {'post': {
            'summary': "A batch of bonus events from 1C; each answered in "
            "results (201 applied, 202 waiting for its purchase, 200 the "
            "same again, 409 the id with another body, 400/422 refused)",
            'requestBody': {'required': True, 'content': {
                    'application/json': {'schema': {
                            'type': 'object', 'required': ['events'],
                            'properties': {'events': {
                                    'type': 'array', 'minItems': 1,
                                    'maxItems': MAX_EVENTS,
                                    'items': EVENT}}}}}},
            'responses': {
                '200': {'description': "One result per event, in order"},
                '400': partner_api.ERROR}}},
    }
partner_api.OPENAPI['paths'].update(partner_api.with_errors(PATHS))
