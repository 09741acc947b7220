# This file is part of the MyCar partner platform.
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class InvalidPhone(ValidationError):
    pass


class NotificationError(UserError):
    pass


class OTPError(UserError):
    pass


class SignatureError(UserError):
    pass


class DocumentError(UserError):
    pass


class PaymentError(UserError):
    pass


class PaymentForged(PaymentError):
    "A callback the payment organisation did not sign"


class ConsentError(UserError):
    pass


class ModerationError(UserError):
    pass
