# This file is part of the MyCar partner platform.
"""What the Partner's 1C sends about the Garage (G1, G9), checked field by
field before anything is saved."""
import base64
import binascii
import datetime as dt
from decimal import Decimal, InvalidOperation

from trytond.i18n import gettext

from trytond.modules.mycar_partner.api import check_fields, refuse
from trytond.modules.mycar_partner.exceptions import APIError

NUMBER = (int, float, str)
CLIENT = {'name': str, 'mobile': str}
VEHICLE = {'vin': str, 'make': str, 'model': str, 'plate': str,
    'year': int, 'mileage': int}
LINE = {'kind': str, 'description': str, 'quantity': NUMBER,
    'unit_price': NUMBER}
ORDER = {'external_number': str, 'client': dict, 'vehicle': dict,
    'description': str, 'mileage': int, 'lines': list, 'send': bool}
DOCUMENT = {'kind': str, 'pdf': str, 'name': str, 'name_kk': str}
DOCUMENT_KINDS = ['invoice', 'waybill', 'act']
HISTORY = {'client': dict, 'vehicle': dict, 'entries': list}
ENTRY = {'external_number': str, 'date': str, 'mileage': int,
    'description': str, 'amount': NUMBER}
# What a field may hold: a car's year, kilometres, KZT, a quantity
MILEAGE = (0, 9_999_999)
RANGES = {'year': (1900, 2100), 'mileage': MILEAGE}
PRICE = (Decimal(0), Decimal('999999999.99'))
QUANTITY = (Decimal('0.01'), Decimal(10000))


def client(item, where="client", path=None):
    return check_fields(item, CLIENT, {'name', 'mobile'}, where, path)


def vehicle(item, where="vehicle", path=None):
    values = check_fields(item, VEHICLE, {'vin', 'make', 'model'}, where,
        path, RANGES)
    return {k: v for k, v in values.items() if v is not None}


def amount(value, where, field, path, bounds=PRICE):
    "A Decimal of a JSON number or string within bounds, else refused"
    try:
        result = Decimal(str(value)).quantize(Decimal('0.01'))
    except InvalidOperation:
        result = None
    path = f'{path}.{field}' if path else field
    if result is None or not result.is_finite():
        raise refuse(path, where, field)
    if not bounds[0] <= result <= bounds[1]:
        raise refuse(path, where, field, out_of_range=True)
    return result


def items(payload, name, where):
    "The non-empty list payload[name], else refused"
    values = payload.get(name) if isinstance(payload, dict) else None
    if not isinstance(values, list) or not values:
        raise refuse(name, where, name)
    return values


def order(payload):
    "The values of a work order pushed by 1C"
    values = check_fields(payload, ORDER,
        {'external_number', 'client', 'vehicle', 'lines'}, "order", '',
        {'mileage': MILEAGE})
    lines = []
    for index, item in enumerate(items(payload, 'lines', "order"), 1):
        where = f"lines[{index}]"
        line = check_fields(item, LINE, {'description', 'unit_price'}, where)
        if (line['kind'] or 'work') not in {'work', 'part'}:
            raise refuse(f'{where}.kind', where, 'kind')
        quantity = line['quantity']
        lines.append({'kind': line['kind'] or 'work',
                'description': line['description'],
                'quantity': amount(1 if quantity is None else quantity,
                    where, 'quantity', where, QUANTITY),
                'unit_price': amount(line['unit_price'], where,
                    'unit_price', where)})
    return {**values, 'client': client(values['client']),
        'vehicle': vehicle(values['vehicle']), 'lines': lines,
        'send': bool(values['send'])}


def document(payload):
    """(kind, PDF bytes, name, Kazakh name) of a document pushed by 1C"""
    values = check_fields(payload, DOCUMENT, {'kind', 'pdf'}, "document",
        '')
    if values['kind'] not in DOCUMENT_KINDS:
        raise refuse('kind', "document", 'kind')
    try:
        pdf = base64.b64decode(values['pdf'], validate=True)
    except (binascii.Error, ValueError):
        pdf = b''
    if not pdf.startswith(b'%PDF'):
        raise APIError(gettext('mycar_garage.msg_api_pdf'), 'pdf')
    return values['kind'], pdf, values['name'], values['name_kk']


def history(payload):
    "(client, vehicle, entries) of the service history pushed by 1C"
    values = check_fields(payload, HISTORY,
        {'client', 'vehicle', 'entries'}, "history", '')
    entries = []
    for index, item in enumerate(items(payload, 'entries', "history"), 1):
        where = f"entries[{index}]"
        entry = check_fields(item, ENTRY,
            {'external_number', 'date', 'description', 'amount'}, where,
            ranges={'mileage': MILEAGE})
        try:
            entry['date'] = dt.date.fromisoformat(entry['date'])
        except ValueError:
            raise refuse(f'{where}.date', where, 'date')
        if not dt.date(1900, 1, 1) <= entry['date'] <= dt.date(2100, 1, 1):
            raise refuse(f'{where}.date', where, 'date', out_of_range=True)
        entry['amount'] = amount(entry['amount'], where, 'amount', where)
        entries.append(entry)
    return (client(values['client']), vehicle(values['vehicle']), entries)
