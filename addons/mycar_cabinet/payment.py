# This file is part of the MyCar partner platform.
"""Payments of cabinet documents through the payment organisation (G6,
G9, S4, M5)."""
import json
from decimal import Decimal, InvalidOperation

from trytond.config import config
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from trytond.transaction import Transaction
from trytond.url import http_host

from trytond.modules.mycar_partner import calendar

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
    payment_id = fields.Char("Payment ID", readonly=True)
    page_url = fields.Char("Payment Page", readonly=True)
    state = fields.Selection([
            ('pending', "Pending"),
            ('paid', "Paid"),
            ('discrepancy', "Amount Differs"),
            ], "State", required=True, readonly=True,
        help="\"Amount Differs\": the organisation confirmed another amount "
        "or currency than requested; the document is not paid, MyCar's "
        "staff settle it.")
    received_amount = fields.Char("Confirmed Amount", readonly=True,
        help="The amount and currency of the organisation's callback.")
    paid_date = fields.DateTime("Paid", readonly=True)
    callback = fields.Text("Callback", readonly=True,
        help="The payment organisation's signed callback, as received.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls.__access__.add('document')
        cls._sql_constraints += [
            ('payment_id_unique', Unique(t, t.payment_id),
                'mycar_cabinet.msg_payment_id_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.document, Index.Equality())))

    @classmethod
    def request(cls, documents, amounts, return_url=None):
        """Open a payment at the organisation for each document's amount;
        the payer comes back to return_url, else to the document's page in
        the cabinet ([mycar_cabinet] url), else to the platform's page"""
        organisation = PaymentOrganisation()
        database = Transaction().database.name
        base = f'{organisation.platform_url or http_host()}/{database}'
        cabinet = config.get('mycar_cabinet', 'url', default='').rstrip('/')
        requests = []
        for document, amount in zip(documents, amounts):
            back = return_url or (
                f'{cabinet}/documents/{document.id}' if cabinet
                else f'{base}/mycar/payment/done')
            payment_id, page_url = organisation.create(
                f'{database}-{document.id}', amount, document.name,
                f'{base}/mycar/payment/callback', back)
            requests.append(cls(document=document, amount=amount,
                    payment_id=payment_id, page_url=page_url,
                    state='pending'))
        cls.save(requests)
        return requests

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
