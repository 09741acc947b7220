# This file is part of the MyCar partner platform.
"""An SMS gateway stand-in: a real HTTP server on loopback that accepts
POST /send {"to", "text", "sender"} and keeps every message, where tests
and people read them. A number listed in failing_numbers gets a 503, as a
gateway that cannot deliver answers."""
import json
import pathlib
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAILING_NUMBERS = {'+77000000000'}


class Handler(BaseHTTPRequestHandler):
    outbox = None

    def do_POST(self):
        if self.path != '/send':
            self.send_error(404)
            return
        try:
            length = int(self.headers.get('Content-Length', 0))
            message = json.loads(self.rfile.read(length))
            to, text = message['to'], message['text']
        except (ValueError, KeyError, TypeError):
            return self.reply(400, {'error': 'to and text are required'})
        if to in FAILING_NUMBERS:
            return self.reply(503, {'error': 'delivery failed'})
        sent = self.outbox.add(to, text, message.get('sender', ''))
        self.reply(200, {'id': sent['id'], 'status': 'accepted'})

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


class SMSOutbox:
    "The messages the gateway accepted, one JSON line each"

    def __init__(self, directory):
        self.path = pathlib.Path(directory) / 'sms.jsonl'
        self.lock = threading.Lock()

    def add(self, to, text, sender):
        message = {'id': uuid.uuid4().hex, 'to': to, 'text': text,
            'sender': sender, 'time': time.time()}
        with self.lock, self.path.open('a', encoding='utf-8') as file:
            file.write(json.dumps(message, ensure_ascii=False) + '\n')
        return message

    def messages(self, to=None):
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding='utf-8').splitlines()
        messages = [json.loads(line) for line in lines if line]
        return [m for m in messages if to is None or m['to'] == to]


class SMSGateway:
    "The SMS gateway server; start() and stop() it, read it with SMSOutbox"

    def __init__(self, directory, host='127.0.0.1', port=8026):
        handler = type('BoundHandler', (Handler,), {
                'outbox': SMSOutbox(directory)})
        self.server = ThreadingHTTPServer((host, port), handler)
        self.url = f'http://{host}:{self.server.server_address[1]}'
        self.thread = threading.Thread(
            target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
