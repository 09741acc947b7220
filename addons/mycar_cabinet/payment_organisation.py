# This file is part of the MyCar partner platform.
"""The payment organisation's adapter ([mycar_payment] in trytond.conf):
url of its API, secret, the key its callbacks are signed with, and
platform_url, where the organisation reaches the platform back."""
import hashlib
import hmac
import json
import logging
import urllib.request

from trytond.config import config
from trytond.i18n import gettext

from .exceptions import GatewayError

logger = logging.getLogger(__name__)
SECTION = 'mycar_payment'


class PaymentOrganisation:
    def __init__(self):
        self.url = config.get(SECTION, 'url', default='').rstrip('/')
        self.secret = config.get(SECTION, 'secret', default='')
        self.timeout = config.getfloat(SECTION, 'timeout', default=10)
        self.platform_url = config.get(
            SECTION, 'platform_url', default='').rstrip('/')

    def create(self, order_id, amount, description, callback_url,
            return_url):
        "A payment on the organisation's page; (payment id, page URL)"
        if not self.url:
            raise GatewayError(gettext(
                    'mycar_cabinet.msg_gateway_not_configured',
                    gateway=SECTION))
        body = json.dumps({
                'order_id': order_id, 'amount': str(amount),
                'description': description, 'callback_url': callback_url,
                'return_url': return_url}).encode()
        request = urllib.request.Request(self.url + '/api/payments',
            data=body, headers={'Content-Type': 'application/json'})
        try:
            with urllib.request.urlopen(
                    request, timeout=self.timeout) as response:
                answer = json.load(response)
            return answer['payment_id'], answer['page_url']
        except (OSError, ValueError, KeyError) as error:
            logger.warning("payment %s: %s", order_id, error)
            raise GatewayError(gettext(
                    'mycar_cabinet.msg_gateway_failed',
                    recipient=order_id, gateway=SECTION)) from error

    def is_authentic(self, body, signature):
        "Whether a callback's body was signed with the shared secret"
        if not self.secret or not signature:
            return False
        expected = hmac.new(
            self.secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature)
