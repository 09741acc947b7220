# This file is part of the MyCar partner platform.
"""The software fiscaliser and fiscal data operator (OFD) stand-in (A3
§1.3.7, §2.2.4): a real HTTP server on loopback that registers a
Partner's fiscal receipt and gives its fiscal sign.

    POST /api/receipts {"reference", "tin", "total", "items": [...]}
        -> 201 {"number", "fiscal_sign", "check_url"}; the same reference
        of the same taxpayer (tin) again -> 200 with the same receipt (the
        fiscaliser deduplicates);
        items not adding up to the total -> 422 {"error"}
    GET  /api/receipts -> the receipts registered"""
import json
import pathlib
import threading
from decimal import Decimal, InvalidOperation

from .server import Handler as BaseHandler
from .server import ThreadedServer


class Handler(BaseHandler):
    ofd = None

    def do_GET(self):
        if self.path != '/api/receipts':
            return self.send_error(404)
        self.reply_json(200, self.ofd.receipts())

    def do_POST(self):
        if self.path != '/api/receipts':
            return self.send_error(404)
        try:
            length = int(self.headers.get('Content-Length', 0))
            receipt = json.loads(self.rfile.read(length))
            reference, tin = receipt['reference'], receipt['tin']
            total = Decimal(receipt['total'])
            items = sum(Decimal(i['amount']) for i in receipt['items'])
        except (ValueError, KeyError, TypeError, InvalidOperation):
            return self.reply_json(400, {
                    'error': 'reference, tin, total and items are required'})
        if items != total:
            return self.reply_json(422, {
                    'error': f'items add up to {items}, not {total}'})
        created, registered = self.ofd.register(reference, tin, receipt)
        self.reply_json(201 if created else 200, registered)


class OFD(ThreadedServer):
    "Start() and stop() it; its receipts are in <directory>/ofd.json"

    def __init__(self, directory, host='127.0.0.1', port=8035):
        self.path = pathlib.Path(directory) / 'ofd.json'
        self.lock = threading.Lock()
        super().__init__(type('BoundHandler', (Handler,), {'ofd': self}),
            host, port)

    def receipts(self):
        if not self.path.exists():
            return []
        return json.loads(self.path.read_text(encoding='utf-8'))

    def register(self, reference, tin, receipt):
        with self.lock:
            receipts = self.receipts()
            for known in receipts:
                if (known['reference'], known['tin']) == (reference, tin):
                    return False, known
            number = len(receipts) + 1
            registered = {**receipt, 'number': str(number),
                'fiscal_sign': f'{int(tin or 0) % 10**6:06d}{number:08d}',
                'check_url': f'{self.url}/check/{tin}/{number}'}
            receipts.append(registered)
            self.path.write_text(json.dumps(receipts, ensure_ascii=False),
                encoding='utf-8')
            return True, registered
