# This file is part of the MyCar partner platform.
"""Fiscal receipts (G11, A3 §1.3.7, §2.2.4), for the Partners that
enable them: a paid work order's receipt is registered through the
fiscaliser at the OFD and lands in the client's cabinet."""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta

from .fiscaliser import Fiscaliser


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    fiscal_receipts = fields.Boolean("Fiscal Receipts",
        help="A paid work order's receipt goes through the fiscaliser to "
        "the OFD and into the client's cabinet (A3 §1.3.7).")

    @classmethod
    def default_fiscal_receipts(cls):
        return False


class Order(metaclass=PoolMeta):
    __name__ = 'mycar.garage.order'

    fiscal_sign = fields.Char("Fiscal Sign", readonly=True)
    receipt_check_url = fields.Char("Receipt Check", readonly=True)
    receipt_document = fields.Many2One('mycar.cabinet.document',
        "Fiscal Receipt", readonly=True)

    @classmethod
    def paid(cls, orders):
        super().paid(orders)
        cls.__queue__.fiscalise(
            [o for o in orders if o.company.fiscal_receipts])

    @classmethod
    def fiscalise(cls, orders):
        """Register each paid order's receipt at the OFD (queued; retried
        while the fiscaliser does not answer), then send it to the
        cabinet"""
        Document = Pool().get('mycar.cabinet.document')
        fiscaliser = Fiscaliser()
        orders = [o for o in orders if not o.receipt_document]
        for order in orders:
            party = order.company.party
            _, order.fiscal_sign, order.receipt_check_url = (
                fiscaliser.register(order.number,
                    party.tax_identifier.code if party.tax_identifier
                    else '', order.total_amount, order.receipt_items()))
        cls.save(orders)
        documents = Document.from_origins(orders, 'receipt')
        for order, document in zip(orders, documents):
            order.receipt_document = document
        cls.save(orders)

    def receipt_items(self):
        return [{'name': line.description, 'quantity': str(line.quantity),
                'amount': str(line.amount)} for line in self.lines]
