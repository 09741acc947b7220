# This file is part of the MyCar partner platform.
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class TariffError(ValidationError):
    pass


class BillingError(UserError):
    pass


class PaymentImportError(UserError):
    pass
