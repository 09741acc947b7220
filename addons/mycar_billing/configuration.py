# This file is part of the MyCar partner platform.
"""What billing needs to know: who issues the acts, their numbering."""
import contextlib

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .exceptions import BillingError


class Configuration(metaclass=PoolMeta):
    __name__ = 'mycar.partner.configuration'

    billing_payment_method = fields.Many2One(
        'account.invoice.payment.method', "Bank Payment Method",
        help="How the Partners' transfers to MyCar's bank account are "
        "booked.")
    act_sequence = fields.Many2One(
        'ir.sequence', "Act Sequence", required=True)

    @classmethod
    def default_act_sequence(cls):
        return Pool().get('ir.model.data').get_id(
            'mycar_billing', 'sequence_act')


def billing_company():
    "MyCar's company, which bills the Partners"
    company = Pool().get('mycar.partner.configuration')(1).billing_company
    if company is None:
        raise BillingError(gettext('mycar_billing.msg_no_billing_company'))
    return company


@contextlib.contextmanager
def in_mycar_books():
    """MyCar's own accounting, whoever triggers it (a Partner signing or
    paying): as the system, in MyCar's company; yields the company"""
    company = billing_company()
    with Transaction().set_user(0), Transaction().set_context(
            company=company.id, companies=[company.id]):
        yield company
