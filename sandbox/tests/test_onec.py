# This file is part of the MyCar partner platform.
import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sandbox.onec import OneC, Pusher
from sandbox.server import free_port


@pytest.fixture
def onec(tmp_path):
    server = OneC(tmp_path, port=free_port()).start()
    yield server
    server.stop()


def test_takes_each_webhook_once(onec):
    pusher = Pusher(f'{onec.url}/astana', key='unused')
    assert pusher.push('/webhooks', {'event': 'ЗН-1/sent/0'}) == (
        201, {'id': '1C-1'})
    assert pusher.push('/webhooks', {'event': 'ЗН-1/sent/0'}) == (
        200, {'id': '1C-1'})
    assert pusher.push('/webhooks', {'state': 'sent'})[0] == 400
    assert Pusher(f'{onec.url}/down', 'unused').push(
        '/webhooks', {'event': 'x'})[0] == 503
    with urllib.request.urlopen(f'{onec.url}/astana/webhooks') as answer:
        assert [e['event'] for e in json.load(answer)] == ['ЗН-1/sent/0']


def test_pushes_with_key_and_idempotency(tmp_path):
    "What MyCar receives from the 1C stand-in"
    seen = []

    class Platform(BaseHTTPRequestHandler):
        def do_POST(self):
            seen.append((self.path, dict(self.headers), json.loads(
                        self.rfile.read(int(self.headers['Content-Length'])))))
            body = json.dumps({'message': 'нет'}).encode()
            self.send_response(400)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass
    server = ThreadingHTTPServer(('127.0.0.1', free_port()), Platform)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f'http://127.0.0.1:{server.server_address[1]}/db/api'
        status, answer = Pusher(url, 'secret-key', 'kk').push(
            '/garage/orders/ЗН-1С-1/documents', {'kind': 'act'}, 'key-1')
    finally:
        server.shutdown()
    path, headers, body = seen[0]
    assert (status, answer) == (400, {'message': 'нет'})
    assert path == '/db/api/garage/orders/%D0%97%D0%9D-1%D0%A1-1/documents'
    assert headers['Authorization'] == 'Bearer secret-key'
    assert headers['Idempotency-Key'] == 'key-1'
    assert headers['Accept-Language'] == 'kk'
    assert body == {'kind': 'act'}
