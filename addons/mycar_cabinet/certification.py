# This file is part of the MyCar partner platform.
"""The certification centre's adapter ([mycar_certification] in
trytond.conf): url of its API and ca_file, the CA certificate (PEM) the
platform trusts; never fetched from the centre itself."""
import base64
import logging
import urllib.parse

from cryptography import x509
from trytond.config import config
from trytond.i18n import gettext

from trytond.modules.mycar_partner.exceptions import GatewayError
from trytond.modules.mycar_partner.gateway import HTTPAdapter

logger = logging.getLogger(__name__)
SECTION = 'mycar_certification'


class CertificationCentre(HTTPAdapter):
    section = SECTION

    def __init__(self):
        super().__init__()
        self.ca_file = config.get(SECTION, 'ca_file', default='')

    def ca_certificate(self):
        try:
            with open(self.ca_file, 'rb') as file:
                return x509.load_pem_x509_certificate(file.read())
        except (OSError, ValueError) as error:
            logger.warning("CA certificate %r: %s", self.ca_file, error)
            raise GatewayError(gettext(
                    'mycar_partner.msg_gateway_not_configured',
                    gateway=SECTION)) from error

    def register(self, title, document, key=None):
        """Register the document to be signed, once per key; return its id
        at the centre"""
        answer = self.call('/api/documents', {
                'title': title,
                'data': base64.b64encode(document).decode()},
            recipient=title, key=key)
        try:
            return answer['id']
        except (KeyError, TypeError) as error:
            raise self.failed(title, error) from error

    def signing_page(self, reference, return_url):
        "Where the signer signs the document, then goes to return_url"
        query = urllib.parse.urlencode({'return': return_url})
        return f'{self.url}/sign/{reference}?{query}'

    def signatures(self, reference):
        "The CMS signatures of the document, in the order they were made"
        answer = self.call(f'/api/documents/{reference}/signatures')
        return [base64.b64decode(s['cms']) for s in answer['signatures']]


def send_registration(message):
    "The outbox's sender of the certification channel"
    return {'id': CertificationCentre().register(
            message.payload['title'], message.data, message.key)}
