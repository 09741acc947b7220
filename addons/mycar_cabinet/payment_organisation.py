# This file is part of the MyCar partner platform.
"""The payment organisation's adapter ([mycar_payment] in trytond.conf):
url of its API, secret, the key its callbacks are signed with, and
platform_url, where the organisation reaches the platform back."""
import hashlib
import hmac

from trytond.config import config

from .gateway import HTTPAdapter

SECTION = 'mycar_payment'


class PaymentOrganisation(HTTPAdapter):
    section = SECTION

    def __init__(self):
        super().__init__()
        self.secret = config.get(SECTION, 'secret', default='')
        self.platform_url = config.get(
            SECTION, 'platform_url', default='').rstrip('/')

    def create(self, order_id, amount, description, callback_url,
            return_url):
        "A payment on the organisation's page; (payment id, page URL)"
        answer = self.call('/api/payments', {
                'order_id': order_id, 'amount': str(amount),
                'description': description, 'callback_url': callback_url,
                'return_url': return_url}, recipient=order_id)
        try:
            return answer['payment_id'], answer['page_url']
        except (KeyError, TypeError) as error:
            raise self.failed(order_id, error) from error

    def is_authentic(self, body, signature):
        "Whether a callback's body was signed with the shared secret"
        if not self.secret or not signature:
            return False
        expected = hmac.new(
            self.secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature)
