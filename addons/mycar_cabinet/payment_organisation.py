# This file is part of the MyCar partner platform.
"""The payment organisation's adapter ([mycar_payment] in trytond.conf):
url of its API, secret, the key its callbacks are signed with, and
platform_url, where the organisation reaches the platform back."""
import hashlib
import hmac

from trytond.config import config

from trytond.modules.mycar_partner.gateway import HTTPAdapter

SECTION = 'mycar_payment'


class PaymentOrganisation(HTTPAdapter):
    section = SECTION

    def __init__(self):
        super().__init__()
        self.secret = config.get(SECTION, 'secret', default='')
        self.platform_url = config.get(
            SECTION, 'platform_url', default='').rstrip('/')

    def create(self, payment, key):
        """A payment on the organisation's page (payment: order_id, amount,
        description, callback_url, return_url), once per key; its id and
        page URL"""
        answer = self.call('/api/payments', payment,
            recipient=payment['order_id'], key=key)
        try:
            return answer['payment_id'], answer['page_url']
        except (KeyError, TypeError) as error:
            raise self.failed(payment['order_id'], error) from error

    def is_authentic(self, body, signature):
        "Whether a callback's body was signed with the shared secret"
        if not self.secret or not signature:
            return False
        expected = hmac.new(
            self.secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature)


def send_payment(message):
    "The outbox's sender of the payment channel"
    payment_id, page_url = PaymentOrganisation().create(
        message.payload, message.key)
    return {'payment_id': payment_id, 'page_url': page_url}
