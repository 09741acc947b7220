# This file is part of the MyCar partner platform.
"""What the HTTP message gateways (SMS, push, messenger) share: each is
configured in its own trytond.conf section

    [mycar_sms]
    url = http://127.0.0.1:8026
    sender = MyCar
    timeout = 10
"""
import json
import logging
import urllib.request

from trytond.config import config
from trytond.i18n import gettext

from .exceptions import GatewayError

logger = logging.getLogger(__name__)


class MessageGateway:
    "Sends a message; raises GatewayError when the gateway does not accept"
    section = None

    def __init__(self):
        self.url = config.get(self.section, 'url', default='')
        self.sender = config.get(self.section, 'sender', default='MyCar')
        self.timeout = config.getfloat(self.section, 'timeout', default=10)

    def send(self, to, text, **extra):
        "Send text to the recipient to; return the gateway's message id"
        if not self.url:
            raise GatewayError(gettext(
                    'mycar_cabinet.msg_gateway_not_configured',
                    gateway=self.section))
        body = {'to': to, 'text': text, 'sender': self.sender, **extra}
        request = urllib.request.Request(
            self.url.rstrip('/') + '/send', data=json.dumps(body).encode(),
            headers={'Content-Type': 'application/json'})
        try:
            with urllib.request.urlopen(
                    request, timeout=self.timeout) as response:
                return json.load(response)['id']
        except (OSError, ValueError, KeyError) as error:
            logger.warning("%s to %s failed: %s", self.section, to, error)
            raise GatewayError(gettext(
                    'mycar_cabinet.msg_gateway_failed', recipient=to,
                    gateway=self.section)) from error
