# This file is part of the MyCar partner platform.
"""Clients' mobile numbers, in the E.164 form (+77011234567)."""
import phonenumbers
from trytond.i18n import gettext

from .exceptions import InvalidPhone

REGION = 'KZ'
MOBILE = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }


def normalise(number):
    """The E.164 form of a mobile number, read as Kazakh when it has no
    country code (8 701 … and 701 … are +7 701 …)"""
    try:
        parsed = phonenumbers.parse(number or '', REGION)
    except phonenumbers.NumberParseException:
        parsed = None
    if (parsed is None or not phonenumbers.is_valid_number(parsed)
            or phonenumbers.number_type(parsed) not in MOBILE):
        raise InvalidPhone(gettext(
                'mycar_cabinet.msg_phone_invalid', number=number or ''))
    return phonenumbers.format_number(
        parsed, phonenumbers.PhoneNumberFormat.E164)
