# This file is part of the MyCar partner platform.
"""A certification centre stand-in shaped like the SIGEX flow: a document
is registered, each signer signs it, the platform fetches the signatures.

It really signs: a test CA (made on first start, kept in the data folder)
issues each signer a certificate, and the signature is a detached CMS
(PKCS#7) over the registered document, as a real centre returns.

    POST /api/documents                 {"title", "data": base64} -> {"id"}
    POST /api/documents/<id>/sign       {"name", "iin"} -> {"signature"}
    GET  /api/documents/<id>/signatures -> {"signatures": [{"cms", ...}]}
    GET  /ca.pem                        the CA certificate
    GET  /sign/<id>?return=<url>        the signer's page (as eGov Mobile
                                        or NCALayer would be); its form
    POST /sign/<id>                     signs, then sends to return
"""
import base64
import datetime as dt
import html
import json
import pathlib
import re
import threading
import urllib.parse
import urllib.request
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

from .server import Handler as BaseHandler
from .server import ThreadedServer

DAY = dt.timedelta(days=1)


def _name(common_name, serial=None, bin_=None):
    """A subject as NCA RK's: the person's IIN in SERIALNUMBER (IIN…); for
    an employee of a legal entity its BIN in OU (BIN…)"""
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        x509.NameAttribute(NameOID.COUNTRY_NAME, 'KZ')]
    if serial:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    if bin_:
        attributes.append(x509.NameAttribute(
                NameOID.ORGANIZATIONAL_UNIT_NAME, f'BIN{bin_}'))
    return x509.Name(attributes)


def _certificate(subject, issuer, public_key, signing_key, ca=False):
    now = dt.datetime.now(dt.timezone.utc)
    return (x509.CertificateBuilder()
        .subject_name(subject).issuer_name(issuer)
        .public_key(public_key).serial_number(x509.random_serial_number())
        .not_valid_before(now - DAY).not_valid_after(now + 365 * DAY)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None),
            critical=True)
        .sign(signing_key, hashes.SHA256()))


class Authority:
    "The test CA; its certificate is what the platform trusts"

    def __init__(self, directory):
        key_path = pathlib.Path(directory) / 'ca-key.pem'
        self.cert_path = pathlib.Path(directory) / 'ca.pem'
        if key_path.exists() and self.cert_path.exists():
            self.key = serialization.load_pem_private_key(
                key_path.read_bytes(), None)
            self.cert = x509.load_pem_x509_certificate(
                self.cert_path.read_bytes())
            return
        self.key = ec.generate_private_key(ec.SECP256R1())
        name = _name("MyCar Sandbox Certification Centre")
        self.cert = _certificate(
            name, name, self.key.public_key(), self.key, ca=True)
        key_path.write_bytes(self.key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption()))
        self.cert_path.write_bytes(
            self.cert.public_bytes(serialization.Encoding.PEM))

    def sign(self, data, name, iin, bin_=None):
        """A detached CMS over data by a signer certified now: a person
        (iin), or an employee of a legal entity (bin_)"""
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _certificate(_name(name, f'IIN{iin}', bin_), self.cert.subject,
            key.public_key(), self.key)
        return (pkcs7.PKCS7SignatureBuilder().set_data(data)
            .add_signer(cert, key, hashes.SHA256())
            .sign(serialization.Encoding.DER,
                [pkcs7.PKCS7Options.DetachedSignature,
                    pkcs7.PKCS7Options.Binary]))


