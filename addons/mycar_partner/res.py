# This file is part of the MyCar partner platform.
from trytond.pool import Pool, PoolMeta


def staff_group():
    return Pool().get('ir.model.data').get_id(
        'mycar_partner', 'group_mycar_staff')


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    @classmethod
    def staff_domain(cls):
        "Users in a MyCar staff group"
        group = staff_group()
        return ['OR', ('groups', '=', group), ('groups.parent', '=', group)]

    @classmethod
    def on_modification(cls, mode, users, field_names=None):
        super().on_modification(mode, users, field_names=field_names)
        if mode in {'create', 'write'} and (
                field_names is None or 'groups' in field_names):
            cls.grant_staff_companies(users)

    @classmethod
    def grant_staff_companies(cls, users):
        """MyCar staff serve every Partner: they belong to every company,
        which the company record rules then let them read."""
        Company = Pool().get('company.company')
        staff = cls.search([
                ('id', 'in', [u.id for u in users]),
                cls.staff_domain(),
                ])
        if staff:
            companies = Company.search([])
            to_add = [u for u in staff
                if set(u.companies) != set(companies)
                or u.company_filter != 'all']
            if to_add:
                cls.write(to_add, {
                        'companies': [('add', [c.id for c in companies])],
                        'company_filter': 'all',
                        })


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    @classmethod
    def on_modification(cls, mode, companies, field_names=None):
        super().on_modification(mode, companies, field_names=field_names)
        if mode == 'create':
            User = Pool().get('res.user')
            staff = User.search([User.staff_domain()])
            if staff:
                User.write(staff, {
                        'companies': [('add', [c.id for c in companies])],
                        })
