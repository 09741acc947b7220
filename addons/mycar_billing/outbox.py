# This file is part of the MyCar partner platform.
"""Billing's channel of the outbox (the IS ESF), and the acts as origins
of the outbox's messages and of the documents' flow."""
from trytond.pool import PoolMeta

from .isesf import send_esf


class Message(metaclass=PoolMeta):
    __name__ = 'mycar.outbox.message'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.channel.selection.append(('esf', "IS ESF"))

    @classmethod
    def _get_origins(cls):
        return super()._get_origins() + [
            'mycar.billing.act', 'mycar.billing.esf']

    @classmethod
    def _senders(cls):
        return {**super()._senders(), 'esf': send_esf}


class Document(metaclass=PoolMeta):
    __name__ = 'mycar.cabinet.document'

    @classmethod
    def _get_origins(cls):
        return super()._get_origins() + ['mycar.billing.act']