class Handler(BaseHandler):
    authority = None
    documents = None
    keys = None
    lock = None

    def do_GET(self):
        path, _, query = self.path.partition('?')
        if match := re.fullmatch(r'/sign/(\w+)', path):
            return self.signing_page(match[1], urllib.parse.parse_qs(query))
        if self.path == '/ca.pem':
            data = self.authority.cert.public_bytes(
                serialization.Encoding.PEM)
            return self.reply(200, data, 'application/x-pem-file')
        match = re.fullmatch(r'/api/documents/([\w-]+)/signatures', self.path)
        if not match or match[1] not in self.documents:
            return self.reply_json(404, {'error': 'unknown document'})
        self.reply_json(200, {'signatures': [
                    {**s, 'cms': base64.b64encode(s['cms']).decode()}
                    for s in self.documents[match[1]]['signatures']]})

    def do_POST(self):
        data = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        path = self.path.partition('?')[0]
        if match := re.fullmatch(r'/sign/(\w+)', path):
            return self.sign_by_form(match[1], urllib.parse.parse_qs(
                    data.decode()))
        try:
            body = json.loads(data)
        except ValueError:
            return self.reply_json(400, {'error': 'malformed JSON'})
        if self.path == '/api/documents':
            return self.register(body)
        match = re.fullmatch(r'/api/documents/([\w-]+)/sign', self.path)
        if not match or match[1] not in self.documents:
            return self.reply_json(404, {'error': 'unknown document'})
        self.sign(match[1], body)

    def signing_page(self, document_id, query):
        document = self.documents.get(document_id)
        if document is None:
            return self.reply(404, b'unknown document', 'text/plain')
        back = html.escape(query.get('return', [''])[0])
        page = ('<!doctype html><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width">'
            '<title>Sandbox certification centre</title>'
            f'<h1>{html.escape(document["title"])}</h1>'
            f'<p>{len(document["signatures"])} signature(s)</p>'
            '<form method="post">'
            f'<input type="hidden" name="return" value="{back}">'
            '<label>Name <input name="name" id="name" required></label>'
            '<label>IIN <input name="iin" id="iin" required></label>'
            '<label>BIN (an organisation\'s key) <input name="bin" id="bin">'
            '</label>'
            '<button id="sign">Sign</button></form>')
        self.reply(200, page.encode(), 'text/html; charset=utf-8')

    def sign_by_form(self, document_id, form):
        if document_id not in self.documents:
            return self.reply(404, b'unknown document', 'text/plain')
        answer = {k: form.get(k, [''])[0] for k in ['name', 'iin']}
        if not all(answer.values()):
            return self.reply(400, b'name and iin required', 'text/plain')
        self.add_signature(self.documents[document_id], **answer,
            bin_=form.get('bin', [''])[0] or None)
        self.redirect(form.get('return', ['/'])[0])

    def register(self, body):
        try:
            data = base64.b64decode(body['data'], validate=True)
        except (KeyError, TypeError, ValueError):
            return self.reply_json(400, {'error': 'data is required'})
        key = self.headers.get('Idempotency-Key')
        with self.lock:
            document_id = self.keys.get(key) or uuid.uuid4().hex
            if key:
                self.keys[key] = document_id
            self.documents.setdefault(document_id, {
                    'title': body.get('title', ''), 'data': data,
                    'signatures': []})
        self.reply_json(200, {'id': document_id})

    def sign(self, document_id, body):
        if not body.get('name') or not body.get('iin'):
            return self.reply_json(400, {'error': 'name and iin required'})
        document = self.documents[document_id]
        self.add_signature(
            document, body['name'], body['iin'], body.get('bin'))
        self.reply_json(200, {'signature': len(document['signatures'])})

    def add_signature(self, document, name, iin, bin_=None):
        cms = self.authority.sign(document['data'], name, iin, bin_)
        with self.lock:
            document['signatures'].append({
                    'cms': cms, 'signer': name,
                    'signed_at': dt.datetime.now(dt.timezone.utc).isoformat(),
                    })


def sign_at(url, reference, name, iin, bin_=None):
    """What a signer does at the centre of url (their NCALayer or eGov
    Mobile would): sign the registered document reference, as a person
    (iin) or for the legal entity bin_"""
    request = urllib.request.Request(
        f'{url}/api/documents/{reference}/sign',
        data=json.dumps({'name': name, 'iin': iin, 'bin': bin_}).encode(),
        headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


class CertificationCentre(ThreadedServer):
    "The sandbox certification centre; start() and stop() it"

    def __init__(self, directory, host='127.0.0.1', port=8029):
        self.authority = Authority(directory)
        super().__init__(type('BoundHandler', (Handler,), {
                    'authority': self.authority, 'documents': {}, 'keys': {},
                    'lock': threading.Lock()}), host, port)
