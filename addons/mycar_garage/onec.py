# This file is part of the MyCar partner platform.
"""The adapter to a Partner's 1C (A3 §1.2.1, §2.2): MyCar posts a webhook
on every change of a work order to the URL the Partner gives; the timeout
is in trytond.conf

    [mycar_onec]
    timeout = 10
"""
from trytond.modules.mycar_partner.gateway import HTTPAdapter


class PartnerOneC(HTTPAdapter):
    "Posts an event to the Partner's 1C; returns 1C's id for it"
    section = 'mycar_onec'

    def send(self, event, recipient, key):
        answer = self.call('', event, recipient=recipient, key=key)
        try:
            return str(answer['id'])
        except (KeyError, TypeError) as error:
            raise self.failed(recipient, error) from error


def send_onec(message):
    "The outbox's sender of the onec channel (recipient: the 1C's URL)"
    onec = PartnerOneC(message.recipient)
    return {'id': onec.send(message.payload, message.recipient, message.key)}
