# This file is part of the MyCar partner platform.
"""The dealers selling online (M3, A6 §3.1.4): each gives its name and
location within 1 working day of joining (A6 §3.3.1) and its contract
templates within 1 working day (A6 §3.3.2); the buyer chooses among those
listed."""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval

from trytond.modules.mycar_partner import calendar, clauses
from trytond.modules.mycar_partner.model import HidesForbiddenButtons

from .exceptions import DealerError


class Company(HidesForbiddenButtons, metaclass=PoolMeta):
    __name__ = 'company.company'

    dealer_city = fields.Char("Dealer City",
        help="Where buyers find the dealer in the list of dealers selling "
        "online (A6 §3.1.4).")
    dealer_address = fields.Char("Dealer Address")
    dealer_listed = fields.DateTime("Listed as a Dealer", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'list_dealer': {
                    'invisible': Bool(Eval('dealer_listed')),
                    'depends': ['dealer_listed'],
                    },
                })

    @classmethod
    @ModelView.button
    def list_dealer(cls, companies):
        "The dealer's name and location join the list (A6 §3.3.1)"
        Licence = Pool().get('mycar.partner.licence')
        for company in companies:
            if not (company.dealer_city and company.dealer_address):
                raise DealerError(gettext(
                        'mycar_marketplace.msg_dealer_location',
                        dealer=company.rec_name))
        cls.write(companies, {'dealer_listed': calendar.now()})
        Licence.services_provided(companies, [clauses.MARKETPLACE_DEALER])

    @classmethod
    def online_dealers(cls):
        "The dealers listed, with a live Marketplace licence, by name"
        Licence = Pool().get('mycar.partner.licence')
        return sorted({c.company for c in Licence.search([
                        ('service.code', '=', 'marketplace'),
                        ('end_date', '=', None),
                        ('company.dealer_listed', '!=', None)])},
            key=lambda c: c.rec_name)


class Licence(metaclass=PoolMeta):
    "A dealer's first marketplace licence starts its two clocks (A6 §3.3)"
    __name__ = 'mycar.partner.licence'

    @classmethod
    def _accession_clocks(cls):
        return {**super()._accession_clocks(), 'marketplace': [
                (clauses.MARKETPLACE_DEALER,
                    'mycar_marketplace.msg_clock_dealer'),
                (clauses.MARKETPLACE_TEMPLATE,
                    'mycar_marketplace.msg_clock_templates')]}

    @classmethod
    def templates_submitted(cls, versions):
        "A dealer's first marketplace template meets its clock"
        super().templates_submitted(versions)
        cls.services_provided(
            list({v.template.company for v in versions
                    if v.template.service == 'marketplace'}),
            [clauses.MARKETPLACE_TEMPLATE])


class Template(metaclass=PoolMeta):
    "A dealer's templates of the buyers' purchases (A6 §3.3.2)"
    __name__ = 'mycar.sales.template'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.service.selection.append(('marketplace', "New-car marketplace"))

    @property
    def update_clause(self):
        "A6 §3.3.3: an update at least 10 working days before its use"
        return clauses.MARKETPLACE_TEMPLATE_UPDATE \
            if self.service == 'marketplace' else super().update_clause
