# This file is part of the MyCar partner platform.
from trytond.exceptions import UserError


class TemplateError(UserError):
    pass


class QuestionnaireError(UserError):
    pass


class DealError(UserError):
    pass
