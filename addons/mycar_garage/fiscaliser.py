# This file is part of the MyCar partner platform.
"""The adapter to the software fiscaliser and its fiscal data operator
(OFD), A3 §1.3.7, §2.2.4

    [mycar_fiscal]
    url = http://127.0.0.1:8035
    timeout = 10
"""
from trytond.modules.mycar_cabinet.gateway import HTTPAdapter


class Fiscaliser(HTTPAdapter):
    "Registers a fiscal receipt; returns (number, fiscal sign, check URL)"
    section = 'mycar_fiscal'

    def register(self, reference, tin, total, items):
        answer = self.call('/api/receipts', {
                'reference': reference, 'tin': tin, 'total': str(total),
                'items': items}, recipient=reference)
        try:
            return (answer['number'], answer['fiscal_sign'],
                answer['check_url'])
        except (KeyError, TypeError) as error:
            raise self.failed(reference, error) from error
