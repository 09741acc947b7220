# This file is part of the MyCar partner platform.
"""The ESF XML: the layout's strict element order and exact amounts."""
import datetime as dt
from decimal import Decimal

from lxml import etree
from trytond.modules.mycar_billing.esf_xml import (
    CUSTOMER,
    DELIVERY_TERM,
    INVOICE,
    PRODUCT,
    PRODUCT_SET,
    SELLER,
    invoice_xml,
)

from sandbox.esf import ORDER, Declined, check

INVOICE_VALUES = {
    'date': dt.date(2026, 4, 3), 'num': 'INV/0001',
    'operatorFullname': "ТОО «MyCar Group»",
    'turnoverDate': dt.date(2026, 3, 31), 'currencyCode': 'KZT',
    'contract': {'num': 'MC-2026-0001', 'date': dt.date(2026, 3, 16)},
    # given out of order: the XML puts them in the layout's order
    'customer': {'tin': '050540004455', 'name': "ТОО «Astana Motors»",
        'countryCode': 'KZ', 'address': "Астана"},
    'seller': {'tin': '191140031171', 'name': "ТОО «MyCar Group»",
        'kbe': '17', 'iik': 'KZ706018771000735551', 'bik': 'HSBKKZKX',
        'bank': "Halyk", 'address': "Алматы"},
    'products': [
        {'description': "Garage: 3 × 202000", 'quantity': 1,
            'unitPrice': Decimal('522413.79'),
            'priceWithoutTax': Decimal('522413.79'), 'ndsRate': 16,
            'ndsAmount': Decimal('83586.21'),
            'priceWithTax': Decimal('606000.00')},
        {'description': "Garage documents: 37 × 570", 'quantity': 1,
            'unitPrice': Decimal('18181.03'),
            'priceWithoutTax': Decimal('18181.03'), 'ndsRate': 16,
            'ndsAmount': Decimal('2908.97'),
            'priceWithTax': Decimal('21090')},
        ],
    }


def parsed():
    "The v2:invoice of the container"
    container = etree.fromstring(invoice_xml(INVOICE_VALUES))
    return container.find('invoiceSet/{v2.esf}invoice')


def tags(node):
    return [etree.QName(child).localname for child in node]


def test_the_invoice_is_in_the_sdks_container():
    "esf:invoiceContainer / invoiceSet / v2:invoice, as the SDK's sample"
    container = etree.fromstring(invoice_xml(INVOICE_VALUES))
    assert container.tag == '{esf}invoiceContainer'
    assert tags(container) == ['invoiceSet']
    invoice, = container.find('invoiceSet')
    assert invoice.tag == '{v2.esf}invoice'
    assert invoice.nsmap == {
        'esf': 'esf', 'v2': 'v2.esf', 'a': 'abstractInvoice.esf'}
    assert check(invoice_xml(INVOICE_VALUES)) == ('191140031171', 'INV/0001')


def test_elements_are_in_the_layouts_order_at_every_level():
    root = parsed()
    assert tags(root) == INVOICE
    assert tags(root.find('customers/customer')) == CUSTOMER[:2] + [
        'name', 'tin']  # no statuses
    assert tags(root.find('deliveryTerm')) == DELIVERY_TERM
    assert tags(root.find('sellers/seller')) == SELLER
    assert tags(root.find('productSet')) == PRODUCT_SET
    for product in root.iterfind('productSet/products/product'):
        assert tags(product) == PRODUCT
    # the platform's orders are the ones the sandbox's schema checks
    assert (INVOICE, CUSTOMER, DELIVERY_TERM, PRODUCT_SET, PRODUCT,
        SELLER) == (ORDER['invoice'], ORDER['customer'],
        ORDER['deliveryTerm'], ORDER['productSet'], ORDER['product'],
        ORDER['seller'])


def test_the_sandbox_declines_an_element_out_of_its_place():
    xml = invoice_xml(INVOICE_VALUES).replace(
        b'<catalogTruId>1</catalogTruId><description>',
        b'<description>', 1).replace(
        b'</description>', b'</description><catalogTruId>1</catalogTruId>', 1)
    try:
        check(xml)
    except Declined as reason:
        assert 'product: elements out of' in str(reason)
    else:
        raise AssertionError("declined nothing")


def test_delivery_terms_cite_the_agreement():
    term = parsed().find('deliveryTerm')
    assert [term.findtext(n) for n in DELIVERY_TERM] == [
        '16.03.2026', 'MC-2026-0001', 'true']


def test_the_unit_is_the_classifiers_code():
    for product in parsed().iterfind('productSet/products/product'):
        assert product.findtext('unitNomenclature') == '796'
        assert product.findtext('catalogTruId') == '1'


def test_amounts_add_up_to_the_tiyn():
    product_set = parsed().find('productSet')
    assert product_set.findtext('totalPriceWithTax') == '627090.00'
    assert product_set.findtext('totalNdsAmount') == '86495.18'
    assert product_set.findtext('totalPriceWithoutTax') == '540594.82'
    assert product_set.findtext('totalTurnoverSize') == '540594.82'
    first = product_set.find('products/product')
    assert first.findtext('priceWithTax') == '606000.00'
    assert first.findtext('truOriginCode') == '6'
    assert Decimal(first.findtext('priceWithoutTax')) + Decimal(
        first.findtext('ndsAmount')) == Decimal(
        first.findtext('priceWithTax'))


def test_dates_are_day_month_year():
    root = parsed()
    assert root.findtext('date') == '03.04.2026'
    assert root.findtext('turnoverDate') == '31.03.2026'
