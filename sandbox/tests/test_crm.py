# This file is part of the MyCar partner platform.
import json
import urllib.error
import urllib.request

import pytest

from sandbox.crm import PartnerCRM
from sandbox.server import free_port


@pytest.fixture
def crm(tmp_path):
    server = PartnerCRM(tmp_path, port=free_port()).start()
    yield server
    server.stop()


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(),
        headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, json.load(response)


def received(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def test_receives_each_request_once(crm):
    url = f'{crm.url}/astana/requests'
    assert post(url, {'number': 'ЗАЯ-1', 'client': "Иван"}) == (
        201, {'id': 'CRM-1'})
    assert post(url, {'number': 'ЗАЯ-1', 'client': "Иван"}) == (
        200, {'id': 'CRM-1'})  # a retry
    assert post(url, {'number': 'ЗАЯ-2'}) == (201, {'id': 'CRM-2'})
    assert [r['number'] for r in received(url)] == ['ЗАЯ-1', 'ЗАЯ-2']
    assert received(f'{crm.url}/almaty/requests') == []


def test_refuses_bad_requests_and_answers_down(crm):
    with pytest.raises(urllib.error.HTTPError) as bad:
        post(f'{crm.url}/astana/requests', {'client': "no number"})
    assert bad.value.code == 400
    with pytest.raises(urllib.error.HTTPError) as down:
        post(f'{crm.url}/down/requests', {'number': 'ЗАЯ-1'})
    assert down.value.code == 503
    with pytest.raises(urllib.error.HTTPError) as unknown:
        post(f'{crm.url}/astana', {'number': 'ЗАЯ-1'})
    assert unknown.value.code == 404
