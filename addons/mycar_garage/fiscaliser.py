# This file is part of the MyCar partner platform.
"""The adapter to the software fiscaliser and its fiscal data operator
(OFD), A3 §1.3.7, §2.2.4

    [mycar_fiscal]
    url = http://127.0.0.1:8035
    timeout = 10
"""
from trytond.modules.mycar_partner.gateway import HTTPAdapter


class Fiscaliser(HTTPAdapter):
    "Registers a fiscal receipt; returns (number, fiscal sign, check URL)"
    section = 'mycar_fiscal'

    def register(self, receipt, key):
        reference = receipt['reference']
        answer = self.call('/api/receipts', receipt, recipient=reference,
            key=key)
        try:
            return (answer['number'], answer['fiscal_sign'],
                answer['check_url'])
        except (KeyError, TypeError) as error:
            raise self.failed(reference, error) from error


def send_receipt(message):
    "The outbox's sender of the fiscaliser channel"
    number, sign, url = Fiscaliser().register(message.payload, message.key)
    return {'number': number, 'fiscal_sign': sign, 'check_url': url}
