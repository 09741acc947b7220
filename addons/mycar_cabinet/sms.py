# This file is part of the MyCar partner platform.
"""The adapter of the SMS gateway, configured in trytond.conf:

    [mycar_sms]
    url = http://127.0.0.1:8026
    sender = MyCar
    timeout = 10
"""
import json
import logging
import urllib.error
import urllib.request

from trytond.config import config
from trytond.i18n import gettext

from .exceptions import SMSError

logger = logging.getLogger(__name__)
SECTION = 'mycar_sms'


class SMSGateway:
    "Sends a text message; raises SMSError when the gateway does not accept"

    def __init__(self):
        self.url = config.get(SECTION, 'url', default='')
        self.sender = config.get(SECTION, 'sender', default='MyCar')
        self.timeout = config.getfloat(SECTION, 'timeout', default=10)

    def send(self, to, text):
        "Send text to the E.164 number to; return the gateway's message id"
        if not self.url:
            raise SMSError(gettext('mycar_cabinet.msg_sms_not_configured'))
        request = urllib.request.Request(
            self.url.rstrip('/') + '/send',
            data=json.dumps({
                    'to': to, 'text': text, 'sender': self.sender}).encode(),
            headers={'Content-Type': 'application/json'})
        try:
            with urllib.request.urlopen(
                    request, timeout=self.timeout) as response:
                return json.load(response)['id']
        except (OSError, ValueError, KeyError) as error:
            logger.warning("SMS to %s failed: %s", to, error)
            raise SMSError(gettext(
                    'mycar_cabinet.msg_sms_failed', number=to)) from error
