# This file is part of the MyCar partner platform.
from trytond.model import fields
from trytond.pool import Pool, PoolMeta


class Configuration(metaclass=PoolMeta):
    __name__ = 'mycar.partner.configuration'

    garage_request_sequence = fields.Many2One(
        'ir.sequence', "Service Request Sequence", required=True)

    garage_order_sequence = fields.Many2One(
        'ir.sequence', "Work Order Sequence", required=True,
        help="The template each Partner's own numbering of work orders is "
        "copied from at its first order.")

    @classmethod
    def default_garage_order_sequence(cls):
        return Pool().get('ir.model.data').get_id(
            'mycar_garage', 'sequence_order')

    @classmethod
    def default_garage_request_sequence(cls):
        return Pool().get('ir.model.data').get_id(
            'mycar_garage', 'sequence_request')
