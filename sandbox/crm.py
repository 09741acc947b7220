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
    store = None

    def crm(self):
        parts = self.path.strip('/').split('/')
        if len(parts) != 2 or parts[1] != 'requests':
            return None
        return parts[0]

    def do_GET(self):
        crm = self.crm()
        if crm is None:
            return self.send_error(404)
        self.reply_json(200, self.store.received(crm))

    def do_POST(self):
        crm = self.crm()
        if crm is None:
            return self.send_error(404)
        if crm == 'down':
            return self.reply_json(503, {'error': 'out of service'})
        try:
            length = int(self.headers.get('Content-Length', 0))
            request = json.loads(self.rfile.read(length))
            number = request['number']
        except (ValueError, KeyError, TypeError):
            return self.reply_json(400, {'error': 'number is required'})
        created, received = self.store.add(crm, number, request)
        self.reply_json(201 if created else 200, {'id': received['id']})


class Store:
    "The requests each CRM received, in one JSON file"

    def __init__(self, directory):
        self.path = pathlib.Path(directory) / 'crm.json'
        self.lock = threading.Lock()

    def load(self):
        if not self.path.exists():
            return {}
        return json.loads(self.path.read_text(encoding='utf-8'))

    def add(self, crm, number, request):
        with self.lock:
            data = self.load()
            requests = data.setdefault(crm, [])
            for received in requests:
                if received['number'] == number:
                    return False, received
            received = {**request, 'id': f'CRM-{len(requests) + 1}'}
            requests.append(received)
            self.path.write_text(
                json.dumps(data, ensure_ascii=False), encoding='utf-8')
            return True, received

    def received(self, crm):
        with self.lock:
            return self.load().get(crm, [])


class PartnerCRM(ThreadedServer):
    "Start() and stop() it; url + '/<crm>/requests' is a Partner's CRM URL"

    def __init__(self, directory, host='127.0.0.1', port=8033):
        self.store = Store(directory)
        super().__init__(type('BoundHandler', (Handler,), {
                    'store': self.store}), host, port)
