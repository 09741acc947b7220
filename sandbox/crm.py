# This file is part of the MyCar partner platform.
"""A Partner's CRM stand-in (A3 §3.2.1): a real HTTP server on loopback
that receives the clients' online service requests MyCar forwards.

    POST /<crm>/requests  {"number", "client", "mobile", ...}
                          -> 201 {"id": "CRM-<n>"}; the same number again
                          -> 200 with the same id (the CRM deduplicates)
    GET  /<crm>/requests  -> the requests received, oldest first

A CRM named "down" answers 503, as a CRM out of service."""
import json
import pathlib
import threading

from .server import Handler as BaseHandler
from .server import ThreadedServer


class Handler(BaseHandler):
    """Receives JSON objects at POST /<name>/<collection>, each once by its
    key field, and lists them at GET; a name "down" answers 503"""
    store = None
    collection = None
    key = None
    prefix = None

    def target(self):
        parts = self.path.strip('/').split('/')
        if len(parts) != 2 or parts[1] != self.collection:
            return None
        return parts[0]

    def do_GET(self):
        name = self.target()
        if name is None:
            return self.send_error(404)
        self.reply_json(200, self.store.received(name))

    def do_POST(self):
        name = self.target()
        if name is None:
            return self.send_error(404)
        if name == 'down':
            return self.reply_json(503, {'error': 'out of service'})
        try:
            length = int(self.headers.get('Content-Length', 0))
            item = json.loads(self.rfile.read(length))
            key = item[self.key]
        except (ValueError, KeyError, TypeError):
            return self.reply_json(400, {'error': f'{self.key} is required'})
        created, received = self.store.add(name, key, item, self.prefix)
        self.reply_json(201 if created else 200, {'id': received['id']})


class Store:
    "What each receiver got, in one JSON file, once per key"

    def __init__(self, directory, name, key):
        self.path = pathlib.Path(directory) / f'{name}.json'
        self.key = key
        self.lock = threading.Lock()

    def load(self):
        if not self.path.exists():
            return {}
        return json.loads(self.path.read_text(encoding='utf-8'))

    def add(self, name, key, item, prefix):
        with self.lock:
            data = self.load()
            items = data.setdefault(name, [])
            for received in items:
                if received[self.key] == key:
                    return False, received
            received = {**item, 'id': f'{prefix}-{len(items) + 1}'}
            items.append(received)
            self.path.write_text(
                json.dumps(data, ensure_ascii=False), encoding='utf-8')
            return True, received

    def received(self, name):
        with self.lock:
            return self.load().get(name, [])


class Receiver(ThreadedServer):
    "A receiving server; start() and stop() it"
    name = collection = key = prefix = None

    def __init__(self, directory, host, port):
        self.store = Store(directory, self.name, self.key)
        super().__init__(type('BoundHandler', (Handler,), {
                    'store': self.store, 'collection': self.collection,
                    'key': self.key, 'prefix': self.prefix}), host, port)


class PartnerCRM(Receiver):
    "url + '/<crm>/requests' is a Partner's CRM URL"
    name, collection, key, prefix = 'crm', 'requests', 'number', 'CRM'

    def __init__(self, directory, host='127.0.0.1', port=8033):
        super().__init__(directory, host, port)
