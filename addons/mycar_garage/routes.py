# This file is part of the MyCar partner platform.
"""The Garage part of the Partner API, for the Partner's 1C (G1, G9):
clients, vehicles, work orders, their documents and service history.
Authenticated by the Partner's API keys; every write honours an
Idempotency-Key header (mycar_partner.routes.idempotent)."""
from trytond.modules.mycar_partner import api as partner_api
from trytond.modules.mycar_partner.routes import (
    api_route,
    api_write,
    json_response,
)

from . import api


def order_body(order):
    return {'number': order.number, 'external_number': order.external_number,
        'state': order.state, 'total': str(order.total_amount)}


@api_write('/garage/clients')
def post_clients(request, pool, company, payload):
    "Clients from 1C, each with a cabinet (G2)"
    Party = pool.get('party.party')
    clients = [api.client(c, f"clients[{i}]") for i, c in enumerate(
            api.items(payload, 'clients', "clients"), 1)]
    parties = Party.register_clients(
        company, [(c['name'], c['mobile']) for c in clients], source='api')
    return 201, {'clients': [{'mobile': p.client_mobile,
                'client_code': p.client_code} for p in parties]}


@api_write('/garage/vehicles')
def post_vehicles(request, pool, company, payload):
    "Vehicles from 1C, with their owners"
    Party = pool.get('party.party')
    Vehicle = pool.get('mycar.vehicle')
    items = api.items(payload, 'vehicles', "vehicles")
    owners = [api.client(v.get('owner') if isinstance(v, dict) else None,
            f"vehicles[{i}].owner") for i, v in enumerate(items, 1)]
    cars = [api.vehicle(v, f"vehicles[{i}]") for i, v in enumerate(items, 1)]
    parties = Party.register_clients(
        company, [(o['name'], o['mobile']) for o in owners], source='api')
    vehicles = [Vehicle.register(company, p, c)
        for p, c in zip(parties, cars)]
    return 201, {'vehicles': [{'vin': v.vin, 'id': v.id} for v in vehicles]}


@api_write('/garage/orders')
def post_order(request, pool, company, payload):
    "A work order from 1C, sent to the client when 1C asks (G5)"
    Order = pool.get('mycar.garage.order')
    return 201, order_body(Order.from_partner(company, api.order(payload)))


@api_write('/garage/orders/<external>/documents')
def post_document(request, pool, company, payload, external):
    "An invoice, act or waybill of a work order from 1C (G9)"
    Order = pool.get('mycar.garage.order')
    order = Order.of_partner(company, external)
    return 201, order_body(
        Order.receive_document(order, *api.document(payload)))


@api_write('/garage/history')
def post_history(request, pool, company, payload):
    "The service history of a client's car kept in 1C (G3)"
    Order = pool.get('mycar.garage.order')
    orders = Order.import_history(company, *api.history(payload))
    return 201, {'imported': [o.number for o in orders]}


@api_route('/garage/orders/<external>', {'GET'})
def get_order(request, pool, external):
    "A work order's state, as MyCar knows it"
    Order = pool.get('mycar.garage.order')
    return json_response(200, order_body(Order.of_partner(
                partner_api.current_company(), external)))


EXTERNAL = {'name': 'external', 'in': 'path', 'required': True,
    'schema': {'type': 'string'},
    'description': "The work order's number in 1C"}


def write(summary, schema, created="Saved", parameters=()):
    "The OpenAPI of a write route of the Garage API"
    return {'post': {
            'summary': summary,
            'parameters': [{'name': 'Idempotency-Key', 'in': 'header',
                    'schema': {'type': 'string'}, 'description':
                    "The same key and body give the same answer and save "
                    "nothing more; the key with another body: 409"},
                *parameters],
            'requestBody': {'required': True, 'content': {
                    'application/json': {'schema': schema}}},
            'responses': {'201': {'description': created},
                '400': partner_api.ERROR,
                '401': {'description': "No valid key"},
                '409': partner_api.ERROR}}}


def obj(properties, required=()):
    return {'type': 'object', 'required': sorted(required),
        'properties': properties}


