# This file is part of the MyCar partner platform.

from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.model import HidesForbiddenButtons


class Company(HidesForbiddenButtons, metaclass=PoolMeta):
    __name__ = 'company.company'

    garage_crm_url = fields.Char("CRM URL for Service Requests",
        help="Where the Partner's CRM receives the clients' online "
        "service requests (A3 §3.2.1); by e-mail only when empty.")
    garage_webhook_url = fields.Char("1C Webhook URL",
        help="Where the Partner's 1C receives a webhook on every change "
        "of a work order; none when empty.")
    garage_order_sequence = fields.Many2One(
        'ir.sequence', "Work Order Sequence", readonly=True,
        domain=[('company', '=', Eval('id', -1))],
        help="The Partner's own numbering of work orders, made with its "
        "first order from MyCar's template.")
    callbacks_flagged_date = fields.DateTime(
        "Flagged for Late Callbacks", readonly=True,
        help="When the Partner was late more than allowed in calling "
        "clients back within 30 minutes (A3 §3.4): MyCar may stop "
        "sending its notifications.")

    notifications_stopped_date = fields.DateTime(
        "Notifications Stopped", readonly=True,
        help="MyCar stopped sending the Partner's notifications for "
        "repeated late callbacks (A3 §3.4).")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'stop_notifications': {
                    'invisible': Bool(Eval('notifications_stopped_date')),
                    'depends': ['notifications_stopped_date'],
                    },
                'resume_notifications': {
                    'invisible': ~Eval('notifications_stopped_date'),
                    'depends': ['notifications_stopped_date'],
                    },
                })

    @classmethod
    @ModelView.button
    def stop_notifications(cls, companies):
        "MyCar stops the Partners' notifications (A3 §3.4)"
        Pool().get('mycar.notification').stop_of(companies)
        cls.write(companies, {'notifications_stopped_date':
                calendar.now()})

    @classmethod
    @ModelView.button
    def resume_notifications(cls, companies):
        "The Partners may submit notifications again"
        cls.write(companies, {'notifications_stopped_date': None,
                'callbacks_flagged_date': None})

    @classmethod
    def garage_partners(cls, companies=None):
        """The companies (all if None) holding a Garage licence in force
        whose integration is done: they take online requests"""
        pool = Pool()
        Licence = pool.get('mycar.partner.licence')
        domain = [
            ('service.code', '=', 'garage'), ('end_date', '=', None),
            ('integration_date', '!=', None),
            ]
        if companies is not None:
            domain.append(('company', 'in', [c.id for c in companies]))
        # one list of records: their names are read together
        companies = cls.browse(sorted({c.company.id
                    for c in Licence.search(domain)}))
        return sorted(companies, key=lambda c: c.rec_name)
