# This file is part of the MyCar partner platform.
"""The exchange with the Partner's 1C (G1, G9): work orders, documents and
service history pushed through the Partner API, and a webhook back to 1C
on every change of a work order."""
import datetime as dt
import logging

from sql.operators import Equal
from trytond.i18n import gettext
from trytond.model import Exclude, fields
from trytond.pool import Pool, PoolMeta

from trytond.modules.mycar_partner.calendar import ALMATY, to_utc

from .exceptions import OrderError

logger = logging.getLogger(__name__)


class Order(metaclass=PoolMeta):
    __name__ = 'mycar.garage.order'

    external_number = fields.Char("1C Number", readonly=True,
        help="The work order's number in the Partner's 1C.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints.append(('company_external_number_unique',
                Exclude(t, (t.company, Equal), (t.external_number, Equal)),
                'mycar_garage.msg_order_external_number_exists'))

    @classmethod
    def from_partner(cls, company, values):
        """The work order 1C pushed: its client, car and lines; sent to the
        client with the code when 1C asks"""
        pool = Pool()
        Line = pool.get('mycar.garage.order.line')
        cls.check_new_external(company, values['external_number'])
        client = values['client']
        order = cls.intake(company, client['name'], client['mobile'],
            values['vehicle'], description=values['description'],
            mileage=values['mileage'], source='api')
        order.external_number = values['external_number']
        order.save()
        Line.create([{**line, 'order': order.id} for line in values['lines']])
        if values['send']:
            cls.send([order])
        return cls(order.id)

    @classmethod
    def check_new_external(cls, company, number):
        "Refuse a 1C number already received, naming the order it made"
        known = cls.search([('company', '=', company.id),
                ('external_number', '=', number)], limit=1)
        if known:
            raise OrderError(gettext(
                    'mycar_garage.msg_order_external_number_unique',
                    external=number, order=known[0].rec_name))

    @classmethod
    def of_partner(cls, company, number):
        "The Partner's order of a 1C number, else refused"
        orders = cls.search([('company', '=', company.id),
                ('external_number', '=', number)], limit=1)
        if not orders:
            raise OrderError(gettext('mycar_garage.msg_order_external_unknown',
                    external=number))
        return orders[0]

    @classmethod
    def receive_document(cls, order, kind, pdf, name=None, name_kk=None):
        """1C's invoice, act or waybill of the order, to the cabinet: an
        invoice or an act moves the order on as the buttons do; a waybill
        has 1C's name, in Kazakh too when 1C gives one"""
        Document = Pool().get('mycar.cabinet.document')
        pdfs = {order.id: pdf}
        if kind == 'invoice':
            cls.check_state([order], {'accepted'}, 'msg_order_not_accepted')
            cls.invoice([order], pdfs=pdfs)
        elif kind == 'act':
            cls.check_state([order], {'in_progress'}, 'msg_order_act_early')
            cls.complete([order], pdfs=pdfs)
        else:
            documents = cls.documents([order], kind, pdfs, names=[name])
            Document.save(documents)
            Document.name_in('kk', documents, [name_kk])
            Document.issue(documents)
        return cls(order.id)

    @classmethod
    def import_history(cls, company, client, vehicle, entries):
        """Closed orders of the service done before, from 1C (G3); an entry
        received before is left as it is"""
        pool = Pool()
        Party = pool.get('party.party')
        Vehicle = pool.get('mycar.vehicle')
        party, = Party.register_clients(
            company, [(client['name'], client['mobile'])], source='api')
        car = Vehicle.register(company, party, vehicle)
        known = {o.external_number for o in cls.search([
                    ('company', '=', company.id),
                    ('external_number', 'in',
                        [e['external_number'] for e in entries]),
                    ])}
        # made as drafts with their lines, then closed as 1C closed them
        orders = [cls(company=company, party=party, vehicle=car,
                external_number=e['external_number'], from_history=True,
                mileage=e['mileage'], description=e['description'],
                done_date=to_utc(dt.datetime.combine(
                        e['date'], dt.time(12), ALMATY)),
                lines=[{'kind': 'work', 'description': e['description'],
                        'quantity': 1, 'unit_price': e['amount']}])
            for e in entries if e['external_number'] not in known]
        cls.set_number(orders)
        cls.write(orders, {'state': 'closed'})
        return orders

    @classmethod
    def on_modification(cls, mode, orders, field_names=None):
        super().on_modification(mode, orders, field_names=field_names)
        if mode == 'write' and 'state' in field_names:
            # not the history 1C itself sent
            cls.notify_partner([o for o in orders
                    if o.company.garage_webhook_url and not o.from_history])

    @classmethod
    def notify_partner(cls, orders):
        """The webhook of each order's state to its Partner's 1C, through
        the outbox (1C knows an event again by its id in the body)"""
        Message = Pool().get('mycar.outbox.message')
        Message.queue([Message(channel='onec',
                    recipient=o.company.garage_webhook_url,
                    company=o.company, origin=o, payload=o.webhook_event())
                for o in orders])

    def webhook_event(self):
        return {
            'event': f'{self.number}/{self.state}/{len(self.versions)}',
            'type': 'work_order.state',
            'number': self.number, 'external_number': self.external_number,
            'state': self.state,
            'total': str(self.total_amount),
            'accepted': (self.accepted_date.isoformat() + 'Z'
                if self.accepted_date else None),
            'documents': {kind: d.id for kind, d in [
                    ('work_order', self.order_document),
                    ('invoice', self.invoice_document),
                    ('act', self.act_document)] if d},
            }
