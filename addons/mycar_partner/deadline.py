# This file is part of the MyCar partner platform.
"""Deadline clocks (X3): every clock of the agreement is a row here."""

from sql.aggregate import Count, Max, Min
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool

from . import calendar
from .calendar import UNITS
from .model import model_selection

STATES = [
    ('running', "Running"),
    ('met', "Met"),
    ('late', "Late"),
    ]


class Deadline(ModelSQL, ModelView):
    "Deadline clock"
    __name__ = 'mycar.deadline'
    __string__ = "Deadline Clock"
    _rec_name = 'clause'

    company = fields.Many2One(
        'company.company', "Partner", required=True, readonly=True,
        help="The company the clock concerns: the Partner, "
        "or MyCar for its own obligations before a Partner exists.")
    reference = fields.Reference(
        "Reference", selection='get_references', required=True,
        readonly=True)
    clause = fields.Char(
        "Clause", required=True, readonly=True,
        help="The clause of the agreement, e.g. A3 §3.2.2.")
    description = fields.Char("Description", readonly=True)
    duration = fields.Integer("Duration", required=True, readonly=True)
    unit = fields.Selection(UNITS, "Unit", required=True, readonly=True)
    started = fields.DateTime("Started", required=True, readonly=True)
    due = fields.DateTime("Due", required=True, readonly=True)
    met = fields.DateTime("Met", readonly=True)
    state = fields.Selection(STATES, "State", required=True, readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.reference, Index.Equality())),
                Index(t,
                    (t.due, Index.Range()),
                    where=t.state == 'running'),
                Index(t,
                    (t.company, Index.Equality()),
                    (t.clause, Index.Equality()),
                    where=t.state == 'late'),
                })
        cls._order = [('due', 'ASC'), ('id', 'ASC')]

    @classmethod
    def default_state(cls):
        return 'running'

    @classmethod
    def _get_references(cls):
        "Model names a clock may be about; modules add theirs"
        return [
            'company.company', 'party.party', 'mycar.partner.application',
            'mycar.partner.agreement', 'mycar.partner.breach',
            'mycar.partner.force_majeure', 'mycar.partner.claim',
            'mycar.partner.notice', 'mycar.partner.licence']

    @classmethod
    def get_references(cls):
        return model_selection(cls._get_references())

    @classmethod
    def start(cls, specs, started=None):
        """Start and save one clock per spec and return them.

        spec: dict with reference, clause, duration, unit, company and
        optionally description, started (else started, else now) and due
        (a clock counted back from the obligation's own date; else it is
        counted from started)."""
        CalendarDay = Pool().get('mycar.calendar.day')
        started = started or calendar.now()
        clocks = [cls(**{'started': started, 'state': 'running', **s})
            for s in specs]
        counted = [c for c, s in zip(clocks, specs) if 'due' not in s]
        dues = CalendarDay.due_batch(
            [(c.started, c.duration, c.unit) for c in counted])
        for clock, due in zip(counted, dues):
            clock.due = due
        cls.save(clocks)
        return clocks

    @classmethod
    def meet(cls, references, clauses=None, when=None):
        """Mark the open clocks of the references (and of the clauses.Clause
        given) as met"""
        when = when or calendar.now()
        domain = [
            ('reference', 'in', [str(r) for r in references]),
            ('met', '=', None),
            ]
        if clauses:
            domain.append(('clause', 'in', [c.id for c in clauses]))
        clocks = cls.search(domain)
        on_time = [c for c in clocks if when <= c.due]
        late = [c for c in clocks if when > c.due]
        to_write = []
        if on_time:
            to_write.extend((on_time, {'met': when, 'state': 'met'}))
        if late:
            to_write.extend((late, {'met': when, 'state': 'late'}))
        if to_write:
            cls.write(*to_write)
        return clocks

    @classmethod
    def mark_late(cls, now=None):
        "Turn the running clocks past their due moment late (cron)"
        now = now or calendar.now()
        clocks = cls.search([
                ('state', '=', 'running'),
                ('due', '<', now),
                ])
        if clocks:
            cls.write(clocks, {'state': 'late'})
        return clocks


class DeadlineLate(ModelSQL, ModelView):
    "Late clocks per Partner and clause"
    __name__ = 'mycar.deadline.late'
    __string__ = "Late Clocks by Partner and Clause"

    company = fields.Many2One('company.company', "Partner", readonly=True)
    clause = fields.Char("Clause", readonly=True)
    count = fields.Integer("Late clocks", readonly=True)
    open_count = fields.Integer(
        "Still not met", readonly=True,
        help="Late clocks whose obligation is still not done.")
    oldest_due = fields.DateTime("Oldest due", readonly=True)
    latest_due = fields.DateTime("Latest due", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('company', 'ASC'), ('clause', 'ASC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        Deadline = Pool().get('mycar.deadline')
        deadline = Deadline.__table__()
        open_ = deadline.met == None  # noqa: E711
        return deadline.select(
            Min(deadline.id).as_('id'),
            deadline.company.as_('company'),
            deadline.clause.as_('clause'),
            Count(deadline.id).as_('count'),
            Count(deadline.id, filter_=open_).as_('open_count'),
            Min(deadline.due).as_('oldest_due'),
            Max(deadline.due).as_('latest_due'),
            where=deadline.state == 'late',
            group_by=[deadline.company, deadline.clause])

