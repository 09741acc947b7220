# This file is part of the MyCar partner platform.
"""Kazakhstan's identifiers: BIN and IIN (12 digits with a check digit)."""
import datetime as dt
import re
from decimal import Decimal

EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")

FIRST_WEIGHTS = tuple(range(1, 12))
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def compact(number):
    return ''.join((number or '').split())


def check_digit(digits):
    """The 12th digit computed from the first 11, or None when the number
    cannot carry a valid one"""
    values = [int(d) for d in digits[:11]]
    for weights in (FIRST_WEIGHTS, SECOND_WEIGHTS):
        digit = sum(w * v for w, v in zip(weights, values)) % 11
        if digit != 10:
            return digit
    return None


def is_valid_12(number):
    "Whether number is 12 digits with a right check digit"
    number = compact(number)
    if len(number) != 12 or not number.isdigit():
        return False
    return check_digit(number) == int(number[11])


def is_valid_bin(number):
    """A business identification number: the 5th digit tells the kind of
    entity (4 resident legal entity, 5 non-resident, 6 branch)"""
    number = compact(number)
    return is_valid_12(number) and number[4] in '456'


def is_valid_iin(number):
    """An individual identification number: YYMMDD then the century and
    sex digit (1-6)"""
    number = compact(number)
    if not is_valid_12(number) or number[6] not in '123456':
        return False
    month, day = int(number[2:4]), int(number[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31


def is_valid_oked(code):
    "An OKED (general classifier of economic activities) code: 5 digits"
    code = (code or '').replace('.', '').strip()
    return len(code) == 5 and code.isdigit()


def is_valid_email(address):
    """A syntactically valid e-mail address: one @, a dotted domain, no
    spaces (deliverability is not checked: no network look-up)"""
    return bool(EMAIL.fullmatch(address or ''))


# Legal forms' abbreviations: a registered name reads "ТОО «Name»" in
# Russian and "«Name» ЖШС" in Kazakh
LEGAL_FORMS_KK = {
    'ТОО': 'ЖШС',  # limited liability partnership
    'АО': 'АҚ',  # joint-stock company
    'ИП': 'ЖК',  # individual entrepreneur
    'ПК': 'ӨК',  # production cooperative
    'ГУ': 'ММ',  # state institution
    'КГУ': 'КММ',  # municipal state institution
    'РГП': 'РМК',  # republican state enterprise
    'ГКП': 'МКК',  # state municipal enterprise
    'ОО': 'ҚБ',  # public association
    'ОФ': 'ҚҚ',  # public foundation
    }
RUSSIAN_LEGAL_NAME = re.compile(
    r'^(%s)\s+(«.+»|".+")$' % '|'.join(LEGAL_FORMS_KK))


def legal_name(name, language):
    """A legal entity's name in language: in Kazakh, the Russian form
    "ТОО «Name»" reads "«Name» ЖШС"; other names are left as they are"""
    if not name or not (language or '').startswith('kk'):
        return name
    match = RUSSIAN_LEGAL_NAME.match(name.strip())
    if not match:
        return name
    form, quoted = match.groups()
    return f'{quoted} {LEGAL_FORMS_KK[form]}'

KAZAKH_LEGAL_NAME = re.compile(r'^(«.+»|".+")\s+(%s)$' % '|'.join(
        LEGAL_FORMS_KK.values()))
RUSSIAN_LEGAL_FORMS = {kk: ru for ru, kk in LEGAL_FORMS_KK.items()}


def registered_name(text):
    """The Russian form of a name as Kazakh writes it ("«Name» ЖШС" is
    "ТОО «Name»"), wildcards around it kept; None for any other text"""
    if not isinstance(text, str):
        return None
    core = text.strip('%')
    match = KAZAKH_LEGAL_NAME.match(core.strip())
    if not match:
        return None
    quoted, form = match.groups()
    return text.replace(core, f'{RUSSIAN_LEGAL_FORMS[form]} {quoted}')


VIN_CHARACTERS = frozenset('0123456789ABCDEFGHJKLMNPRSTUVWXYZ')  # no I, O, Q


def normal_vin(value):
    "A VIN as stored: upper case, no spaces"
    return re.sub(r'\s+', '', value or '').upper()


def vin_problem(vin):
    """What is wrong with a VIN: ('length', its length), ('characters',
    the wrong ones), or None"""
    if len(vin) != 17:
        return 'length', str(len(vin))
    wrong = set(vin) - VIN_CHARACTERS
    if wrong:
        return 'characters', ', '.join(sorted(wrong))
    return None


# Kazakhstan's VAT rate, in per cent, from the day it applies
VAT_RATES = [(dt.date(2026, 1, 1), Decimal(16)), (dt.date.min, Decimal(12))]


def vat_rate(date):
    "The VAT rate in per cent on date (16 since 2026, 12 before)"
    return next(rate for start, rate in VAT_RATES if date >= start)


def vat_in(amount, rate):
    "The VAT a VAT-inclusive amount holds at rate per cent, to the tiyn"
    return (amount * rate / (100 + rate)).quantize(Decimal('0.01'))
