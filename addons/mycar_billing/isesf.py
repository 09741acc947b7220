# This file is part of the MyCar partner platform.
"""The adapter of the information system of electronic invoices (IS ESF),
[mycar_esf] in trytond.conf: url of its API, timeout.

    upload(xml) -> ('registered', registration number)
                 | ('declined', the system's reason)"""
import json
import logging
import urllib.error
import urllib.request

from trytond.config import config
from trytond.i18n import gettext

from trytond.modules.mycar_cabinet.exceptions import GatewayError

logger = logging.getLogger(__name__)
SECTION = 'mycar_esf'


class ESFService:
    def __init__(self):
        self.url = config.get(SECTION, 'url', default='').rstrip('/')
        self.timeout = config.getfloat(SECTION, 'timeout', default=20)

    def upload(self, xml):
        if not self.url:
            raise GatewayError(gettext(
                    'mycar_cabinet.msg_gateway_not_configured',
                    gateway=SECTION))
        request = urllib.request.Request(self.url + '/api/invoices',
            data=xml, headers={'Content-Type': 'application/xml'})
        try:
            with urllib.request.urlopen(
                    request, timeout=self.timeout) as response:
                answer = json.load(response)
        except urllib.error.HTTPError as error:
            if error.code != 422:
                return self.failed(error)
            answer = json.load(error)
        except (OSError, ValueError) as error:
            return self.failed(error)
        if answer.get('status') == 'REGISTERED':
            return 'registered', answer['registrationNumber']
        return 'declined', answer.get('reason') or ''

    def failed(self, error):
        logger.warning("IS ESF upload: %s", error)
        raise GatewayError(gettext('mycar_cabinet.msg_gateway_failed',
                recipient='IS ESF', gateway=SECTION)) from error
