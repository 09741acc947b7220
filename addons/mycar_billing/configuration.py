# This file is part of the MyCar partner platform.
"""What billing needs to know: who issues the acts, their numbering."""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta


class Configuration(metaclass=PoolMeta):
    __name__ = 'mycar.partner.configuration'

    billing_company = fields.Many2One('company.company', "MyCar Company",
        help="The company that issues acts and invoices to the Partners.")
    act_sequence = fields.Many2One(
        'ir.sequence', "Act Sequence", required=True)

    @classmethod
    def default_act_sequence(cls):
        return Pool().get('ir.model.data').get_id(
            'mycar_billing', 'sequence_act')
