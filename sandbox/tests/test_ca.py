# This file is part of the MyCar partner platform.
"""The sandbox certification centre: its signer's page signs the exact
bytes registered (a PDF has line breaks), as the platform verifies."""
import base64
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from cryptography import x509

from sandbox.ca import CertificationCentre
from sandbox.server import free_port
from trytond.modules.mycar_cabinet import cms

PDF = b'%PDF-1.7\n1 0 obj\r\n<< /Type /Catalog >>\nendobj\n\x00\xff%%EOF\n'


@pytest.fixture
def centre(tmp_path):
    server = CertificationCentre(tmp_path, port=free_port()).start()
    yield server
    server.stop()


def call(url, body=None):
    request = urllib.request.Request(url, data=json.dumps(body).encode()
        if body is not None else None,
        headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def http_error_303(self, request, response, code, message, headers):
        return response


def test_signers_page_signs_the_registered_bytes(centre, tmp_path):
    reference = call(f'{centre.url}/api/documents', {
            'title': 'Акт № 1', 'data': base64.b64encode(PDF).decode()})['id']
    back = 'http://cabinet.test/documents/1/signed'
    page_url = f'{centre.url}/sign/{reference}?' + urllib.parse.urlencode(
        {'return': back})
    with urllib.request.urlopen(page_url, timeout=5) as response:
        page = response.read().decode()
    assert 'Акт № 1' in page and back in page

    form = urllib.parse.urlencode({'name': 'Иван Петров',
            'iin': '900515400123', 'return': back}).encode()
    response = urllib.request.build_opener(NoRedirect).open(
        urllib.request.Request(page_url, data=form),  # the form's action

        timeout=5)
    assert response.status == 303 and response.headers['Location'] == back

    signature, = call(
        f'{centre.url}/api/documents/{reference}/signatures')['signatures']
    ca = x509.load_pem_x509_certificate((tmp_path / 'ca.pem').read_bytes())
    certificate = cms.verify(base64.b64decode(signature['cms']), PDF, ca)
    assert 'Иван Петров' in certificate.subject.rfc4514_string()
    with pytest.raises(cms.SignatureInvalid):
        cms.verify(base64.b64decode(signature['cms']), PDF + b'x', ca)


def test_signers_page_needs_name_and_iin(centre):
    reference = call(f'{centre.url}/api/documents', {
            'title': 'Акт', 'data': base64.b64encode(PDF).decode()})['id']
    request = urllib.request.Request(f'{centre.url}/sign/{reference}',
        data=b'name=&iin=&return=/')
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=5)
    assert error.value.code == 400
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f'{centre.url}/sign/unknown', timeout=5)
    assert error.value.code == 404
