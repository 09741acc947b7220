# This file is part of the MyCar partner platform.
from trytond.exceptions import UserError


class LoyaltyError(UserError):
    pass
