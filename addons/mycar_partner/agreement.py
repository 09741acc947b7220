# This file is part of the MyCar partner platform.
"""The Partner's agreement and its licences (§2.9, §3)."""
import datetime as dt

from dateutil.relativedelta import relativedelta
from trytond.i18n import gettext
from trytond.model import (
    Index,
    ModelSingleton,
    ModelSQL,
    ModelView,
    Workflow,
    fields,
)
from trytond.pool import Pool
from trytond.pyson import Eval

from . import calendar, clauses
from .exceptions import AgreementError
from .model import HidesForbiddenButtons

ACTIVE = {'readonly': Eval('state') != 'active'}
NDA_TERM = relativedelta(years=5)
NOTICE_DAYS = clauses.TERMINATION_NOTICE.duration
GROUNDS = [
    (None, ""),
    ('repeated_breach', "Two or more breaches by the Partner (§9.3.1.1)"),
    ('breach_not_remedied',
        "A breach not remedied within 10 calendar days (§9.3.1.2)"),
    ('state_requirement',
        "Unmet state requirement or harmful litigation (§9.3.1.3)"),
    ('mycar_other', "Other circumstances (§9.3.1.4)"),
    ('mycar_breach_of_law',
        "Proceedings over MyCar's breach of the law (§9.3.2.1)"),
    ('partner_other', "Other grounds under the law (§9.3.2.2)"),
    ('force_majeure', "Force majeure over 30 days (§10.6)"),
    ]
INITIATOR_GROUNDS = {
    'mycar': {'repeated_breach', 'breach_not_remedied', 'state_requirement',
        'mycar_other', 'force_majeure'},
    'partner': {'mycar_breach_of_law', 'partner_other', 'force_majeure'},
    'mutual': {None},
    }
# grounds that hold only when the facts recorded say so
FACT_GROUNDS = {'repeated_breach', 'breach_not_remedied', 'force_majeure'}