STRING = {'type': 'string', 'minLength': 1}
MILEAGE = {'type': 'integer', 'minimum': api.MILEAGE[0],
    'maximum': api.MILEAGE[1]}
DECIMAL = {'type': 'string', 'pattern': r'^[0-9]{1,9}(\.[0-9]{1,2})?$'}
AMOUNT = {'oneOf': [{'type': 'number', 'minimum': 0,
            'maximum': float(api.PRICE[1])}, DECIMAL],
    'description': "KZT, VAT included"}
QUANTITY = {'oneOf': [{'type': 'number', 'minimum': 0.01,
            'maximum': float(api.QUANTITY[1])}, DECIMAL],
    'description': "Above zero; 1 when left out"}
CLIENT_SCHEMA = obj({'name': STRING, 'mobile': {'type': 'string',
            'pattern': r'^\+77[0-9]{9}$',
            'description': "The client's primary key, e.g. +77011234567"}},
    api.CLIENT)
VEHICLE_SCHEMA = obj({'vin': {'type': 'string',
            'description': "17 characters, no I, O, Q",
            'pattern': '^[A-HJ-NPR-Z0-9]{17}$'},
        'make': STRING, 'model': STRING,
        'plate': STRING, 'year': {'type': 'integer', 'minimum':
            api.RANGES['year'][0], 'maximum': api.RANGES['year'][1]},
        'mileage': MILEAGE},
    {'vin', 'make', 'model'})
PATHS = {
    '/garage/clients': write("Clients, each with a cabinet (G2)", obj(
            {'clients': {'type': 'array', 'minItems': 1,
                'items': CLIENT_SCHEMA}},
            {'clients'})),
    '/garage/vehicles': write("Vehicles with their owners", obj(
            {'vehicles': {'type': 'array', 'minItems': 1,
                'items': {'allOf': [
                            VEHICLE_SCHEMA, obj({'owner': CLIENT_SCHEMA},
                                {'owner'})]}}}, {'vehicles'})),
    '/garage/orders': write(
        "A work order; with send, the client gets the code (G5)", obj({
                'external_number': {'type': 'string', 'description':
                    "The order's number in 1C, unique per Partner"},
                'client': CLIENT_SCHEMA, 'vehicle': VEHICLE_SCHEMA,
                'description': STRING, 'mileage': MILEAGE,
                'send': {'type': 'boolean'},
                'lines': {'type': 'array', 'minItems': 1,
                'items': obj({
                            'kind': {'type': 'string',
                                'enum': ['work', 'part']},
                            'description': STRING, 'quantity': QUANTITY,
                            'unit_price': AMOUNT},
                        {'description', 'unit_price'})}},
            {'external_number', 'client', 'vehicle', 'lines'})),
    '/garage/orders/{external}/documents': write(
        "1C's invoice (accepted order), act (work in progress) or "
        "waybill of a work order, to the client's cabinet (G9)", obj({
                'kind': {'type': 'string', 'enum': api.DOCUMENT_KINDS},
                'pdf': {'type': 'string', 'format': 'byte'},
                'name': STRING, 'name_kk': STRING}, {'kind', 'pdf'}),
        parameters=[EXTERNAL]),
    '/garage/history': write("Service done before, as closed orders (G3)",
        obj({'client': CLIENT_SCHEMA, 'vehicle': VEHICLE_SCHEMA,
                'entries': {'type': 'array', 'minItems': 1,
                'items': obj({
                            'external_number': STRING,
                            'date': {'type': 'string', 'format': 'date'},
                            'mileage': MILEAGE, 'description': STRING,
                            'amount': AMOUNT},
                        {'external_number', 'date', 'description',
                            'amount'})}},
            {'client', 'vehicle', 'entries'})),
    '/garage/orders/{external}': {'get': {
            'summary': "A work order's state in MyCar; MyCar also posts "
            "a webhook to the Partner's 1C on every change",
            'parameters': [EXTERNAL],
            'responses': {'200': {'description': "The order"},
                '400': partner_api.ERROR,
                '401': {'description': "No valid key"}}}},
    }
partner_api.OPENAPI['paths'].update(partner_api.with_errors(PATHS))
