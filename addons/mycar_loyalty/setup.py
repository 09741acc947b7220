# This file is part of the MyCar partner platform.
"""Loyalty's set-up clocks (L5): joining starts the Partner's 3 working
days to give MyCar access to its 1C (A5 §2.2.1); once it has, MyCar has
3 working days to set the service up (A5 §3.1.1), met when the Partner's
programme is entered."""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval

from trytond.modules.mycar_partner import calendar, clauses
from trytond.modules.mycar_partner.model import HidesForbiddenButtons


class Licence(metaclass=PoolMeta):
    __name__ = 'mycar.partner.licence'

    @classmethod
    def _accession_clocks(cls):
        return {**super()._accession_clocks(), 'loyalty': [
                (clauses.LOYALTY_ACCESS, 'mycar_loyalty.msg_clock_access')]}


class Company(HidesForbiddenButtons, metaclass=PoolMeta):
    __name__ = 'company.company'

    loyalty_access = fields.DateTime("1C Access Given", readonly=True,
        help="When the Partner gave MyCar access to its 1C for the bonus "
        "programme (A5 §2.2.1): MyCar's 3 working days to set the "
        "service up start then (A5 §3.1.1).")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'give_loyalty_access': {
                    'invisible': Bool(Eval('loyalty_access')),
                    'depends': ['loyalty_access'],
                    },
                })

    @classmethod
    @ModelView.button
    def give_loyalty_access(cls, companies):
        """The Partner's part is done (A5 §2.2.1): MyCar's set-up clock
        starts on its Loyalty licence"""
        pool = Pool()
        Licence = pool.get('mycar.partner.licence')
        Deadline = pool.get('mycar.deadline')
        now = calendar.now()
        cls.write(companies, {'loyalty_access': now})
        Licence.services_provided(companies, [clauses.LOYALTY_ACCESS])
        licences = Licence.search([
                ('company', 'in', [c.id for c in companies]),
                ('service.code', '=', 'loyalty'), ('end_date', '=', None)])
        Deadline.start([clauses.LOYALTY_SETUP.clock(licence.company,
                    licence,
                    description=gettext('mycar_loyalty.msg_clock_setup'))
                for licence in licences], started=now)
