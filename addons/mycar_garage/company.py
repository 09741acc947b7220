# This file is part of the MyCar partner platform.
from trytond.model import fields
from trytond.pool import Pool, PoolMeta


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    garage_crm_url = fields.Char("CRM URL for Service Requests",
        help="Where the Partner's CRM receives the clients' online "
        "service requests (A3 §3.2.1); by e-mail only when empty.")
    garage_webhook_url = fields.Char("1C Webhook URL",
        help="Where the Partner's 1C receives a webhook on every change "
        "of a work order; none when empty.")
    callbacks_flagged_date = fields.DateTime(
        "Flagged for Late Callbacks", readonly=True,
        help="When the Partner was late more than allowed in calling "
        "clients back within 30 minutes (A3 §3.4): MyCar may stop "
        "sending its notifications.")

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
        return sorted({c.company for c in Licence.search(domain)},
            key=lambda c: c.rec_name)
