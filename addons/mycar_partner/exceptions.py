# This file is part of the MyCar partner platform.
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class InvalidIdentifier(ValidationError):
    pass


class InvalidBankNumber(ValidationError):
    pass


class InvalidOKED(ValidationError):
    pass


class CalendarError(UserError):
    pass


class ApplicationError(UserError):
    pass


class AgreementError(UserError):
    pass


class InvalidNotice(ValidationError):
    pass


class NoticeError(UserError):
    pass


class APIError(UserError):
    "A request the Partner API refuses (400), naming the field at fault"

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class GatewayError(UserError):
    "An outside system did not take a message: the outbox tries again"
    pass
