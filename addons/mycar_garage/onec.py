# This file is part of the MyCar partner platform.
"""The adapter to a Partner's 1C (A3 §1.2.1, §2.2): MyCar posts a webhook
on every change of a work order to the URL the Partner gives; the timeout
is in trytond.conf

    [mycar_onec]
    timeout = 10
"""
from trytond.modules.mycar_cabinet.gateway import HTTPAdapter


class PartnerOneC(HTTPAdapter):
    "Posts an event to the Partner's 1C; returns 1C's id for it"
    section = 'mycar_onec'

    def send(self, event, recipient):
        answer = self.call('', event, recipient=recipient)
        try:
            return str(answer['id'])
        except (KeyError, TypeError) as error:
            raise self.failed(recipient, error) from error
