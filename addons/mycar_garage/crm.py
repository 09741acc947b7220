# This file is part of the MyCar partner platform.
"""The adapter to a Partner's CRM (A3 §3.2.1): each Partner gives the URL
its CRM receives requests at; the timeout is in trytond.conf

    [mycar_crm]
    timeout = 10
"""
from trytond.modules.mycar_partner.gateway import HTTPAdapter


class PartnerCRM(HTTPAdapter):
    "Posts a service request to the Partner's CRM; returns the CRM's id"
    section = 'mycar_crm'

    def send(self, body, recipient, key):
        answer = self.call('', body, recipient=recipient, key=key)
        try:
            return str(answer['id'])
        except (KeyError, TypeError) as error:
            raise self.failed(recipient, error) from error


def crm_body(request):
    "What the Partner's CRM receives of a service request"
    return {
        'number': request.number,
        'client': request.party.name,
        'mobile': request.party.client_mobile,
        'vehicle': {
            'vin': request.vehicle.vin,
            'plate': request.vehicle.plate,
            'make': request.vehicle.make,
            'model': request.vehicle.model,
            'year': request.vehicle.year,
            },
        'wished_date': request.wished_date.isoformat(),
        'problem': request.problem,
        'submitted': request.submitted_date.isoformat() + 'Z',
        }


def send_crm(message):
    "The outbox's sender of the crm channel (recipient: the CRM's URL)"
    crm = PartnerCRM(message.recipient)
    return {'id': crm.send(message.payload, message.recipient, message.key)}
