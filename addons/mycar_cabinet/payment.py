# This file is part of the MyCar partner platform.
"""Payments of cabinet documents through the payment organisation (G6,
G9, S4, M5)."""
import json
from decimal import Decimal, InvalidOperation

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.model import public_url
from trytond.modules.mycar_partner.outbox import new_key

from .client import cabinet_url
from .exceptions import PaymentError, PaymentForged
from .payment_organisation import PaymentOrganisation


class PaymentRequest(ModelSQL, ModelView):
    "Payment of a cabinet document"
    __name__ = 'mycar.payment.request'
    __string__ = "Payment Request"

    document = fields.Many2One('mycar.cabinet.document', "Document",
        required=True, readonly=True, ondelete='CASCADE')
    amount = fields.Numeric("Amount (KZT)", digits=(16, 2), required=True,
        readonly=True, domain=[('amount', '>', 0)])
    merchant_order = fields.Char("Order ID", required=True, readonly=True,
        help="The platform's id of the payment at the organisation: the "
        "same however often it is asked to open it.")
    payment_id = fields.Char("Payment ID", readonly=True)
    page_url = fields.Char("Payment Page", readonly=True)
    state = fields.Selection([
            ('pending', "Pending"),
            ('paid', "Paid"),
            ('discrepancy', "Amount Differs"),
            ('failed', "Not Opened"),
            ], "State", required=True, readonly=True,
        help="\"Amount Differs\": the organisation confirmed another amount "
        "or currency than requested; the document is not paid, MyCar's "
        "staff settle it. \"Not Opened\": the organisation could not be "
        "reached to open it.")
    received_amount = fields.Char("Confirmed Amount", readonly=True,
        help="The amount and currency of the organisation's callback.")
    paid_date = fields.DateTime("Paid", readonly=True)
    callback = fields.Text("Callback", readonly=True,
        help="The payment organisation's signed callback, as received.")

    def get_rec_name(self, name):
        return f'{self.document.rec_name} · {self.amount} ₸'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls.__access__.add('document')
        cls._sql_constraints += [
            ('payment_id_unique', Unique(t, t.payment_id),
                'mycar_cabinet.msg_payment_id_unique'),
            ('merchant_order_unique', Unique(t, t.merchant_order),
                'mycar_cabinet.msg_payment_id_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.document, Index.Equality())))

    @classmethod
    def request(cls, documents, amounts, return_url=None):
        """Open a payment at the organisation for each document's amount,
        through the outbox (its page is known once it answers); the payer
        comes back to return_url, else to the document's page in the
        cabinet ([mycar_cabinet] url), else to the platform's page"""
        Message = Pool().get('mycar.outbox.message')
        organisation = PaymentOrganisation()
        database = Transaction().database.name
        base = f'{organisation.platform_url or public_url()}/{database}'
        cabinet = cabinet_url()
        requests = [cls(document=d, amount=a, merchant_order=new_key(),
                state='pending') for d, a in zip(documents, amounts)]
        cls.save(requests)
        Message.queue([Message(channel='payment', key=r.merchant_order,
                    recipient=r.document.rec_name,
                    company=r.document.company, origin=r, payload={
                        'order_id': r.merchant_order, 'amount': str(r.amount),
                        'description': r.document.name,
                        'callback_url': f'{base}/mycar/payment/callback',
                        'return_url': return_url or (
                            f'{cabinet}/documents/{r.document.id}'
                            if cabinet else f'{base}/mycar/payment/done'),
                        })
                for r in requests])
        return requests

    @classmethod
    def outbox_sent(cls, messages):
        "The organisation opened the payments: their pages"
        for message in messages:
            message.origin.payment_id = message.answer['payment_id']
            message.origin.page_url = message.answer['page_url']
            if message.origin.state == 'failed':  # opened when retried
                message.origin.state = 'pending'
        cls.save([m.origin for m in messages])

    @classmethod
    def outbox_failed(cls, messages):
        cls.write([m.origin for m in messages], {'state': 'failed'})

    @classmethod
    def receive_callback(cls, body, signature):
        """Record a signed callback of the payment organisation; a replay
        changes nothing. The document is paid only when the amount and
        currency confirmed are those requested; else the request keeps the
        discrepancy for MyCar's staff. Return the request."""
        Document = Pool().get('mycar.cabinet.document')
        if not PaymentOrganisation().is_authentic(body, signature):
            raise PaymentForged(gettext('mycar_cabinet.msg_payment_forged'))
        try:
            data = json.loads(body)
            payment_id, status = str(data['payment_id']), data['status']
        except (ValueError, KeyError, TypeError):
            raise PaymentError(gettext('mycar_cabinet.msg_payment_malformed'))
        requests = cls.search([('payment_id', '=', payment_id)], limit=1)
        if not requests:
            raise PaymentError(gettext(
                    'mycar_cabinet.msg_payment_unknown', payment=payment_id))
        # concurrent replays wait here, then see the first one's result
        cls.lock(requests)
        request = cls(requests[0].id)
        if status != 'paid' or request.state == 'paid':
            return request
        amount, currency = data.get('amount'), data.get('currency', 'KZT')
        values = {
            'received_amount': f'{amount} {currency}',
            'callback': body.decode('utf-8', 'replace'),
            }
        if request.confirms(amount, currency):
            values.update(state='paid', paid_date=calendar.now())
            cls.write([request], values)
            Document.pay([request.document])
        elif request.state != 'discrepancy':
            values['state'] = 'discrepancy'
            cls.write([request], values)
        return request

    def confirms(self, amount, currency):
        "Whether a confirmed amount and currency are those requested"
        try:
            amount = Decimal(str(amount))
        except (InvalidOperation, ValueError):
            return False
        return currency == 'KZT' and amount == self.amount
