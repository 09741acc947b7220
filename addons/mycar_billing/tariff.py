# This file is part of the MyCar partner platform.
"""Tariffs of Annex 2, VAT included, with their validity (B1, §5.1)."""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pyson import Eval

from .exceptions import TariffError

KINDS = [
    ('licence', "Per licence per month"),
    ('document', "Per signed document"),
    ('percentage', "Percentage of the deal volume"),
    ]


class Tariff(ModelSQL, ModelView):
    "Tariff of a service"
    __name__ = 'mycar.billing.tariff'
    __string__ = "Tariff"

    service = fields.Many2One('mycar.service', "Service", required=True)
    kind = fields.Selection(KINDS, "Kind", required=True)
    kind_string = kind.translated('kind')
    amount = fields.Numeric("Amount (KZT, VAT included)", digits=(16, 2),
        states={
            'required': Eval('kind') != 'percentage',
            'invisible': Eval('kind') == 'percentage',
            },
        domain=['OR', ('amount', '=', None), ('amount', '>', 0)])
    percentage = fields.Numeric("Percentage", digits=(16, 4),
        states={
            'required': Eval('kind') == 'percentage',
            'invisible': Eval('kind') != 'percentage',
            },
        domain=['OR', ('percentage', '=', None),
            [('percentage', '>', 0), ('percentage', '<=', 100)]],
        help="Of the volume of deals made through the service (§5.1).")
    start_date = fields.Date("Start Date", required=True)
    end_date = fields.Date("End Date",
        domain=['OR', ('end_date', '=', None),
            ('end_date', '>=', Eval('start_date', None))])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.service, Index.Equality()),
                (t.start_date, Index.Range())))
        cls._order = [('service', 'ASC'), ('start_date', 'DESC'),
            ('id', 'DESC')]

    def get_rec_name(self, name):
        price = (f'{self.percentage} %' if self.kind == 'percentage'
            else f'{self.amount} ₸')
        return f'{self.service.rec_name}, {self.kind_string}: {price}'

    @classmethod
    def validate(cls, tariffs):
        super().validate(tariffs)
        cls.check_overlap(tariffs)

    @classmethod
    def check_overlap(cls, tariffs):
        "One tariff of a kind per service on any day"
        others = cls.search([
                ('service', 'in', list({t.service.id for t in tariffs})),
                ])
        for tariff in tariffs:
            for other in others:
                if other != tariff and overlap(tariff, other):
                    raise TariffError(gettext(
                            'mycar_billing.msg_tariff_overlap',
                            tariff=tariff.rec_name, other=other.rec_name))

    @classmethod
    def valid_on(cls, date):
        "The tariffs valid on date, by (service id, kind)"
        return {(t.service.id, t.kind): t for t in cls.search([
                    ('start_date', '<=', date),
                    ['OR', ('end_date', '=', None),
                        ('end_date', '>=', date)],
                    ])}


def overlap(tariff, other):
    "Whether the two tariffs price the same thing on a same day"
    return ((tariff.service, tariff.kind) == (other.service, other.kind)
        and other.start_date <= (tariff.end_date or dt.date.max)
        and tariff.start_date <= (other.end_date or dt.date.max))
