# This file is part of the MyCar partner platform.
import json
import urllib.error
import urllib.request

import pytest

from sandbox.server import free_port
from sandbox.sms import SMSGateway, SMSOutbox
from sandbox.web import SandboxWeb


@pytest.fixture
def gateway(tmp_path):
    server = SMSGateway(tmp_path, port=free_port()).start()
    yield server
    server.stop()


def post(url, body, key=None):
    headers = {'Content-Type': 'application/json'}
    if key:
        headers['Idempotency-Key'] = key
    request = urllib.request.Request(f'{url}/send',
        data=json.dumps(body).encode(), headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, json.load(response)


def test_accepts_and_keeps_messages(gateway, tmp_path):
    status, body = post(gateway.url,
        {'to': '+77011234567', 'text': "Код: 1234", 'sender': 'MyCar'})
    assert status == 200 and body['status'] == 'accepted'
    message, = SMSOutbox(tmp_path).messages(to='+77011234567')
    assert (message['text'], message['id']) == ("Код: 1234", body['id'])


def test_a_repeated_key_keeps_one_message(gateway, tmp_path):
    "A retry with the same Idempotency-Key is the first message again"
    body = {'to': '+77011234567', 'text': "Код: 1234"}
    answers = [post(gateway.url, body, key='k1')[1] for _ in range(3)]
    other = post(gateway.url, body, key='k2')[1]
    assert len({a['id'] for a in answers}) == 1 != other['id']
    outbox = SMSOutbox(tmp_path)
    assert [m['key'] for m in outbox.messages()] == ['k1', 'k2']
    assert outbox.repeats() == {'k1': 2, 'k2': 0}


def test_refuses_bad_requests_and_failing_numbers(gateway, tmp_path):
    with pytest.raises(urllib.error.HTTPError) as bad:
        post(gateway.url, {'text': "no recipient"})
    assert bad.value.code == 400
    with pytest.raises(urllib.error.HTTPError) as failed:
        post(gateway.url, {'to': '+77000000000', 'text': "lost"})
    assert failed.value.code == 503
    assert SMSOutbox(tmp_path).messages() == []


def test_web_lists_sms(gateway, tmp_path):
    web = SandboxWeb(tmp_path, port=free_port()).start()
    try:
        post(gateway.url, {'to': '+77011234567', 'text': "Привет"})
        with urllib.request.urlopen(f'{web.url}/sms.json') as response:
            assert [m['text'] for m in json.load(response)] == ["Привет"]
    finally:
        web.stop()
