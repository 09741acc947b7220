# This file is part of the MyCar partner platform.
from trytond.pool import PoolMeta


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('mycar.garage.request|flag_late_callbacks',
                "Flag the Partners Late in Calling Clients Back"))
