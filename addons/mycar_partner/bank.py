# This file is part of the MyCar partner platform.
from stdnum import iban
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import PoolMeta

from .exceptions import InvalidBankNumber

KZ_IBAN_LENGTH = 20


def is_valid_kz_iban(number):
    "A Kazakhstan IBAN: KZ, 20 characters, mod-97 check digits"
    number = iban.compact(number or '')
    return (number.startswith('KZ')
        and len(number) == KZ_IBAN_LENGTH
        and number[2:].isalnum()
        and iban.is_valid(number))


class AccountNumber(metaclass=PoolMeta):
    __name__ = 'bank.account.number'

    @fields.depends(methods=['check_kz_iban'])
    def pre_validate(self):
        # before the generic check, so a Kazakh IBAN gets the precise message
        self.check_kz_iban()
        super().pre_validate()

    @fields.depends('type', 'number')
    def check_kz_iban(self):
        if (self.type == 'iban'
                and iban.compact(self.number or '').startswith('KZ')
                and not is_valid_kz_iban(self.number)):
            raise InvalidBankNumber(gettext(
                    'mycar_partner.msg_iban_kz_invalid',
                    number=self.number))
