# This file is part of the MyCar partner platform.
"""What the message gateways (SMS, push, messenger) share."""
from trytond.config import config

from trytond.modules.mycar_partner.gateway import HTTPAdapter


class MessageGateway(HTTPAdapter):
    "Sends a message; raises GatewayError when the gateway does not accept"

    def __init__(self):
        super().__init__()
        self.sender = config.get(self.section, 'sender', default='MyCar')

    def send(self, to, text, key=None, **extra):
        """Send text to the recipient to, once per idempotency key; return
        the gateway's message id"""
        answer = self.call('/send', {
                'to': to, 'text': text, 'sender': self.sender, **extra},
            recipient=to, key=key)
        try:
            return answer['id']
        except (KeyError, TypeError) as error:
            raise self.failed(to, error) from error