class Agreement(HidesForbiddenButtons, Workflow, ModelSQL, ModelView):
    "Partner agreement"
    __name__ = 'mycar.partner.agreement'
    __string__ = "Partner Agreement"
    _rec_name = 'number'

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Partner", required=True, readonly=True)
    effective_date = fields.Date(
        "Effective Date", readonly=True,
        help="The date of the acceptance notice (§2.9).")
    edition = fields.Many2One(
        'mycar.partner.application', "Current Edition", readonly=True)
    editions = fields.One2Many(
        'mycar.partner.application', 'agreement', "Editions",
        readonly=True, order=[('edition', 'DESC')])
    licences = fields.One2Many(
        'mycar.partner.licence', 'agreement', "Licences", readonly=True)
    state = fields.Selection([
            ('active', "Active"),
            ('terminating', "Terminating"),
            ('terminated', "Terminated"),
            ], "State", required=True, readonly=True)
    termination_initiator = fields.Selection([
            (None, ""),
            ('mutual', "By agreement of the parties (§9.2)"),
            ('mycar', "MyCar (§9.3.1)"),
            ('partner', "The Partner (§9.3.2)"),
            ], "Termination", states=ACTIVE)
    termination_ground = fields.Selection(
        GROUNDS, "Termination Ground", states=ACTIVE)
    termination_ground_string = termination_ground.translated(
        'termination_ground')
    notice_date = fields.Date("Notice Date", readonly=True)
    end_date = fields.Date(
        "End Date", states={
            'readonly': ((Eval('state') != 'active')
                | (Eval('termination_initiator') != 'mutual')),
            },
        help="Unilateral termination: 30 calendar days after the notice "
        "(§9.4).")
    may_terminate = fields.Function(
        fields.Boolean("MyCar May Terminate",
            help="Two or more breaches, a breach not remedied in time or "
            "force majeure over 30 days (§9.3.1, §10.6)."),
        'get_may_terminate')
    breaches = fields.One2Many(
        'mycar.partner.breach', 'agreement', "Breaches", readonly=True)
    nda_end_date = fields.Function(
        fields.Date("Confidentiality Until",
            help="Confidentiality binds until 5 years after the agreement "
            "ends (Annex 1)."),
        'on_change_with_nda_end_date')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.company, Index.Equality())))
        cls._order = [('effective_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('active', 'terminating'),
            ('terminating', 'terminated'),
            }
        cls._buttons.update({
                'terminate': {
                    'invisible': Eval('state') != 'active',
                    'readonly': ~Eval('termination_initiator'),
                    'depends': ['state', 'termination_initiator'],
                    },
                'logo_received': {
                    'invisible': Eval('state') != 'active',
                    'depends': ['state'],
                    },
                'request_permits': {
                    'invisible': Eval('state') != 'active',
                    'depends': ['state'],
                    },
                'permits_received': {
                    'invisible': Eval('state') != 'active',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'active'

    @fields.depends('end_date')
    def on_change_with_nda_end_date(self, name=None):
        return self.end_date + NDA_TERM if self.end_date else None

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Configuration = pool.get('mycar.partner.configuration')
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('number'):
            values['number'] = (
                Configuration(1).agreement_sequence.get())
        return values

    @classmethod
    def get_may_terminate(cls, agreements, name):
        grounds = cls.termination_facts(agreements)
        return {a.id: bool(grounds[a]) for a in agreements}

    @classmethod
    def termination_facts(cls, agreements):
        "{agreement: the grounds its recorded facts give to terminate}"
        pool = Pool()
        Breach = pool.get('mycar.partner.breach')
        ForceMajeure = pool.get('mycar.partner.force_majeure')
        grounds = Breach.termination_grounds(agreements)
        for record in ForceMajeure.search([
                    ('agreement', 'in', [a.id for a in agreements])]):
            if record.allows_termination:
                grounds[record.agreement].add('force_majeure')
        return grounds

    def check_active(self, states=frozenset({'active'})):
        if self.state not in states:
            raise AgreementError(gettext(
                    'mycar_partner.msg_agreement_not_active',
                    agreement=self.rec_name))

    @classmethod
    def check_termination(cls, agreements):
        facts = cls.termination_facts(agreements)
        for agreement in agreements:
            initiator = agreement.termination_initiator
            ground = agreement.termination_ground
            if (ground not in INITIATOR_GROUNDS.get(initiator, set())
                    or (ground in FACT_GROUNDS
                        and ground not in facts[agreement])
                    or (initiator == 'mutual' and not agreement.end_date)):
                raise AgreementError(gettext(
                        'mycar_partner.msg_agreement_termination_invalid',
                        agreement=agreement.rec_name,
                        ground=agreement.termination_ground_string or '-'))

    @classmethod
    @ModelView.button
    def terminate(cls, agreements):
        """Notice of termination: by agreement at the agreed date, or
        unilaterally 30 calendar days after the e-mailed notice (§9.4)"""
        cls.give_notice(agreements)
        cls.end_due(agreements)

    @classmethod
    @Workflow.transition('terminating')
    def give_notice(cls, agreements):
        pool = Pool()
        Deadline = pool.get('mycar.deadline')
        Notice = pool.get(
            'mycar.partner.agreement.termination_notice', type='report')
        cls.check_termination(agreements)
        today = calendar.today()
        unilateral = [a for a in agreements
            if a.termination_initiator != 'mutual']
        for agreement in agreements:
            agreement.notice_date = today
        for agreement in unilateral:
            agreement.end_date = today + dt.timedelta(days=NOTICE_DAYS)
        cls.save(agreements)
        Deadline.start([
                clauses.TERMINATION_NOTICE.clock(a.company, a)
                for a in unilateral])
        for agreement in unilateral:
            if agreement.termination_initiator == 'mycar':
                Notice.send(agreement)

    @classmethod
    def end_due(cls, agreements=None, date=None):
        "End the agreements whose notice period is over (cron)"
        date = date or calendar.today()
        if agreements is None:
            agreements = cls.search([('state', '=', 'terminating')])
        cls.end([a for a in agreements
                if a.state == 'terminating' and a.end_date <= date])

    @classmethod
    @Workflow.transition('terminated')
    def end(cls, agreements):
        "Licences and users end with the agreement"
        pool = Pool()
        Licence = pool.get('mycar.partner.licence')
        User = pool.get('res.user')
        Deadline = pool.get('mycar.deadline')
        Licence.end(agreements)
        users = User.search([
                ('company', 'in', [a.company.id for a in agreements]),
                ])
        if users:
            User.write(users, {'active': False})
        Deadline.meet(agreements, [clauses.TERMINATION_NOTICE])

    @classmethod
    @ModelView.button
    def logo_received(cls, agreements):
        "The Partner sent its logo (§4.2.3)"
        Pool().get('mycar.deadline').meet(agreements, [clauses.LOGO])

    @classmethod
    @ModelView.button
    def request_permits(cls, agreements):
        "MyCar asks for the permits: 3 working days to send them (§4.2.20)"
        Pool().get('mycar.deadline').start([
                clauses.PERMITS.clock(a.company, a, description=gettext(
                        'mycar_partner.msg_clock_permits'))
                for a in agreements])

    @classmethod
    @ModelView.button
    def permits_received(cls, agreements):
        Pool().get('mycar.deadline').meet(
            agreements, [clauses.PERMITS])

    @classmethod
    def accede(cls, applications):
        """The Partners of accepted first applications join: their company,
        agreement, licences and users (§2.5-2.9)"""
        pool = Pool()
        Application = pool.get('mycar.partner.application')
        Company = pool.get('company.company')
        Deadline = pool.get('mycar.deadline')
        companies = Company.create_partners(applications)
        agreements = [
            cls(company=c, effective_date=a.accepted_date, edition=a)
            for a, c in zip(applications, companies)]
        cls.save(agreements)
        for application, agreement in zip(applications, agreements):
            application.agreement = agreement
            application.company = agreement.company
        Application.save(applications)
        cls.sync(agreements, date=None)
        Deadline.start([
                clauses.LOGO.clock(a.company, a, description=gettext(
                        'mycar_partner.msg_clock_logo'))
                for a in agreements])
        return agreements

    @classmethod
    def apply_editions(cls, editions):
        "A received new edition replaces the previous one (§3.3)"
        pool = Pool()
        Application = pool.get('mycar.partner.application')
        previous = [e.agreement.edition for e in editions
            if e.agreement.edition]
        Application.supersede(previous)
        agreements = []
        for edition in editions:
            edition.company = edition.agreement.company
            edition.agreement.edition = edition
            agreements.append(edition.agreement)
        Application.save(editions)
        cls.save(agreements)
        cls.sync(agreements)

    @classmethod
    def restore_editions(cls, refused):
        "A refused new edition gives force back to the one it replaced"
        pool = Pool()
        Application = pool.get('mycar.partner.application')
        agreements = [e.agreement for e in refused
            if e.agreement.edition == e]
        previous = {a: a.last_superseded() for a in agreements}
        Application.reinstate(list(filter(None, previous.values())))
        for agreement, edition in previous.items():
            agreement.edition = edition
        cls.save(agreements)
        cls.sync(agreements)

    def last_superseded(self):
        for edition in self.editions:
            if edition.state == 'superseded':
                return edition

    @classmethod
    def sync(cls, agreements, date=None):
        "Licences and users as the current editions say (§3.3-3.4)"
        pool = Pool()
        Licence = pool.get('mycar.partner.licence')
        User = pool.get('res.user')
        Licence.sync(agreements, date=date)
        User.sync_partner_users(agreements)


class Licence(HidesForbiddenButtons, ModelSQL, ModelView):
    "Licence of a service"
    __name__ = 'mycar.partner.licence'
    __string__ = "Licence"

    agreement = fields.Many2One(
        'mycar.partner.agreement', "Agreement", required=True,
        readonly=True, ondelete='CASCADE')
    company = fields.Many2One(
        'company.company', "Partner", required=True, readonly=True)
    service = fields.Many2One(
        'mycar.service', "Service", required=True, readonly=True)
    quantity = fields.Integer("Quantity", required=True, readonly=True)
    start_date = fields.Date("Start Date", required=True, readonly=True)
    end_date = fields.Date("End Date", readonly=True)
    edition = fields.Many2One(
        'mycar.partner.application', "Edition", readonly=True)
    integration_date = fields.Date(
        "Integration Done", readonly=True,
        help="When MyCar finished the service's integration: the "
        "employees' logins are sent then (§2.7, §3.5).")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.agreement, Index.Equality()),
                    where=t.end_date == None),  # noqa: E711
                Index(t, (t.company, Index.Equality())),
                })
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls._buttons.update({
                'mark_integrated': {
                    'invisible': (Eval('integration_date')
                        | Eval('end_date')),
                    'depends': ['integration_date', 'end_date'],
                    },
                })

    @classmethod
    def _accession_clocks(cls):
        """{service code: [(clauses.Clause, message id of its description)]}
        of the clocks a Partner's first licence of the service starts;
        service modules add theirs"""
        return {}

    @classmethod
    def start_accession_clocks(cls, agreements, had):
        """The clocks of the services the agreements hold now and did not
        before (had: {(company, service code)}), once per Partner"""
        Deadline = Pool().get('mycar.deadline')
        clocks = cls._accession_clocks()
        first = {}
        for licence in cls.search([
                    ('agreement', 'in', [a.id for a in agreements]),
                    ('service.code', 'in', list(clocks)),
                    ('end_date', '=', None)]):
            key = (licence.company, licence.service.code)
            if key not in had:
                first.setdefault(key, licence)
        Deadline.start([clause.clock(licence.company, licence,
                    description=gettext(message))
                for (_, code), licence in first.items()
                for clause, message in clocks[code]])

    @classmethod
    def held_services(cls, agreements):
        "{(company, service code)} of the agreements' live licences"
        return {(c.company, c.service.code) for c in cls.search([
                    ('agreement', 'in', [a.id for a in agreements]),
                    ('end_date', '=', None)])}

    @classmethod
    def services_provided(cls, companies, clauses_):
        "The Partners did their part: the clocks of clauses_ are met"
        licences = cls.search([('company', 'in', [c.id for c in companies])])
        Pool().get('mycar.deadline').meet(licences, clauses_)

    @classmethod
    def sync(cls, agreements, date=None):
        """End, change or start licences so that the active ones are those
        of each agreement's current edition, from date; a service's first
        licence starts its clocks"""
        had = cls.held_services(agreements) if cls._accession_clocks() \
            else set()
        cls._sync(agreements, date)
        if cls._accession_clocks():
            cls.start_accession_clocks(agreements, had)

    @classmethod
    def _sync(cls, agreements, date=None):
        date = date or calendar.today()
        active = {(c.agreement, c.service): c for c in cls.search([
                    ('agreement', 'in', [a.id for a in agreements]),
                    ('end_date', '=', None),
                    ])}
        wanted = {
            (a, s.service): (s.quantity, a.edition)
            for a in agreements for s in a.edition.services}
        to_end, to_save = [], []
        for key, licence in active.items():
            if wanted.get(key, (None,))[0] != licence.quantity:
                to_end.append(licence)
        for (agreement, service), (quantity, edition) in wanted.items():
            licence = active.get((agreement, service))
            if licence and licence.quantity == quantity:
                continue
            to_save.append(cls(
                    agreement=agreement, company=agreement.company,
                    service=service, quantity=quantity, edition=edition,
                    start_date=max(date, agreement.effective_date or date),
                    integration_date=(
                        licence.integration_date if licence else None)))
        for licence in to_end:
            licence.end_date = max(
                date - dt.timedelta(days=1), licence.start_date)
        cls.save(to_end + to_save)

    @classmethod
    def end(cls, agreements):
        "End the agreements' licences on their end dates"
        licences = cls.search([
                ('agreement', 'in', [a.id for a in agreements]),
                ('end_date', '=', None),
                ])
        for licence in licences:
            licence.end_date = max(
                licence.agreement.end_date or calendar.today(),
                licence.start_date)
        cls.save(licences)

    @classmethod
    @ModelView.button
    def mark_integrated(cls, licences):
        "The service's integration is done: its users get their logins"
        pool = Pool()
        User = pool.get('res.user')
        cls.write(licences, {'integration_date': calendar.today()})
        User.invite(User.search([
                    ('company', 'in', [c.company.id for c in licences]),
                    ('partner_services', 'in',
                        [c.service.id for c in licences]),
                    ('invited_date', '=', None),
                    ]))

    @classmethod
    def integrated_services(cls, companies):
        "{company: set of services} whose integration is done"
        result = {c: set() for c in companies}
        for licence in cls.search([
                    ('company', 'in', [c.id for c in companies]),
                    ('end_date', '=', None),
                    ('integration_date', '!=', None),
                    ]):
            result[licence.company].add(licence.service)
        return result


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "Partner programme configuration"
    __name__ = 'mycar.partner.configuration'
    __string__ = "Partner Programme Configuration"

    agreement_sequence = fields.Many2One(
        'ir.sequence', "Agreement Sequence", required=True)
    billing_company = fields.Many2One('company.company', "MyCar Company",
        help="MyCar Group's own company: it issues acts and invoices to the "
        "Partners, and its requisites are readable by every Partner.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__ = set()

    @classmethod
    def default_agreement_sequence(cls):
        return Pool().get('ir.model.data').get_id(
            'mycar_partner', 'sequence_agreement')
