# This file is part of the MyCar partner platform.
"""Breaches (§9.3.1), force majeure (§10) and claims (§8.4, P12)."""
import datetime as dt

from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction

from . import calendar, clauses
from .calendar import ALMATY, to_utc
from .model import HidesForbiddenButtons, local_date

FORCE_MAJEURE_TERMINATION_DAYS = 30


def day_start(date):
    "The first moment of an Almaty day, as naive UTC"
    return to_utc(dt.datetime.combine(date, dt.time(), ALMATY))


class AgreementRecordMixin:
    "A record about a Partner's agreement, in force when it is made"
    __slots__ = ()
    agreement = fields.Many2One(
        'mycar.partner.agreement', "Agreement", required=True,
        states={'readonly': Eval('id', -1) >= 0},
        domain=[('state', 'in', ['active', 'terminating'])])
    company = fields.Many2One(
        'company.company', "Partner", required=True, readonly=True)

    @fields.depends('agreement')
    def on_change_with_company(self):
        return self.agreement.company if self.agreement else None

    @classmethod
    def preprocess_values(cls, mode, values):
        Agreement = Pool().get('mycar.partner.agreement')
        values = super().preprocess_values(mode, values)
        if mode == 'create' and values.get('agreement'):
            agreement = Agreement(values['agreement'])
            agreement.check_active(states={'active', 'terminating'})
            values['company'] = agreement.company.id
        return values

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')


