# This file is part of the MyCar partner platform.
"""Message gateway stand-ins (SMS, push, messenger): real HTTP servers on
loopback that accept POST /send {"to", "text", ...} and keep every
message, where tests and people read them. A recipient listed in
FAILING_NUMBERS gets a 503, as a gateway that cannot deliver answers. A
request with an Idempotency-Key the gateway already accepted is answered
as the first was, and keeps no second message (each message records how
many times its key came)."""
import json
import pathlib
import threading
import time
import uuid

from .server import Handler as BaseHandler
from .server import ThreadedServer

FAILING_NUMBERS = {'+77000000000'}


class Handler(BaseHandler):
    outbox = None
    delay = 0  # seconds each message takes, as a slow gateway's

    def do_POST(self):
        if self.delay:  # (under libfaketime, even sleep(0) fails)
            time.sleep(self.delay)
        if self.path != '/send':
            self.send_error(404)
            return
        try:
            length = int(self.headers.get('Content-Length', 0))
            message = json.loads(self.rfile.read(length))
            to, text = message['to'], message['text']
        except (ValueError, KeyError, TypeError):
            return self.reply_json(400, {'error': 'to and text are required'})
        if to in FAILING_NUMBERS:
            return self.reply_json(503, {'error': 'delivery failed'})
        sent = self.outbox.add(to, text, message.get('sender', ''),
            key=self.headers.get('Idempotency-Key'),
            **{k: v for k, v in message.items()
                if k not in {'to', 'text', 'sender'}})
        self.reply_json(200, {'id': sent['id'], 'status': 'accepted'})


class Outbox:
    "The messages a gateway accepted, one JSON line each"
    channel = None

    def __init__(self, directory):
        self.path = pathlib.Path(directory) / f'{self.channel}.jsonl'
        self.lock = threading.Lock()

    def add(self, to, text, sender, key=None, **extra):
        """Keep the message, once per key; return it (the first one kept
        under key)"""
        message = {'id': uuid.uuid4().hex, 'to': to, 'text': text,
            'sender': sender, 'time': time.time(), 'key': key, **extra}
        with self.lock:
            if key:
                repeats = self.repeats()
                if key in repeats:
                    self._append(self.path.with_suffix('.repeats'),
                        {'key': key, 'time': message['time']})
                    return next(m for m in self.messages() if m['key'] == key)
            self._append(self.path, message)
        return message

    @staticmethod
    def _append(path, record):
        with path.open('a', encoding='utf-8') as file:
            file.write(json.dumps(record, ensure_ascii=False) + '\n')

    def repeats(self):
        """How many times each key came again after its message was
        kept"""
        counts = {m['key']: 0 for m in self.messages() if m.get('key')}
        path = self.path.with_suffix('.repeats')
        if path.exists():
            for line in path.read_text(encoding='utf-8').splitlines():
                counts[json.loads(line)['key']] += 1
        return counts

    def messages(self, to=None):
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding='utf-8').splitlines()
        messages = [json.loads(line) for line in lines if line]
        return [m for m in messages if to is None or m['to'] == to]


class SMSOutbox(Outbox):
    channel = 'sms'


class PushOutbox(Outbox):
    channel = 'push'


class MessengerOutbox(Outbox):
    channel = 'messenger'


class Gateway(ThreadedServer):
    "A gateway server; start() and stop() it, read it with its outbox"
    outbox = None

    def __init__(self, directory, host='127.0.0.1', port=8026, delay=0):
        super().__init__(type('BoundHandler', (Handler,), {
                    'outbox': self.outbox(directory), 'delay': delay}),
            host, port)


class SMSGateway(Gateway):
    outbox = SMSOutbox


class PushGateway(Gateway):
    outbox = PushOutbox


class MessengerGateway(Gateway):
    outbox = MessengerOutbox
