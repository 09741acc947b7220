# This file is part of the MyCar partner platform.
"""Payments of cabinet documents through the payment organisation (G6,
G9, S4, M5)."""
import json

from trytond.config import config
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from trytond.transaction import Transaction
from trytond.url import http_host

from trytond.modules.mycar_partner import calendar

from .exceptions import PaymentError
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
            ], "State", required=True, readonly=True)
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
        changes nothing. Return the request."""
        Document = Pool().get('mycar.cabinet.document')
        if not PaymentOrganisation().is_authentic(body, signature):
            raise PaymentError(gettext('mycar_cabinet.msg_payment_forged'))
        try:
            data = json.loads(body)
            payment_id, status = data['payment_id'], data['status']
        except (ValueError, KeyError, TypeError):
            raise PaymentError(gettext('mycar_cabinet.msg_payment_forged'))
        requests = cls.search([('payment_id', '=', payment_id)], limit=1)
        if not requests:
            raise PaymentError(gettext(
                    'mycar_cabinet.msg_payment_unknown', payment=payment_id))
        request, = requests
        if status == 'paid' and request.state != 'paid':
            cls.write([request], {
                    'state': 'paid', 'paid_date': calendar.now(),
                    'callback': body.decode('utf-8', 'replace')})
            Document.pay([request.document])
        return request
