# This file is part of the MyCar partner platform.
import json
import urllib.error
import urllib.request

import pytest

from sandbox.ofd import OFD
from sandbox.server import free_port


@pytest.fixture
def ofd(tmp_path):
    server = OFD(tmp_path, port=free_port()).start()
    yield server
    server.stop()


def post(url, body):
    request = urllib.request.Request(f'{url}/api/receipts',
        data=json.dumps(body).encode(),
        headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, json.load(response)


def test_registers_each_receipt_once(ofd):
    receipt = {'reference': 'ЗН-1', 'tin': '050540004455',
        'total': '24000.00', 'items': [
            {'name': "Колодки", 'amount': '20000.00'},
            {'name': "Работа", 'amount': '4000.00'}]}
    status, first = post(ofd.url, receipt)
    assert status == 201 and first['fiscal_sign'] == '00445500000001'
    assert post(ofd.url, receipt) == (200, first)
    assert [r['reference'] for r in ofd.receipts()] == ['ЗН-1']
    # another Partner numbers its orders from 1 too: its own receipt
    status, other = post(ofd.url, {**receipt, 'tin': '110240012342'})
    assert status == 201 and other['number'] == '2'


def test_refuses_receipts_that_do_not_add_up(ofd):
    with pytest.raises(urllib.error.HTTPError) as refused:
        post(ofd.url, {'reference': 'ЗН-2', 'tin': '1', 'total': '10',
                'items': [{'amount': '9'}]})
    assert refused.value.code == 422
    with pytest.raises(urllib.error.HTTPError) as bad:
        post(ofd.url, {'reference': 'ЗН-3'})
    assert bad.value.code == 400
