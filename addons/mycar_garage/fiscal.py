# This file is part of the MyCar partner platform.
"""Fiscal receipts (G11, A3 §1.3.7, §2.2.4), for the Partners that
enable them: a paid work order's receipt is registered through the
fiscaliser at the OFD and lands in the client's cabinet."""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta


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
        cls.fiscalise([o for o in orders if o.company.fiscal_receipts])

    @classmethod
    def fiscalise(cls, orders):
        """Register each paid order's receipt at the OFD through the
        outbox; once registered it goes to the cabinet"""
        Message = Pool().get('mycar.outbox.message')
        messages = []
        for order in orders:
            party = order.company.party
            messages.append(Message(channel='fiscaliser',
                    key=f'receipt-{order.id}', recipient=order.number,
                    company=order.company, origin=order, payload={
                        'reference': order.number,
                        'tin': (party.tax_identifier.code
                            if party.tax_identifier else ''),
                        'total': str(order.total_amount),
                        'items': order.receipt_items()}))
        Message.queue(messages)

    @classmethod
    def outbox_sent(cls, messages):
        "The OFD registered the receipts: to the cabinet"
        Document = Pool().get('mycar.cabinet.document')
        orders = []
        for message in messages:
            order = message.origin
            if message.channel == 'fiscaliser' and not order.receipt_document:
                order.fiscal_sign = message.answer['fiscal_sign']
                order.receipt_check_url = message.answer['check_url']
                orders.append(order)
        cls.save(orders)
        documents = Document.issue(cls.documents(orders, 'receipt'))
        for order, document in zip(orders, documents):
            order.receipt_document = document
        cls.save(orders)

    def receipt_items(self):
        return [{'name': line.description, 'quantity': str(line.quantity),
                'amount': str(line.amount)} for line in self.lines]
