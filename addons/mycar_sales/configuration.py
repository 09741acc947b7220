# This file is part of the MyCar partner platform.
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval


class Configuration(metaclass=PoolMeta):
    __name__ = 'mycar.partner.configuration'

    sales_deal_sequence = fields.Many2One(
        'ir.sequence', "Sale Sequence", required=True,
        help="The template each Partner's own numbering of sales is copied "
        "from at its first sale.")

    @classmethod
    def default_sales_deal_sequence(cls):
        return Pool().get('ir.model.data').get_id(
            'mycar_sales', 'sequence_deal')


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    sales_deal_sequence = fields.Many2One(
        'ir.sequence', "Sale Sequence", readonly=True,
        domain=[('company', '=', Eval('id', -1))],
        help="The Partner's own numbering of sales, made with its first "
        "sale from MyCar's template.")
