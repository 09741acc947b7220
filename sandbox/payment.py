# This file is part of the MyCar partner platform.
"""A payment organisation stand-in: a hosted payment page and a signed
callback, as real payment organisations in Kazakhstan offer them.

    POST /api/payments  {"order_id", "amount", "description",
                         "callback_url", "return_url"}
                        -> {"payment_id", "page_url"}
    GET  /pay/<id>      the payment page; its button POSTs /pay/<id>
    POST /pay/<id>      pays: the callback is POSTed to callback_url with
                        X-Signature: hex HMAC-SHA256(secret, body), then
                        the payer is sent to return_url
"""
import hashlib
import hmac
import html
import json
import os
import re
import threading
import urllib.request
import uuid

from .server import Handler as BaseHandler
from .server import ThreadedServer


def secret():
    return os.environ.get('MYCAR_SANDBOX_PAYMENT_SECRET', 'sandbox-secret')


def sign(body):
    return hmac.new(secret().encode(), body, hashlib.sha256).hexdigest()


class Handler(BaseHandler):
    payments = None
    lock = None
    base_url = None

    def do_POST(self):
        length = int(self.headers.get('Content-Length', 0))
        body = self.rfile.read(length)
        if self.path == '/api/payments':
            return self.create(body)
        match = re.fullmatch(r'/pay/(\w+)', self.path)
        if not match or match[1] not in self.payments:
            return self.reply(404, b'unknown payment', 'text/plain')
        self.pay(self.payments[match[1]])

    def do_GET(self):
        match = re.fullmatch(r'/pay/(\w+)', self.path)
        if not match or match[1] not in self.payments:
            return self.reply(404, b'unknown payment', 'text/plain')
        payment = self.payments[match[1]]
        page = (f'<!doctype html><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width">'
            f'<title>Sandbox payment</title><h1>{payment["amount"]} ₸</h1>'
            f'<p>{html.escape(payment["description"])}</p>'
            f'<p id="status">{payment["status"]}</p>'
            f'<form method="post"><button id="pay">Pay</button></form>')
        self.reply(200, page.encode(), 'text/html; charset=utf-8')

    def create(self, body):
        try:
            request = json.loads(body)
            payment = {k: request[k] for k in [
                    'order_id', 'amount', 'callback_url', 'return_url']}
        except (ValueError, KeyError, TypeError):
            return self.reply_json(400, {'error': 'malformed request'})
        payment.update(description=request.get('description', ''),
            payment_id=uuid.uuid4().hex, status='pending')
        with self.lock:
            self.payments[payment['payment_id']] = payment
        self.reply_json(200, {'payment_id': payment['payment_id'],
                'page_url': f'{self.base_url}/pay/{payment["payment_id"]}'})

    def pay(self, payment):
        payment['status'] = 'paid'
        body = json.dumps({**{k: payment[k] for k in [
                        'payment_id', 'order_id', 'amount', 'status']},
                'currency': 'KZT'}).encode()
        callback = urllib.request.Request(payment['callback_url'], data=body,
            headers={'Content-Type': 'application/json',
                'X-Signature': sign(body)})
        try:
            with urllib.request.urlopen(callback, timeout=10):
                pass
        except OSError:
            payment['status'] = 'paid, callback failed'
        self.redirect(payment['return_url'])


class PaymentOrganisation(ThreadedServer):
    "The sandbox payment organisation; start() and stop() it"

    def __init__(self, directory, host='127.0.0.1', port=8030):
        handler = type('BoundHandler', (Handler,), {
                'payments': {}, 'lock': threading.Lock()})
        super().__init__(handler, host, port)
        handler.base_url = self.url
