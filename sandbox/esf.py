# This file is part of the MyCar partner platform.
"""A stand-in for the information system of electronic invoices (IS ESF):
it registers an ESF in the import layout of the IS ESF SDK's sample
(esf:invoiceContainer / invoiceSet / v2:invoice, each level in the
schema's order), or declines it with the reason, as the real system does.

    POST /api/invoices   application/xml
        200 {"status": "REGISTERED", "registrationNumber": "ESF-..."}
        422 {"status": "DECLINED", "reason": "..."}
    GET  /api/invoices   {"invoices": [what was registered]}

The same seller and number again gets the registration made before."""
import itertools
import re
import threading
from decimal import Decimal, InvalidOperation

from lxml import etree

from .server import Handler as BaseHandler
from .server import ThreadedServer

CONTAINER = '{esf}invoiceContainer'
V2 = '{v2.esf}invoice'
# each level's order, as the system's schema has it
ORDER = {
    'invoice': ['date', 'invoiceType', 'num', 'operatorFullname',
        'turnoverDate', 'customers', 'deliveryTerm', 'productSet',
        'sellers'],
    'customer': ['address', 'countryCode', 'name', 'statuses', 'tin'],
    'deliveryTerm': ['contractDate', 'contractNum', 'hasContract'],
    'productSet': ['currencyCode', 'products', 'totalExciseAmount',
        'totalNdsAmount', 'totalPriceWithTax', 'totalPriceWithoutTax',
        'totalTurnoverSize'],
    'product': ['catalogTruId', 'description', 'ndsAmount', 'ndsRate',
        'priceWithTax', 'priceWithoutTax', 'quantity', 'truOriginCode',
        'turnoverSize', 'unitNomenclature', 'unitPrice'],
    'seller': ['address', 'bank', 'bik', 'iik', 'kbe', 'name', 'tin'],
    }
TOTALS = {'totalNdsAmount': 'ndsAmount', 'totalPriceWithTax': 'priceWithTax',
    'totalPriceWithoutTax': 'priceWithoutTax'}


class Declined(ValueError):
    pass


def check(xml):
    "(seller tin, num) of a well-formed ESF; raise Declined otherwise"
    try:
        container = etree.fromstring(xml)
    except etree.XMLSyntaxError as error:
        raise Declined(f"not XML: {error}")
    root = container.find(f'invoiceSet/{V2}')
    if container.tag != CONTAINER or root is None:
        raise Declined(
            "not an esf:invoiceContainer / invoiceSet / v2:invoice")
    for node in root.iter():
        in_order(node)
    names = [child.tag for child in root]
    for required in ['date', 'num', 'turnoverDate', 'customers',
            'productSet', 'sellers']:
        if required not in names:
            raise Declined(f"{required} is required")
    for party in ['sellers/seller', 'customers/customer']:
        tin = root.findtext(f'{party}/tin') or ''
        if not re.fullmatch(r'\d{12}', tin):
            raise Declined(f"{party}: tin must be the 12 digits of a BIN")
        if not (root.findtext(f'{party}/address') or '').strip():
            raise Declined(f"{party}: address is required")
    for unit in root.iterfind('productSet/products/product/unitNomenclature'):
        if not re.fullmatch(r'\d{1,10}', unit.text or ''):
            raise Declined("unitNomenclature must be the unit classifier's "
                f"code, not {unit.text!r}")
    check_totals(root.find('productSet'))
    return root.findtext('sellers/seller/tin'), root.findtext('num')


def in_order(node):
    "Refuse a node whose children are out of the schema's order"
    name = etree.QName(node).localname
    if name not in ORDER:
        return
    names = [etree.QName(child).localname for child in node]
    order = ORDER[name]
    if (any(n not in order for n in names)
            or names != sorted(names, key=order.index)
            or len(set(names)) != len(names)):
        raise Declined(f"{name}: elements out of the layout's order: {names}")


def check_totals(product_set):
    try:
        for total, item in TOTALS.items():
            expected = sum((Decimal(p.findtext(item))
                    for p in product_set.iterfind('products/product')),
                Decimal(0))
            if Decimal(product_set.findtext(total)) != expected:
                raise Declined(f"{total} is not the sum of the products")
    except (TypeError, InvalidOperation):
        raise Declined("an amount is missing or not a number")


class Handler(BaseHandler):
    registry = None
    lock = None
    numbers = None

    def do_POST(self):
        if self.path != '/api/invoices':
            return self.reply_json(404, {'error': 'unknown'})
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        try:
            key = check(body)
        except Declined as reason:
            return self.reply_json(422,
                {'status': 'DECLINED', 'reason': str(reason)})
        with self.lock:
            if key not in self.registry:
                self.registry[key] = (
                    f'ESF-{key[0]}-{next(self.numbers):08d}')
        self.reply_json(200, {'status': 'REGISTERED',
                'registrationNumber': self.registry[key]})

    def do_GET(self):
        self.reply_json(200, {'invoices': [
                    {'tin': tin, 'num': num, 'registrationNumber': number}
                    for (tin, num), number in self.registry.items()]})


class ESFSystem(ThreadedServer):
    "The sandbox IS ESF; start() and stop() it"

    def __init__(self, directory, host='127.0.0.1', port=8032):
        super().__init__(type('BoundHandler', (Handler,), {
                    'registry': {}, 'lock': threading.Lock(),
                    'numbers': itertools.count(1)}), host, port)
