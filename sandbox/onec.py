# This file is part of the MyCar partner platform.
"""A Partner's 1C stand-in (A3 §1.2.1, §2.2): it pushes clients, vehicles,
work orders, documents and history to MyCar's Partner API with its API
key, and receives MyCar's webhooks on every work order's change.

    POST /<partner>/webhooks  {"event", ...} -> 201 {"id": "1C-<n>"}; the
                              same event again -> 200 (1C deduplicates)
    GET  /<partner>/webhooks  -> the events received, oldest first

A partner named "down" answers 503, as a 1C out of service."""
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid

from .crm import Receiver


class OneC(Receiver):
    "url + '/<partner>/webhooks' is where a Partner's 1C takes webhooks"
    name, collection, key, prefix = 'onec', 'webhooks', 'event', '1C'

    def __init__(self, directory, host='127.0.0.1', port=8034):
        super().__init__(directory, host, port)


class Pusher:
    "What 1C sends to MyCar: JSON with the Partner's key, idempotently"

    def __init__(self, api_url, key, language='ru'):
        self.api_url, self.key, self.language = api_url, key, language

    def push(self, path, body, idempotency_key=None):
        "(status, answer) of MyCar to a POST of body"
        request = urllib.request.Request(
            self.api_url + urllib.parse.quote(path),
            data=json.dumps(body, ensure_ascii=False).encode(), headers={
                'Content-Type': 'application/json',
                'Authorization': f'Bearer {self.key}',
                'Accept-Language': self.language,
                'Idempotency-Key': idempotency_key or uuid.uuid4().hex})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            body = error.read()
            try:
                return error.code, json.loads(body or b'{}')
            except ValueError:  # an HTML error page
                return error.code, {'description': body.decode(
                            'utf-8', 'replace')}
