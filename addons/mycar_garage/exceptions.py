# This file is part of the MyCar partner platform.
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class VehicleError(ValidationError):
    pass


class RequestError(UserError):
    pass


class OrderError(UserError):
    pass
