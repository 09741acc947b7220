# This file is part of the MyCar partner platform.
"""MyCar's notices to Partners (S7): a new payment organisation or a
material change of a service is notified at least 10 working days before
it takes effect (A4 §2.2.2, §2.2.4; A5 §3.2.2; A6 §3.2.2, §3.2.4). A
planned notice runs the clock of that obligation; sending e-mails it to
every Partner holding a licence of its services, whose users then read
it."""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from . import calendar, clauses
from .exceptions import InvalidNotice, NoticeError
from .model import HidesForbiddenButtons, local_date
from .outbox import email_message, email_of
from .report import MycarReport, document_languages, report_email

KINDS = [
    ('payment_organisation', "Change of the payment organisation"),
    ('service_change', "Material change of the service"),
    ]
# the clause that obliges MyCar to notify, per (kind, service code)
CLAUSES = {
    ('payment_organisation', 'sales'):
        clauses.SALES_PAYMENT_ORGANISATION_NOTICE,
    ('payment_organisation', 'marketplace'):
        clauses.MARKETPLACE_PAYMENT_ORGANISATION_NOTICE,
    ('service_change', 'sales'): clauses.SALES_CHANGE_NOTICE,
    ('service_change', 'loyalty'): clauses.LOYALTY_CHANGE_NOTICE,
    ('service_change', 'marketplace'): clauses.MARKETPLACE_CHANGE_NOTICE,
    }
DRAFT = {'readonly': Eval('state') != 'draft'}


def latest_days(items):
    """For each (date, clause) of items, the latest day a notice under the
    clause may go out for a change on date: the last day from which the
    clause's days end on that date or before (its days counted back)"""
    CalendarDay = Pool().get('mycar.calendar.day')
    candidates = [(i, date - dt.timedelta(days=back))
        for i, (date, clause) in enumerate(items)
        # latest first; never 10 days off in a row
        for back in range(1, clause.duration * 2 + 15)]
    ends = CalendarDay.add_days_batch([
            (day, items[i][1].duration, items[i][1].unit)
            for i, day in candidates])
    latest = [None] * len(items)
    for (i, day), end in zip(candidates, ends):
        if latest[i] is None and end <= items[i][0]:
            latest[i] = day
    return latest


