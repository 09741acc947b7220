# This file is part of the MyCar partner platform.
"""The adapters of the outside systems reached over HTTP: each is
configured in its own trytond.conf section

    [mycar_sms]
    url = http://127.0.0.1:8026
    sender = MyCar
    timeout = 10

Only the outbox (outbox.py) calls them to send; a call that reads (a
signature, a status) may be made at once."""
import json
import logging
import urllib.error
import urllib.request

from trytond.config import config
from trytond.i18n import gettext

from .exceptions import GatewayError

logger = logging.getLogger(__name__)


class HTTPAdapter:
    """An outside system reached over HTTP, configured in its trytond.conf
    section (url, timeout); each adapter names its section"""
    section = None
    timeout_default = 10

    def __init__(self, url=None):
        """url, when the system's address is not in the configuration (a
        Partner's own system)"""
        url = url or config.get(self.section, 'url', default='')
        self.url = url.rstrip('/')
        self.timeout = config.getfloat(
            self.section, 'timeout', default=self.timeout_default)

    def call(self, path, body=None, data=None, recipient=None,
            content_type='application/json', answered=(), key=None):
        """The JSON answer of the system to a POST of body (JSON) or data
        (bytes), or to a GET without either; an HTTP error whose status is
        in answered is an answer too. Anything else raises GatewayError.
        key, the idempotency key the system sees: a repeated POST with the
        same key is the same request to it."""
        if not self.url:
            raise GatewayError(gettext(
                    'mycar_partner.msg_gateway_not_configured',
                    gateway=self.section))
        if body is not None:
            data = json.dumps(body).encode()
        headers = {'Content-Type': content_type}
        if key:
            headers['Idempotency-Key'] = key
        request = urllib.request.Request(
            self.url + path, data=data, headers=headers)
        try:
            try:
                with urllib.request.urlopen(
                        request, timeout=self.timeout) as response:
                    return json.load(response)
            except urllib.error.HTTPError as error:
                if error.code not in answered:
                    raise
                return json.load(error)
        except (OSError, ValueError) as error:
            logger.warning("%s %s: %s", self.section, path, error)
            raise GatewayError(gettext(
                    'mycar_partner.msg_gateway_failed',
                    recipient=recipient or path,
                    gateway=self.section)) from error

    def failed(self, recipient, error):
        "The system answered what the adapter cannot read"
        logger.warning("%s %s: %s", self.section, recipient, error)
        return GatewayError(gettext('mycar_partner.msg_gateway_failed',
                recipient=recipient, gateway=self.section))

