# This file is part of the MyCar partner platform.
import datetime as dt
import hashlib
import secrets

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from . import calendar, kz
from .exceptions import InvalidIdentifier
from .model import public_url
from .report import MycarReport, send_email

INVITATION_DAYS = 7


def staff_group():
    return Pool().get('ir.model.data').get_id(
        'mycar_partner', 'group_mycar_staff')


def role_id(role):
    "The res.role of an application employee's role"
    xml_id = 'role_partner_%s' % role.removeprefix('partner_')
    return Pool().get('ir.model.data').get_id('mycar_partner', xml_id)


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    partner_services = fields.Many2Many(
        'res.user-mycar.service', 'user', 'service', "MyCar Services",
        readonly=True,
        help="The services the Partner gave this employee access to.")
    invited_date = fields.DateTime(
        "Login Sent", readonly=True,
        help="When the e-mail with the link to set a password was sent.")
    invitation_hash = fields.Char("Invitation Hash", readonly=True)
    invitation_expire = fields.DateTime("Invitation Expires", readonly=True)
    mycar_staff = fields.Function(fields.Boolean(
            "MyCar Staff", help="A user of MyCar's own staff groups."),
        'get_mycar_staff', searcher='search_mycar_staff')

    @classmethod
    def get_mycar_staff(cls, users, name):
        staff = {u.id for u in cls.search(
                [('id', 'in', [u.id for u in users])] + [cls.staff_domain()])}
        return {u.id: u.id in staff for u in users}

    @classmethod
    def search_mycar_staff(cls, name, clause):
        _, operator, value = clause[:3]
        if (operator == '=') == bool(value):
            return cls.staff_domain()
        return [('id', 'not in', [u.id for u in cls.search(
                        cls.staff_domain())])]

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

    @classmethod
    def sync_partner_users(cls, agreements):
        """Each employee of an agreement's current edition has an active
        user with the role's groups; the others are deactivated (§3.3)"""
        pool = Pool()
        Licence = pool.get('mycar.partner.licence')
        Employee = pool.get('company.employee')
        Party = pool.get('party.party')
        companies = [a.company for a in agreements]
        with Transaction().set_context(active_test=False):
            existing = {u.login: u for u in cls.search([
                        ('company', 'in', [c.id for c in companies]),
                        ])}
        integrated = Licence.integrated_services(companies)
        to_save, to_invite, listed, staff = [], [], set(), []
        for agreement in agreements:
            for employee in agreement.edition.employees:
                user = existing.get(employee.email)
                if not user:
                    user = cls.new_partner_user(agreement.company, employee)
                    staff.append(user.employee)
                user.update_from_employee(employee)
                to_save.append(user)
                listed.add(employee.email)
                if (not getattr(user, 'invited_date', None)
                        and set(employee.services)
                        & integrated[agreement.company]):
                    to_invite.append(user)
        for login, user in existing.items():
            if login not in listed and user.active:
                user.active = False
                to_save.append(user)
        Party.save([e.party for e in staff])
        Employee.save(staff)
        cls.save(to_save)
        cls.invite(to_invite)

    @classmethod
    def new_partner_user(cls, company, employee):
        "A user of the Partner, with its company employee, both unsaved"
        pool = Pool()
        Employee = pool.get('company.employee')
        Party = pool.get('party.party')
        staff = Employee(company=company, party=Party(name=employee.name))
        return cls(login=employee.email, company=company,
            companies=[company], employees=[staff], employee=staff)

    def update_from_employee(self, employee):
        pool = Pool()
        UserRole = pool.get('res.user.role')
        self.name = employee.name
        self.email = employee.email
        self.active = True
        self.partner_services = list(employee.services)
        role = role_id(employee.role)
        if [r.role.id for r in getattr(self, 'roles', [])] != [role]:
            if getattr(self, 'id', None) and self.id > 0:
                UserRole.delete(list(self.roles))
            self.roles = [UserRole(role=role)]

    @classmethod
    def invite(cls, users):
        """E-mail each user a one-time link to set their password; the
        password itself never travels by e-mail (§2.7, §3.5)"""
        pool = Pool()
        Invitation = pool.get('res.user.email_invitation', type='report')
        now = calendar.now()
        tokens = {}
        for user in users:
            tokens[user] = secrets.token_urlsafe(32)
            user.invitation_hash = token_hash(tokens[user])
            user.invitation_expire = now + dt.timedelta(days=INVITATION_DAYS)
            user.invited_date = now
        cls.save(users)
        for user, token in tokens.items():
            Invitation.send(user, token)

    @classmethod
    def set_password_with_token(cls, token, password):
        "Set the password of the user the link was sent to; return it"
        now = calendar.now()
        users = cls.search([
                ('invitation_hash', '=', token_hash(token or '')),
                ('invitation_expire', '>', now),
                ('active', '=', True),
                ], limit=1)
        if not users:
            return None
        user, = users
        cls.write([user], {
                'password': password,
                'invitation_hash': None,
                'invitation_expire': None,
                })
        return user


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    signatory_iin = fields.Char("Signatory's IIN", size=12,
        help="The IIN of the person who signs the Partner's documents: "
        "when set, only their certificate (with the Partner's BIN) signs "
        "for the Partner; else any certificate with the Partner's BIN.")

    @classmethod
    def validate_fields(cls, companies, field_names):
        super().validate_fields(companies, field_names)
        if field_names is None or 'signatory_iin' in field_names:
            for company in companies:
                if (company.signatory_iin
                        and not kz.is_valid_iin(company.signatory_iin)):
                    raise InvalidIdentifier(gettext(
                            'mycar_partner.msg_signatory_iin_invalid',
                            iin=company.signatory_iin,
                            company=company.rec_name))

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

    @classmethod
    def members_of(cls, companies, group):
        """{company: [e-mail]} of the companies' users in the group (an XML
        id of mycar_partner, e.g. group_partner_accountant)"""
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        result = {}
        for user in User.search([
                    ('company', 'in', [c.id for c in companies]),
                    ('groups', '=', ModelData.get_id('mycar_partner', group)),
                    ('email', '!=', None),
                    ]):
            result.setdefault(user.company, []).append(user.email)
        return result

    @classmethod
    def create_partners(cls, applications):
        "The Partners' companies, from their applications (P1)"
        pool = Pool()
        Party = pool.get('party.party')
        parties = [Party.from_application(a) for a in applications]
        Party.save(parties)
        Party.add_bank_accounts(parties, applications)
        # in MyCar's currency: until accepted, applications are MyCar's
        companies = [cls(party=p, currency=a.company.currency,
                timezone='Asia/Almaty')
            for p, a in zip(parties, applications)]
        cls.save(companies)
        return companies


class EmailInvitation(MycarReport):
    __name__ = 'res.user.email_invitation'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        transaction = Transaction()
        context['link'] = '%s/%s/mycar/set-password?token=%s' % (
            public_url(), transaction.database.name,
            transaction.context.get('invitation_token', ''))
        context['expire_days'] = INVITATION_DAYS
        return context

    @classmethod
    def send(cls, user, token):
        with Transaction().set_context(invitation_token=token):
            send_email(cls, user, user.email, user.languages)
