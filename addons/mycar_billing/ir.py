# This file is part of the MyCar partner platform.
from trytond.pool import PoolMeta


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('mycar.billing.act|bill_previous_month',
                "Issue the Acts of the Previous Month"))
        cls.method.selection.append(
            ('mycar.billing.act|fetch_signatures',
                "Take the Acts' Signatures from the Certification Centre"))

