# This file is part of the MyCar partner platform.
"""Garage's channels of the outbox: the Partners' CRM and 1C, and the
fiscaliser."""
from trytond.pool import PoolMeta

from .crm import send_crm
from .fiscaliser import send_receipt
from .onec import send_onec


class Message(metaclass=PoolMeta):
    __name__ = 'mycar.outbox.message'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.channel.selection.extend([
                ('crm', "Partner's CRM"),
                ('onec', "Partner's 1C"),
                ('fiscaliser', "Fiscaliser (OFD)"),
                ])

    @classmethod
    def _get_origins(cls):
        return super()._get_origins() + [
            'mycar.garage.request', 'mycar.garage.order']

    @classmethod
    def _senders(cls):
        return {**super()._senders(), 'crm': send_crm, 'onec': send_onec,
            'fiscaliser': send_receipt}
