# This file is part of the MyCar partner platform.
"""The Partner's application (Annex 7) and its editions (§2, §3.3-3.4)."""

from stdnum import bic as stdnum_bic
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction

from . import calendar, clauses, kz
from .bank import is_valid_kz_iban
from .exceptions import ApplicationError
from .model import HidesForbiddenButtons

STATES = [
    ('draft', "Draft"),
    ('received', "Received"),
    ('accepted', "Accepted"),
    ('refused', "Refused"),
    ('superseded', "Superseded"),
    ]
REFUSAL_GROUNDS = [
    (None, ""),
    ('no_application', "No application received"),
    ('no_documents', "No founding documents received"),
    ('wrongly_filled', "Application wrongly filled"),
    ('breach', "Breach of the agreement or of the law"),
    ]
ROLES = [
    ('partner_admin', "Partner administrator"),
    ('service_advisor', "Service advisor"),
    ('sales_manager', "Sales manager"),
    ('loyalty_operator', "Loyalty operator"),
    ('accountant', "Accountant"),
    ]
DRAFT = {'readonly': Eval('state') != 'draft'}


class Application(HidesForbiddenButtons, Workflow, ModelSQL, ModelView):
    "Partner application"
    __name__ = 'mycar.partner.application'
    __string__ = "Partner Application"

    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True,
        help="MyCar until the application is accepted, then the Partner.")
    agreement = fields.Many2One(
        'mycar.partner.agreement', "Agreement", states=DRAFT,
        domain=[If(Eval('state') == 'draft',
                ('state', '=', 'active'), ())],
        help="For a new edition: the agreement it amends.")
    edition = fields.Integer("Edition No.", required=True, states=DRAFT)
    edition_date = fields.Date("Edition Date", required=True, states=DRAFT)
    full_name = fields.Char(
        "Full Name", required=True, states=DRAFT,
        help="The full name with the legal form.")
    short_name = fields.Char("Short Name", states=DRAFT)
    bin = fields.Char("BIN", required=True, size=12, states=DRAFT)
    residency = fields.Selection([
            ('resident', "Resident of Kazakhstan"),
            ('non_resident', "Non-resident"),
            ], "Residency", required=True, states=DRAFT)
    residency_string = residency.translated('residency')
    legal_address = fields.Text("Legal Address", required=True, states=DRAFT)
    actual_address = fields.Text(
        "Actual Address", states=DRAFT,
        help="Only when it differs from the legal address.")
    registration_document = fields.Char(
        "Registration Document", required=True, states=DRAFT)
    oked = fields.Char("OKED Code", required=True, size=6, states=DRAFT)
    bank_name = fields.Char("Bank", required=True, states=DRAFT)
    bic = fields.Char("BIC", required=True, size=11, states=DRAFT)
    iban = fields.Char("IBAN", required=True, size=34, states=DRAFT)
    contact_name = fields.Char("Contact Person", required=True, states=DRAFT)
    contact_position = fields.Char(
        "Contact Position", required=True, states=DRAFT)
    contact_phone = fields.Char("Contact Phone", required=True, states=DRAFT)
    email = fields.Char(
        "E-mail", required=True, states=DRAFT,
        help="MyCar sends the acceptance notice to this address.")
    signatory_name = fields.Char("Signatory", required=True, states=DRAFT)
    signatory_position = fields.Char(
        "Signatory Position", required=True, states=DRAFT)
    signatory_authority = fields.Char(
        "Authority Document", required=True, states=DRAFT,
        help="The document that empowers the signatory.")
    signature_date = fields.Date("Signature Date", required=True,
        states=DRAFT)
    services = fields.One2Many(
        'mycar.partner.application.service', 'application', "Services",
        states=DRAFT)
    employees = fields.One2Many(
        'mycar.partner.application.employee', 'application', "Employees",
        states=DRAFT)
    documents = fields.Function(
        fields.Integer("Founding Documents"), 'get_documents')
    state = fields.Selection(STATES, "State", required=True, readonly=True,
        sort=False)
    received_date = fields.DateTime("Received", readonly=True)
    received_by = fields.Many2One('res.user', "Received by", readonly=True)
    accepted_date = fields.Date(
        "Notice Date", readonly=True,
        help="The date of the acceptance notice: the agreement takes "
        "effect on it (§2.9).")
    accepted_by = fields.Many2One('res.user', "Accepted by", readonly=True)
    refusal_ground = fields.Selection(REFUSAL_GROUNDS, "Refusal Ground",
        states={
            'readonly': ~Eval('state').in_(['draft', 'received']),
            'invisible': ~Eval('state').in_(['draft', 'received', 'refused']),
            },
        help="The ground of §2.10 MyCar refuses on.")
    refusal_note = fields.Text("Refusal Note", states={
            'readonly': ~Eval('state').in_(['draft', 'received']),
            'invisible': ~Eval('state').in_(['draft', 'received', 'refused']),
            })

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('bin_edition_unique', Unique(t, t.bin, t.edition),
                'mycar_partner.msg_application_edition_unique'),
            ]
        cls._order = [
            ('edition_date', 'DESC NULLS FIRST'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'received'),
            ('draft', 'refused'),
            ('received', 'accepted'),
            ('received', 'refused'),
            ('accepted', 'superseded'),
            ('received', 'superseded'),
            ('superseded', 'accepted'),
            }
        cls._buttons.update({
                'receive': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'accept': {
                    'invisible': Eval('state') != 'received',
                    'depends': ['state'],
                    },
                'refuse': {
                    'invisible': ~Eval('state').in_(['draft', 'received']),
                    'readonly': ~Bool(Eval('refusal_ground')),
                    'depends': ['state', 'refusal_ground'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_residency(cls):
        return 'resident'

    @classmethod
    def default_edition_date(cls):
        return calendar.today()

    def get_rec_name(self, name):
        return gettext('mycar_partner.msg_application_rec_name',
            name=self.short_name or self.full_name, edition=self.edition)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('full_name', operator, value),
            ('short_name', operator, value),
            ('bin', operator, value),
            ]

    @classmethod
    def get_documents(cls, applications, name):
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        counts = dict.fromkeys([a.id for a in applications], 0)
        for attachment in Attachment.search([
                    ('resource', 'in', [str(a) for a in applications]),
                    ]):
            counts[attachment.resource.id] += 1
        return counts

    @classmethod
    def validate_fields(cls, applications, field_names):
        super().validate_fields(applications, field_names)
        for application in applications:
            application.check_requisites(field_names)
        if field_names is None or {'agreement', 'bin'} & field_names:
            cls.check_same_partner(applications)

    @classmethod
    def check_same_partner(cls, applications):
        """An edition amends its own Partner's agreement: same BIN, and
        filed by MyCar or by that Partner"""
        Agreement = Pool().get('mycar.partner.agreement')
        editions = [a for a in applications if a.agreement]
        partner_companies = {a.company for a in Agreement.search([
                    ('company', 'in', [e.company.id for e in editions]),
                    ])}
        for edition in editions:
            agreement = edition.agreement
            if (edition.bin != agreement.edition.bin
                    or (edition.company in partner_companies
                        and edition.company != agreement.company)):
                raise ApplicationError(gettext(
                        'mycar_partner.msg_application_other_partner',
                        application=edition.rec_name,
                        agreement=agreement.rec_name))

    def check_requisites(self, field_names=None):
        "Refuse a wrong BIN, IBAN, BIC, OKED code or e-mail by its name"
        checks = [
            ('bin', kz.is_valid_bin),
            ('iban', is_valid_kz_iban),
            ('bic', lambda v: stdnum_bic.is_valid(v or '')),
            ('oked', kz.is_valid_oked),
            ('email', kz.is_valid_email),
            ]
        for field, valid in checks:
            if field_names and field not in field_names:
                continue
            value = getattr(self, field)
            if value and not valid(value):
                raise ApplicationError(gettext(
                        'mycar_partner.msg_application_field_invalid',
                        field=self.__names__(field)['field'],
                        value=value, application=self.rec_name))

    @classmethod
    def check_complete(cls, applications):
        "What receiving needs: documents, services, consenting employees"
        for application in applications:
            if not application.documents:
                raise ApplicationError(gettext(
                        'mycar_partner.msg_application_no_documents',
                        application=application.rec_name))
            if not application.services:
                raise ApplicationError(gettext(
                        'mycar_partner.msg_application_no_services',
                        application=application.rec_name))
            for employee in application.employees:
                employee.check_consent()
            if application.agreement:
                application.agreement.check_active()

    @classmethod
    @ModelView.button
    @Workflow.transition('received')
    def receive(cls, applications):
        pool = Pool()
        Deadline = pool.get('mycar.deadline')
        Agreement = pool.get('mycar.partner.agreement')
        cls.check_complete(applications)
        cls.write(applications, {
                'received_date': calendar.now(),
                'received_by': Transaction().user,
                })
        Deadline.start([clauses.APPLICATION_REVIEW.clock(
                    a.company, a, description=a.rec_name)
                for a in applications])
        Agreement.apply_editions([a for a in applications if a.agreement])

    @classmethod
    @ModelView.button
    @Workflow.transition('accepted')
    def accept(cls, applications):
        pool = Pool()
        Agreement = pool.get('mycar.partner.agreement')
        Deadline = pool.get('mycar.deadline')
        cls.write(applications, {
                'accepted_date': calendar.today(),
                'accepted_by': Transaction().user,
                })
        Agreement.accede([a for a in applications if not a.agreement])
        Deadline.meet(applications, [clauses.APPLICATION_REVIEW])
        cls.send_acceptance_notice(applications)

    @classmethod
    @ModelView.button
    @Workflow.transition('refused')
    def refuse(cls, applications):
        pool = Pool()
        Agreement = pool.get('mycar.partner.agreement')
        Deadline = pool.get('mycar.deadline')
        for application in applications:
            if not application.refusal_ground:
                raise ApplicationError(gettext(
                        'mycar_partner.msg_application_refusal_ground',
                        application=application.rec_name))
        Deadline.meet(applications, [clauses.APPLICATION_REVIEW])
        Agreement.restore_editions(
            [a for a in applications if a.agreement and a.received_date])

    @classmethod
    @Workflow.transition('superseded')
    def supersede(cls, applications):
        pass

    @classmethod
    @Workflow.transition('accepted')
    def reinstate(cls, applications):
        "Back in force when the edition that replaced it is refused"
        pass

    @classmethod
    def file_employees(cls, company, employees):
        """A new draft edition of the Partner's current one, listing the
        employees its software sent (P3, §2.6)"""
        pool = Pool()
        Agreement = pool.get('mycar.partner.agreement')
        Employee = pool.get('mycar.partner.application.employee')
        agreements = Agreement.search([
                ('company', '=', company.id),
                ('state', '=', 'active'),
                ], limit=1)
        if not agreements:
            raise ApplicationError(gettext(
                    'mycar_partner.msg_api_no_agreement',
                    partner=company.rec_name))
        agreement, = agreements
        for employee in employees:
            if not employee['consent']:
                raise ApplicationError(gettext(
                        'mycar_partner.msg_api_employee_consent',
                        employee=employee['name']))
        edition, = cls.copy([agreement.edition], default={
                'employees': None,
                'edition_date': calendar.today(),
                })
        Employee.create([{
                    **e, 'application': edition.id,
                    'services': [('add', [s.id for s in e['services']])]}
                for e in employees])
        return edition

    @classmethod
    def send_acceptance_notice(cls, applications):
        "E-mail the notice with the application in Russian and Kazakh"
        Notice = Pool().get('mycar.partner.application.notice', type='report')
        for application in applications:
            Notice.send(application)

    @classmethod
    def copy(cls, applications, default=None):
        default = default.copy() if default is not None else {}
        for field in ['received_date', 'received_by', 'accepted_date',
                'accepted_by', 'refusal_ground', 'refusal_note']:
            default.setdefault(field, None)
        default.setdefault('state', 'draft')
        default.setdefault(
            'edition', lambda data: cls.next_edition(data['bin']))
        return super().copy(applications, default=default)

    @classmethod
    def next_edition(cls, bin_):
        "The number of the next edition of the Partner's application"
        last = cls.search([('bin', '=', bin_)],
            order=[('edition', 'DESC')], limit=1)
        return last[0].edition + 1 if last else 1


class ApplicationService(ModelSQL, ModelView):
    "Service requested in an application"
    __name__ = 'mycar.partner.application.service'
    __string__ = "Application Service"

    application = fields.Many2One(
        'mycar.partner.application', "Application", required=True,
        ondelete='CASCADE')
    service = fields.Many2One('mycar.service', "Service", required=True)
    quantity = fields.Integer(
        "Licences", required=True,
        domain=[('quantity', '>', 0)],
        help="The number of licences of the service (§4.1.2).")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('application_service_unique',
                Unique(t, t.application, t.service),
                'mycar_partner.msg_application_service_unique'),
            ]
        cls.__access__.add('application')

    @classmethod
    def default_quantity(cls):
        return 1


class ApplicationEmployee(ModelSQL, ModelView):
    "Employee of the Partner to give access to (§2.6)"
    __name__ = 'mycar.partner.application.employee'
    __string__ = "Application Employee"

    application = fields.Many2One(
        'mycar.partner.application', "Application", required=True,
        ondelete='CASCADE')
    name = fields.Char("Full Name", required=True)
    position = fields.Char("Position", required=True)
    role = fields.Selection(ROLES, "Role", required=True)
    email = fields.Char("E-mail", required=True)
    phone = fields.Char("Phone")
    services = fields.Many2Many(
        'mycar.partner.application.employee-mycar.service', 'employee',
        'service', "Services")
    consent = fields.Boolean(
        "Personal Data Consent",
        help="The Partner holds the employee's written consent to pass "
        "their personal data to MyCar (§2.6).")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('application_email_unique',
                Unique(t, t.application, t.email),
                'mycar_partner.msg_application_employee_unique'),
            ]
        cls.__access__.add('application')

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('email'):
            values['email'] = values['email'].strip().lower()
        return values

    @classmethod
    def validate_fields(cls, employees, field_names):
        super().validate_fields(employees, field_names)
        if field_names is None or 'email' in field_names:
            for employee in employees:
                if not kz.is_valid_email(employee.email):
                    raise ApplicationError(gettext(
                            'mycar_partner.msg_employee_email_invalid',
                            email=employee.email, employee=employee.name))

    def check_consent(self):
        if not self.consent:
            raise ApplicationError(gettext(
                    'mycar_partner.msg_employee_no_consent',
                    employee=self.name,
                    application=self.application.rec_name))


class ApplicationEmployeeService(ModelSQL):
    "Service an employee needs"
    __name__ = 'mycar.partner.application.employee-mycar.service'
    __string__ = "Employee Service"

    employee = fields.Many2One(
        'mycar.partner.application.employee', "Employee", required=True,
        ondelete='CASCADE')
    service = fields.Many2One(
        'mycar.service', "Service", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('employee')
