# This file is part of the MyCar partner platform.
from trytond.pool import PoolMeta

METHODS = [
    ('mycar.billing.act|bill_previous_month',
        "Issue the Acts of the Previous Month"),
    ('mycar.billing.act|fetch_signatures',
        "Take the Acts' Signatures from the Certification Centre"),
    ('mycar.billing.penalty|accrue', "Compute the Late Payment Penalties"),
    ('mycar.billing.reconciliation|reconcile_previous_quarter',
        "Issue the Reconciliation Acts of the Previous Quarter"),
    ]


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend(METHODS)
