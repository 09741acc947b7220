# This file is part of the MyCar partner platform.
"""Electronic invoices (ЭСФ) of MyCar's posted invoices, registered in the
IS ESF (§5.8, B5)."""
import hashlib
import logging

from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval

from trytond.modules.mycar_partner.model import (
    HidesForbiddenButtons,
    lock_waiting,
)
from trytond.modules.mycar_partner.party import bank_requisites, requisites

from .configuration import billing_company
from .esf_xml import invoice_xml

logger = logging.getLogger(__name__)
RESIDENT_LEGAL_ENTITY = '17'  # beneficiary code (КБе)


class ESF(HidesForbiddenButtons, Workflow, ModelSQL, ModelView):
    "Electronic invoice"
    __name__ = 'mycar.billing.esf'
    __string__ = "Electronic Invoice (ESF)"

    company = fields.Many2One(
        'company.company', "Partner", required=True, readonly=True)
    act = fields.Many2One('mycar.billing.act', "Act", required=True,
        readonly=True)
    invoice = fields.Many2One('account.invoice', "Invoice", required=True,
        readonly=True)
    number = fields.Char("Number", required=True, readonly=True)
    date = fields.Date("Date", required=True, readonly=True)
    turnover_date = fields.Date("Turnover Date", required=True,
        readonly=True)
    xml = fields.Text("XML", readonly=True)
    state = fields.Selection([
            ('draft', "To Send"),
            ('registered', "Registered"),
            ('declined', "Declined"),
            ], "State", required=True, readonly=True, sort=False)
    registration_number = fields.Char("Registration Number", readonly=True)
    declined_reason = fields.Text("Declined Because", readonly=True)
    last_error = fields.Char("Last Error", readonly=True)
    sent_date = fields.DateTime("Sent", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls.__access__.add('act')
        cls._sql_indexes.update({
                Index(t, (t.act, Index.Equality())),
                Index(t, (t.state, Index.Equality()),
                    where=t.state == 'draft'),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'registered'), ('draft', 'declined'),
            ('declined', 'registered'), ('declined', 'declined'),
            }
        cls._buttons.update({
                'send': {
                    'invisible': ~Eval('state').in_(['draft', 'declined']),
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    def get_rec_name(self, name):
        return self.registration_number or self.number

    @classmethod
    def issue(cls, acts):
        "The ESF of each invoiced act, sent through the outbox"
        esfs = [cls(company=a.company, act=a, invoice=a.invoice,
                number=a.invoice.number, date=a.invoice.invoice_date,
                turnover_date=a.period_end) for a in acts]
        cls.save(esfs)
        cls.send(esfs)
        return esfs

    @classmethod
    @ModelView.button
    def send(cls, esfs):
        """Send each ESF through the outbox, its XML made from the
        requisites as they are now; one still on its way is left to go"""
        pool = Pool()
        Message = pool.get('mycar.outbox.message')
        esfs = [e for e in esfs if e.state in {'draft', 'declined'}]
        lock_waiting(esfs)  # two clicks at once send one
        on_the_way = {m.origin for m in Message.search([
                    ('origin', 'in', [str(e) for e in esfs]),
                    ('state', '=', 'queued')])}
        esfs = [e for e in esfs if e not in on_the_way]
        seller = billing_company().party
        for esf in esfs:
            esf.xml = invoice_xml(esf.values(seller)).decode('utf-8')
        cls.save(esfs)
        # the same XML is the same message, however often it is sent
        Message.queue([Message(channel='esf', recipient=esf.number,
                    company=esf.company, origin=esf,
                    key=f'esf-{esf.id}-' + hashlib.sha256(
                        esf.xml.encode('utf-8')).hexdigest()[:32],
                    data=esf.xml.encode('utf-8'))
                for esf in esfs])

    @classmethod
    def outbox_sent(cls, messages):
        "The IS ESF's answers: registered, or declined with its reason"
        registered, declined = [], []
        for message in messages:
            esf, answer = message.origin, message.answer
            esf.sent_date, esf.last_error = message.sent_date, None
            if answer['outcome'] == 'registered':
                esf.registration_number = answer['answer']
                esf.declined_reason = None
                registered.append(esf)
            else:
                esf.declined_reason = answer['answer']
                declined.append(esf)
        cls.save(registered + declined)
        cls.register(registered)
        cls.decline(declined)

    @classmethod
    def outbox_failed(cls, messages):
        for message in messages:
            message.origin.last_error = (message.error or '')[:200]
        cls.save([m.origin for m in messages])

    @classmethod
    @Workflow.transition('registered')
    def register(cls, esfs):
        "The IS ESF registered them"

    @classmethod
    @Workflow.transition('declined')
    def decline(cls, esfs):
        "The IS ESF declined them, with its reason"

    def values(self, seller):
        "What the ESF of the seller (MyCar's party) says, for the XML"
        return {
            'date': self.date, 'num': self.number,
            'operatorFullname': seller.name,
            'turnoverDate': self.turnover_date,
            'customer': {**requisites(self.company.party),
                'countryCode': 'KZ'},
            'seller': {**requisites(seller),
                **bank_requisites(seller), 'kbe': RESIDENT_LEGAL_ENTITY},
            'contract': {'num': self.act.agreement.number,
                'date': self.act.agreement.effective_date},
            'currencyCode': 'KZT',
            'products': [{
                    'description': line.description,
                    'quantity': line.quantity,
                    'unitPrice': line.unit_price,
                    'priceWithoutTax': line.amount,
                    'ndsRate': int(self.act.vat_rate * 100),
                    'ndsAmount': line.origin.tax_amount,
                    'priceWithTax': line.origin.amount,
                    } for line in self.invoice.lines],
            }