class Breach(HidesForbiddenButtons, AgreementRecordMixin, ModelSQL, ModelView):
    "Breach of the agreement by the Partner"
    __name__ = 'mycar.partner.breach'
    __string__ = "Breach"

    date = fields.Date(
        "Notified", required=True,
        states={'readonly': Eval('id', -1) >= 0},
        help="When MyCar notified the Partner of the breach.")
    clause = fields.Char("Clause", required=True,
        help="The clause breached, e.g. §4.2.3.")
    description = fields.Text("Description", required=True)
    remedied_date = fields.Date("Remedied", readonly=True)
    state = fields.Selection([
            ('open', "Open"),
            ('remedied', "Remedied"),
            ], "State", required=True, readonly=True)

    def get_rec_name(self, name):
        return f'§{self.clause} · {local_date(self.date)}'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._buttons.update({
                'remedy': {
                    'invisible': Eval('state') != 'open',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'open'

    @classmethod
    def default_date(cls):
        return calendar.today()

    @classmethod
    def on_modification(cls, mode, breaches, field_names=None):
        super().on_modification(mode, breaches, field_names=field_names)
        if mode == 'create':
            Deadline = Pool().get('mycar.deadline')
            Deadline.start([clauses.BREACH_REMEDY.clock(
                        b.company, b, description=b.clause,
                        started=day_start(b.date)) for b in breaches])

    @classmethod
    @ModelView.button
    def remedy(cls, breaches):
        Deadline = Pool().get('mycar.deadline')
        cls.write(breaches, {
                'state': 'remedied', 'remedied_date': calendar.today()})
        Deadline.meet(breaches)

    @classmethod
    def termination_grounds(cls, agreements):
        "{agreement: set of §9.3.1 grounds MyCar may terminate it on}"
        Deadline = Pool().get('mycar.deadline')
        grounds = {a: set() for a in agreements}
        breaches = cls.search([
                ('agreement', 'in', [a.id for a in agreements])])
        counts = {a: 0 for a in agreements}
        for breach in breaches:
            counts[breach.agreement] += 1
        for agreement, count in counts.items():
            if count >= 2:
                grounds[agreement].add('repeated_breach')
        for clock in Deadline.search([
                    ('reference', 'in', [str(b) for b in breaches]),
                    ('state', '=', 'late'),
                    ]):
            grounds[clock.reference.agreement].add('breach_not_remedied')
        return grounds


class ForceMajeure(
        HidesForbiddenButtons, AgreementRecordMixin, ModelSQL, ModelView):
    "Force majeure (§10)"
    __name__ = 'mycar.partner.force_majeure'
    __string__ = "Force Majeure"

    affected = fields.Selection([
            ('partner', "The Partner"),
            ('mycar', "MyCar"),
            ], "Affected Party", required=True)
    affected_string = affected.translated('affected')
    start_date = fields.Date("Began", required=True)
    end_date = fields.Date("Ended")
    description = fields.Text("Description", required=True)
    notified_date = fields.Date("Notified", readonly=True)
    allows_termination = fields.Function(
        fields.Boolean("Allows Termination",
            help="It lasts over 30 days: either party may terminate "
            "after settling accounts (§10.6)."),
        'get_allows_termination')

    def get_rec_name(self, name):
        return (f'{self.affected_string} · {local_date(self.start_date)}'
            f' – {local_date(self.end_date) or "…"}')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls._buttons.update({
                'notify': {
                    'invisible': Bool(Eval('notified_date')),
                    'depends': ['notified_date'],
                    },
                })

    def get_allows_termination(self, name):
        end = self.end_date or calendar.today()
        return (end - self.start_date).days > FORCE_MAJEURE_TERMINATION_DAYS

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        if mode == 'create':
            Deadline = Pool().get('mycar.deadline')
            Deadline.start([clauses.FORCE_MAJEURE_NOTICE.clock(
                        r.company, r, started=day_start(r.start_date))
                    for r in records])

    @classmethod
    @ModelView.button
    def notify(cls, records):
        Deadline = Pool().get('mycar.deadline')
        cls.write(records, {'notified_date': calendar.today()})
        Deadline.meet(records)


class Claim(HidesForbiddenButtons, AgreementRecordMixin, Workflow, ModelSQL,
        ModelView):
    "Claim of a Buyer or Client the Partner cannot settle alone (§8.4)"
    __name__ = 'mycar.partner.claim'
    __string__ = "Claim"

    received_date = fields.DateTime(
        "Received", required=True,
        states={'readonly': Eval('state') != 'draft'},
        help="When the claim reached the Partner: MyCar must know of it "
        "by the end of the next calendar day.")
    subject = fields.Char("Subject", required=True,
        states={'readonly': Eval('state') != 'draft'})
    parties = fields.Text("Parties", required=True,
        states={'readonly': Eval('state') != 'draft'},
        help="The parties to the dispute.")
    amount = fields.Numeric("Amount (KZT)", digits=(16, 2),
        states={'readonly': Eval('state') != 'draft'},
        domain=['OR', ('amount', '=', None), ('amount', '>=', 0)])
    description = fields.Text("Description",
        states={'readonly': Eval('state') != 'draft'})
    notified_date = fields.DateTime("Notified to MyCar", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('notified', "Notified"),
            ('closed', "Closed"),
            ], "State", required=True, readonly=True)

    def get_rec_name(self, name):
        return f'{self.subject} · {local_date(self.received_date)}'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('received_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('draft', 'notified'), ('notified', 'closed')}
        cls._buttons.update({
                'notify': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'close': {
                    'invisible': Eval('state') != 'notified',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def on_modification(cls, mode, claims, field_names=None):
        super().on_modification(mode, claims, field_names=field_names)
        if mode == 'create':
            Deadline = Pool().get('mycar.deadline')
            # by the end of the calendar day after its receipt
            Deadline.start([clauses.CLAIM_ANSWER.clock(
                        c.company, c, description=c.subject,
                        started=c.received_date) for c in claims])

    @classmethod
    @ModelView.button
    @Workflow.transition('notified')
    def notify(cls, claims):
        Deadline = Pool().get('mycar.deadline')
        now = calendar.now()
        cls.write(claims, {'notified_date': now})
        Deadline.meet(claims, when=now)

    @classmethod
    @ModelView.button
    @Workflow.transition('closed')
    def close(cls, claims):
        pass

