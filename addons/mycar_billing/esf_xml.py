# This file is part of the MyCar partner platform.
"""The XML of an electronic invoice (ЭСФ) as the IS ESF imports it: the
layout of the IS ESF SDK's own sample invoice (One InvoiceV2.xml),
esf:invoiceContainer / invoiceSet / v2:invoice.

The information system accepts an element only in its place: the
abstract invoice's own elements first (date, invoiceType, num,
operatorFullname, turnoverDate), then the v2 invoice's (customers,
deliveryTerm, productSet, sellers); inside each, the order below. Dates
are dd.mm.yyyy; amounts have two decimals; the customer and the seller
are named by BIN (tin) as the state registers know them; the delivery
terms cite the contract (the accession agreement); the unit of measure
is the classifier's numeric code."""
from decimal import Decimal

from lxml import etree

ESF = 'esf'
V2 = 'v2.esf'
ABSTRACT = 'abstractInvoice.esf'
CENT = Decimal('0.01')
INVOICE = ['date', 'invoiceType', 'num', 'operatorFullname', 'turnoverDate',
    'customers', 'deliveryTerm', 'productSet', 'sellers']
CUSTOMER = ['address', 'countryCode', 'name', 'statuses', 'tin']
DELIVERY_TERM = ['contractDate', 'contractNum', 'hasContract']
SELLER = ['address', 'bank', 'bik', 'iik', 'kbe', 'name', 'tin']
PRODUCT_SET = ['currencyCode', 'products', 'totalExciseAmount',
    'totalNdsAmount', 'totalPriceWithTax', 'totalPriceWithoutTax',
    'totalTurnoverSize']
PRODUCT = ['catalogTruId', 'description', 'ndsAmount', 'ndsRate',
    'priceWithTax', 'priceWithoutTax', 'quantity', 'truOriginCode',
    'turnoverSize', 'unitNomenclature', 'unitPrice']
CATALOG_TRU = '1'  # the goods-works-services catalogue's id, as the sample
SERVICES = '6'  # truOriginCode of works and services
UNIT_PIECE = '796'  # the unit classifier's code of a piece (the sample's)


def text(value):
    if isinstance(value, Decimal):
        return str(value.quantize(CENT))
    if hasattr(value, 'strftime'):
        return value.strftime('%d.%m.%Y')
    return str(value)


def element(parent, name, value):
    node = etree.SubElement(parent, name)
    if isinstance(value, dict):
        fill(node, value)
    elif isinstance(value, list):
        for tag, item in value:
            element(node, tag, item)
    else:
        node.text = text(value)
    return node


def fill(node, values, order=None):
    "The values' elements in the layout's order; None values are left out"
    for name in order or values:
        if values.get(name) is not None:
            element(node, name, values[name])


def invoice_xml(invoice):
    """The ESF XML (bytes) of invoice, a dict: date, num, operatorFullname,
    turnoverDate, customer and seller (dicts), contract (num and date),
    currencyCode and products (dicts: description, quantity, unitPrice,
    priceWithoutTax, ndsRate, ndsAmount, priceWithTax)"""
    container = etree.Element(etree.QName(ESF, 'invoiceContainer'),
        nsmap={'esf': ESF})
    invoice_set = etree.SubElement(container, 'invoiceSet')
    root = etree.SubElement(invoice_set, etree.QName(V2, 'invoice'),
        nsmap={'a': ABSTRACT, 'v2': V2})
    products = [{'catalogTruId': CATALOG_TRU, **p,
            'unitNomenclature': UNIT_PIECE, 'truOriginCode': SERVICES,
            'turnoverSize': p['priceWithoutTax']}
        for p in invoice['products']]
    contract = invoice.get('contract') or {}
    if not (contract.get('num') and contract.get('date')):
        contract = {}
    values = {
        'date': invoice['date'], 'invoiceType': 'ORDINARY_INVOICE',
        'num': invoice['num'],
        'operatorFullname': invoice['operatorFullname'],
        'turnoverDate': invoice['turnoverDate'],
        'customers': [('customer', ordered(invoice['customer'], CUSTOMER))],
        'deliveryTerm': ordered({
                'contractDate': contract.get('date'),
                'contractNum': contract.get('num'),
                'hasContract': 'true' if contract else 'false',
                }, DELIVERY_TERM),
        'productSet': ordered({
                'currencyCode': invoice['currencyCode'],
                'products': [('product', ordered(p, PRODUCT))
                    for p in products],
                'totalExciseAmount': Decimal(0),
                'totalNdsAmount': total(products, 'ndsAmount'),
                'totalPriceWithTax': total(products, 'priceWithTax'),
                'totalPriceWithoutTax': total(products, 'priceWithoutTax'),
                'totalTurnoverSize': total(products, 'turnoverSize'),
                }, PRODUCT_SET),
        'sellers': [('seller', ordered(invoice['seller'], SELLER))],
        }
    fill(root, values, INVOICE)
    return etree.tostring(container, xml_declaration=True, encoding='UTF-8',
        standalone=True)


def ordered(values, order):
    "values as a dict in the layout's order, without the missing ones"
    return {k: values[k] for k in order if values.get(k) is not None}


def total(products, name):
    return sum((p[name] for p in products), Decimal(0))
