# This file is part of the MyCar partner platform.
from trytond.model import DeactivableMixin, ModelSQL, ModelView, Unique, fields


class Service(DeactivableMixin, ModelSQL, ModelView):
    "A MyCar service a Partner holds licences for"
    __name__ = 'mycar.service'
    __string__ = "Service"

    code = fields.Char("Code", required=True, readonly=True)
    name = fields.Char("Name", required=True, translate=True)
    annex = fields.Char("Annex", help="The annex of the agreement.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('code_unique', Unique(t, t.code),
                'mycar_partner.msg_service_code_unique'),
            ]
        cls._order = [('code', 'ASC'), ('id', 'ASC')]


class UserService(ModelSQL):
    "Service a Partner's user has access to"
    __name__ = 'res.user-mycar.service'
    __string__ = "User Service"

    user = fields.Many2One(
        'res.user', "User", required=True, ondelete='CASCADE')
    service = fields.Many2One(
        'mycar.service', "Service", required=True, ondelete='CASCADE')
