# This file is part of the MyCar partner platform.
"""The adapter of the information system of electronic invoices (IS ESF),
[mycar_esf] in trytond.conf: url of its API, timeout.

    upload(xml, key) -> ('registered', registration number)
                 | ('declined', the system's reason)"""
from trytond.modules.mycar_partner.gateway import HTTPAdapter

SECTION = 'mycar_esf'


class ESFService(HTTPAdapter):
    section = SECTION
    timeout_default = 20

    def upload(self, xml, key=None):
        answer = self.call('/api/invoices', data=xml, recipient='IS ESF',
            content_type='application/xml', answered={422}, key=key)
        try:
            if answer['status'] == 'REGISTERED':
                return 'registered', answer['registrationNumber']
            return 'declined', answer.get('reason') or ''
        except (KeyError, TypeError) as error:
            raise self.failed('IS ESF', error) from error


def send_esf(message):
    "The outbox's sender of the esf channel: the IS ESF's answer"
    outcome, answer = ESFService().upload(message.data, message.key)
    return {'outcome': outcome, 'answer': answer}