class Notice(HidesForbiddenButtons, Workflow, ModelSQL, ModelView):
    "MyCar's notice to Partners"
    __name__ = 'mycar.partner.notice'
    __string__ = "Notice to Partners"
    _rec_name = 'subject'

    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True,
        help="MyCar, who gives the notice.")
    kind = fields.Selection(KINDS, "Kind", required=True, states=DRAFT)
    kind_string = kind.translated('kind')
    services = fields.Many2Many(
        'mycar.partner.notice-mycar.service', 'notice', 'service',
        "Services", states=DRAFT,
        help="The services the change concerns: the notice goes to every "
        "Partner holding a licence of one of them when it is sent.")
    subject = fields.Char("Subject", required=True, states=DRAFT)
    text = fields.Text("Text", required=True, states=DRAFT)
    effective_date = fields.Date(
        "Effective Date", required=True, states=DRAFT,
        help="The day the change takes effect: the notice goes out at "
        "least 10 working days before.")
    clauses = fields.Function(fields.Char(
            "Clauses", help="The clauses of the agreement the notice is "
            "given under."), 'get_clauses')
    state = fields.Selection([
            ('draft', "Draft"),
            ('planned', "Planned"),
            ('sent', "Sent"),
            ('cancelled', "Cancelled"),
            ], "State", required=True, readonly=True, sort=False)
    sent_date = fields.DateTime("Sent", readonly=True)
    sent_by = fields.Many2One('res.user', "Sent by", readonly=True)
    recipients = fields.One2Many(
        'mycar.partner.notice.recipient', 'notice', "Recipients",
        readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('effective_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'planned'),
            ('draft', 'sent'),
            ('planned', 'sent'),
            ('draft', 'cancelled'),
            ('planned', 'cancelled'),
            }
        open_ = ~Eval('state').in_(['draft', 'planned'])
        cls._buttons.update({
                'plan': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'send': {'invisible': open_, 'depends': ['state']},
                'cancel': {'invisible': open_, 'depends': ['state']},
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    def get_clauses(self, name):
        return ', '.join(c.id for c in filter(None, (
                    CLAUSES.get((self.kind, s.code)) for s in self.services)))

    def notice_clauses(self):
        "The clause of each service of the notice; none is refused"
        result = []
        for service in self.services:
            clause = CLAUSES.get((self.kind, service.code))
            if not clause:
                raise InvalidNotice(gettext(
                        'mycar_partner.msg_notice_no_clause',
                        kind=self.kind_string, service=service.rec_name))
            result.append(clause)
        return result

    @classmethod
    def validate_fields(cls, notices, field_names):
        super().validate_fields(notices, field_names)
        if field_names is None or {'kind', 'services'} & field_names:
            for notice in notices:
                notice.notice_clauses()

    @classmethod
    def check_modification(cls, mode, notices, values=None, external=False):
        super().check_modification(
            mode, notices, values=values, external=external)
        if mode == 'delete':
            for notice in notices:
                if notice.state not in {'draft', 'cancelled'}:
                    raise NoticeError(gettext(
                            'mycar_partner.msg_notice_delete',
                            notice=notice.rec_name))
        elif mode == 'write' and external:
            # what was sent is the proof of the notice
            for notice in notices:
                if (notice.state == 'sent' or values.keys()
                        & {'state', 'sent_date', 'sent_by', 'recipients'}):
                    raise NoticeError(gettext(
                            'mycar_partner.msg_notice_sent_locked',
                            notice=notice.rec_name))

    @classmethod
    def copy(cls, notices, default=None):
        default = default.copy() if default is not None else {}
        for field in ['sent_date', 'sent_by', 'recipients']:
            default.setdefault(field, None)
        return super().copy(notices, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('planned')
    def plan(cls, notices):
        "The clock runs: the notice is due by the latest day it may go out"
        cls.check_in_time(notices)
        cls.start_clocks(notices)

    @classmethod
    @ModelView.button
    @Workflow.transition('sent')
    def send(cls, notices):
        """E-mail each notice to the Partners holding a licence of its
        services now, one e-mail each through the outbox; its clock is
        met"""
        pool = Pool()
        Deadline = pool.get('mycar.deadline')
        Message = pool.get('mycar.outbox.message')
        Recipient = pool.get('mycar.partner.notice.recipient')
        cls.check_in_time(notices)
        cls.start_clocks([n for n in notices if n.state == 'draft'])
        recipients = cls.licence_holders(notices)
        messages = Message.queue(cls.emails(recipients))
        for recipient, message in zip(recipients, messages):
            recipient.message = message
        Recipient.save(recipients)
        now = calendar.now()
        for notice in notices:
            notice.sent_date, notice.sent_by = now, Transaction().user
        cls.save(notices)
        Deadline.meet(notices, when=now)

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, notices):
        "The change is called off: the notice is owed no more"
        Deadline = Pool().get('mycar.deadline')
        Deadline.delete(Deadline.search([
                    ('reference', 'in', [str(n) for n in notices]),
                    ('state', '=', 'running'),
                    ]))

    @classmethod
    def check_in_time(cls, notices):
        """Refuse a notice without services, or whose change is nearer
        than its clauses' days from today"""
        CalendarDay = Pool().get('mycar.calendar.day')
        for notice in notices:
            if not notice.services:
                raise NoticeError(gettext(
                        'mycar_partner.msg_notice_no_services',
                        notice=notice.rec_name))
        items = [(n, c) for n in notices for c in n.notice_clauses()]
        earliest = CalendarDay.add_days_batch([
                (calendar.today(), c.duration, c.unit) for _, c in items])
        for (notice, clause), date in zip(items, earliest):
            if notice.effective_date < date:
                raise NoticeError(gettext(
                        'mycar_partner.msg_notice_too_late',
                        notice=notice.rec_name, clause=clause.id,
                        duration=clause.duration, date=local_date(date)))

    @classmethod
    def start_clocks(cls, notices):
        """A clock per clause of each notice, due at the end of the latest
        day the notice may go out (Almaty)"""
        Deadline = Pool().get('mycar.deadline')
        items = [(n, c) for n in notices for c in n.notice_clauses()]
        days = latest_days([(n.effective_date, c) for n, c in items])
        Deadline.start([
                clause.clock(notice.company, notice,
                    due=calendar.end_of_day(day), description=notice.subject)
                for (notice, clause), day in zip(items, days)])

    @classmethod
    def licence_holders(cls, notices):
        """The unsaved recipients of the notices: each Partner holding a
        live licence of one of a notice's services, at the e-mail of its
        current application edition"""
        pool = Pool()
        Licence = pool.get('mycar.partner.licence')
        Recipient = pool.get('mycar.partner.notice.recipient')
        holders = {}
        for licence in Licence.search([
                    ('service', 'in',
                        list({s.id for n in notices for s in n.services})),
                    ('end_date', '=', None),
                    ]):
            holders.setdefault(licence.service, {})[licence.company] = (
                licence.agreement.edition.email)
        recipients = []
        for notice in notices:
            partners = {}
            for service in notice.services:
                partners.update(holders.get(service, {}))
            recipients.extend(Recipient(notice=notice, company=c, email=e)
                for c, e in sorted(partners.items(), key=lambda p: p[0].id))
        return recipients

    @classmethod
    def emails(cls, recipients):
        """The unsaved outbox e-mails of the recipients, one each, its key
        made of the notice and the Partner; each notice rendered once, in
        Kazakh and Russian"""
        Email = Pool().get('mycar.partner.notice.email', type='report')
        languages = document_languages()
        rendered, messages = {}, []
        for recipient in recipients:
            notice, company = recipient.notice, recipient.company
            if notice not in rendered:
                mail = report_email(Email, notice, languages)
                mail.replace_header(
                    'Subject', f"{mail['Subject']}: {notice.subject}")
                rendered[notice] = mail.as_bytes()
            mail = email_of(rendered[notice])
            mail['To'] = recipient.email
            messages.append(email_message(mail,
                    f'partner-notice-{notice.id}-{company.id}',
                    origin=notice, company=company))
        return messages


class NoticeService(ModelSQL):
    "Service a notice concerns"
    __name__ = 'mycar.partner.notice-mycar.service'
    __string__ = "Notice Service"

    notice = fields.Many2One(
        'mycar.partner.notice', "Notice", required=True, ondelete='CASCADE')
    service = fields.Many2One(
        'mycar.service', "Service", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('notice')


class NoticeRecipient(ModelSQL, ModelView):
    "Partner a notice went to"
    __name__ = 'mycar.partner.notice.recipient'
    __string__ = "Notice Recipient"

    notice = fields.Many2One(
        'mycar.partner.notice', "Notice", required=True, readonly=True,
        ondelete='CASCADE')
    company = fields.Many2One(
        'company.company', "Partner", required=True, readonly=True)
    email = fields.Char(
        "E-mail", readonly=True,
        help="The contact e-mail of the Partner's current application.")
    message = fields.Many2One(
        'mycar.outbox.message', "Outgoing Message", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.notice, Index.Equality())),
                Index(t, (t.company, Index.Equality())),
                })
        cls.__access__.add('notice')


class NoticeEmail(MycarReport):
    __name__ = 'mycar.partner.notice.email'
