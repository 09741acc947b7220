# This file is part of the MyCar partner platform.
"""The sandbox IS ESF: registers well-formed ESF once, declines others."""
import json
import urllib.error
import urllib.request

import pytest

from sandbox.esf import ESFSystem
from sandbox.server import free_port

ESF = """<?xml version='1.0' encoding='UTF-8'?>
<esf:invoiceContainer xmlns:esf="esf"><invoiceSet>
<v2:invoice xmlns:v2="v2.esf" xmlns:a="abstractInvoice.esf">
<date>03.04.2026</date><invoiceType>ORDINARY_INVOICE</invoiceType>
<num>{num}</num><turnoverDate>31.03.2026</turnoverDate>
<customers><customer><address>Астана, Мәңгілік Ел, 1</address><name>A</name>
<tin>{customer}</tin></customer>
</customers>
<productSet><currencyCode>KZT</currencyCode><products>
<product><ndsAmount>16.00</ndsAmount><priceWithTax>116.00</priceWithTax>
<priceWithoutTax>100.00</priceWithoutTax></product>
<product><ndsAmount>1.60</ndsAmount><priceWithTax>11.60</priceWithTax>
<priceWithoutTax>10.00</priceWithoutTax></product></products>
<totalNdsAmount>17.60</totalNdsAmount>
<totalPriceWithTax>{total}</totalPriceWithTax>
<totalPriceWithoutTax>110.00</totalPriceWithoutTax></productSet>
<sellers><seller><address>{seller_address}</address><name>MyCar</name>
<tin>191140031171</tin></seller></sellers>
</v2:invoice></invoiceSet></esf:invoiceContainer>"""


@pytest.fixture
def system(tmp_path):
    server = ESFSystem(tmp_path, port=free_port()).start()
    yield server
    server.stop()


def upload(url, xml):
    request = urllib.request.Request(f'{url}/api/invoices',
        data=xml.encode(), headers={'Content-Type': 'application/xml'})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def esf(num='1', customer='050540004455', total='127.60',
        seller_address='Алматы, Абая, 1'):
    return ESF.format(num=num, customer=customer, total=total,
        seller_address=seller_address)


def test_registers_once_per_seller_and_number(system):
    status, first = upload(system.url, esf())
    assert status == 200 and first['status'] == 'REGISTERED'
    assert upload(system.url, esf())[1] == first
    assert upload(system.url, esf(num='2'))[1]['registrationNumber'] != \
        first['registrationNumber']


@pytest.mark.parametrize('xml, reason', [
        (esf(customer='123'), 'customers/customer: tin'),
        (esf(seller_address=' '), 'sellers/seller: address is required'),
        (esf(total='127.61'), 'totalPriceWithTax is not the sum'),
        (esf().replace('<date>03.04.2026</date>', '').replace(
                '<turnoverDate>', '<date>03.04.2026</date><turnoverDate>'),
            'out of the layout'),
        ('<invoice/>', 'not an esf:invoiceContainer'),
        (esf().replace('<priceWithTax>116.00</priceWithTax>\n'
                '<priceWithoutTax>100.00</priceWithoutTax>',
                '<priceWithoutTax>100.00</priceWithoutTax>'
                '<priceWithTax>116.00</priceWithTax>'),
            'product: elements out of'),
        ('not xml', 'not XML'),
        ])
def test_declines_with_the_reason(system, xml, reason):
    status, answer = upload(system.url, xml)
    assert status == 422 and answer['status'] == 'DECLINED'
    assert reason in answer['reason']
