# This file is part of the MyCar partner platform.
"""A Partner's notifications to its clients, moderated by MyCar (G10,
A3 §6)."""
import re
from email.message import EmailMessage

from dateutil.relativedelta import relativedelta
from trytond.config import config
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.model import (
    HidesForbiddenButtons,
    local_date,
    shown_in,
)
from trytond.modules.mycar_partner.outbox import email_message, new_key

from .exceptions import NotificationError
from .moderation import Moderated
from .outbox import text_message

CHANNELS = [
    ('push', "Push"),
    ('sms', "SMS"),
    ('email', "E-mail"),
    ('messenger', "Messenger"),
    ]
# characters, and whether links may be sent (A3 §6.7)
LIMITS = {'push': 90, 'sms': 160, 'email': 200, 'messenger': 90}
CARRIES_LINKS = {'push', 'email', 'messenger'}
PERIODS = {
    'daily': relativedelta(days=1),
    'weekly': relativedelta(weeks=1),
    'monthly': relativedelta(months=1),
    }
LINK = re.compile(r'(?:https?://|www\.)([^\s/?#]+)', re.IGNORECASE)
EDITABLE = {'readonly': Eval('state') != 'draft'}


def allowed_domains():
    return {d.strip().lower() for d in config.get(
            'mycar_notification', 'domains', default='mycar.kz').split(',')
        if d.strip()}


class ForbiddenWord(ModelSQL, ModelView):
    "Word that A3 §6.6 forbids in notifications"
    __name__ = 'mycar.notification.word'
    __string__ = "Forbidden Word"

    word = fields.Char("Word", required=True,
        help="Matched at the start of words, whatever the case.")
    language = fields.Selection([
            ('ru', "Russian"),
            ('kk', "Kazakh"),
            ], "Language", required=True)
    category = fields.Char("Category", help="The kind of content of §6.6.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__ = set()

    @classmethod
    def pattern(cls):
        words = sorted({w.word.lower() for w in cls.search([])})
        if not words:
            return None
        return re.compile(
            r'(?<!\w)(%s)' % '|'.join(map(re.escape, words)), re.IGNORECASE)


class Notification(
        Moderated, HidesForbiddenButtons, Workflow, ModelSQL, ModelView):
    "Notification of a Partner to its clients"
    __name__ = 'mycar.notification'
    _moderating = {'submitted', 'approved', 'suspended'}
    __string__ = "Notification"

    company = fields.Many2One(
        'company.company', "Partner", required=True, readonly=True)
    channel = fields.Selection(CHANNELS, "Channel", required=True,
        states=EDITABLE)
    purpose = fields.Selection([
            ('service', "Service message"),
            ('marketing', "Marketing message"),
            ], "Purpose", required=True, states=EDITABLE,
        help="Sent only to clients who consented to this purpose.")
    purpose_string = purpose.translated('purpose')
    text = fields.Text("Text", required=True, states=EDITABLE)
    date = fields.DateTime("Date", required=True, states=EDITABLE,
        help="When it is sent, and sent next for a periodic one.")
    periodicity = fields.Selection([
            (None, "Once"),
            ('daily', "Daily"),
            ('weekly', "Weekly"),
            ('monthly', "Monthly"),
            ], "Periodicity", states=EDITABLE)
    recipients = fields.Many2Many(
        'mycar.notification-party.party', 'notification', 'party',
        "Recipients", states=EDITABLE,
        help="Leave empty for all the Partner's clients.")
    state = fields.Selection([
            ('draft', "Draft"),
            ('submitted', "Submitted"),
            ('approved', "Approved"),
            ('rejected', "Rejected"),
            ('suspended', "Suspended"),
            ('stopped', "Stopped"),
            ('done', "Done"),
            ], "State", required=True, readonly=True, sort=False)
    deliveries = fields.One2Many(
        'mycar.notification.delivery', 'notification', "Deliveries",
        readonly=True)

    def get_rec_name(self, name):
        return f'{self.purpose_string} · {local_date(self.date)}'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t,
                (t.date, Index.Range()), where=t.state == 'approved'))
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('approved', 'suspended'), ('suspended', 'approved'),
            ('approved', 'stopped'), ('suspended', 'stopped'),
            ('approved', 'done'),
            }
        buttons = {
            'approve': ['submitted', 'suspended'],
            'suspend': ['approved'], 'stop': ['approved', 'suspended'],
            }
        cls._buttons.update(shown_in(buttons))

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_purpose(cls):
        return 'service'

    def check_content(self, forbidden):
        "Refuse, naming why, what A3 §6.6-6.7 does not allow"
        text = self.text or ''
        limit = LIMITS[self.channel]
        if len(text) > limit:
            raise NotificationError(gettext(
                    'mycar_cabinet.msg_notification_too_long',
                    length=len(text), limit=limit,
                    channel=self.channel_string))
        domains = [d.lower() for d in LINK.findall(text)]
        if domains and self.channel not in CARRIES_LINKS:
            raise NotificationError(gettext(
                    'mycar_cabinet.msg_notification_no_links',
                    channel=self.channel_string))
        allowed = allowed_domains()
        for domain in domains:
            if not any(domain == a or domain.endswith('.' + a)
                    for a in allowed):
                raise NotificationError(gettext(
                        'mycar_cabinet.msg_notification_domain',
                        domain=domain, allowed=', '.join(sorted(allowed))))
        if forbidden and (match := forbidden.search(text)):
            raise NotificationError(gettext(
                    'mycar_cabinet.msg_notification_forbidden',
                    word=match.group(0)))

    channel_string = channel.translated('channel')

    @classmethod
    def check_submission(cls, notifications):
        super().check_submission(notifications)
        forbidden = Pool().get('mycar.notification.word').pattern()
        for notification in notifications:
            notification.check_content(forbidden)

    @classmethod
    @ModelView.button
    @Workflow.transition('suspended')
    def suspend(cls, notifications):
        cls.check_note(notifications)

    @classmethod
    @ModelView.button
    @Workflow.transition('stopped')
    def stop(cls, notifications):
        cls.check_note(notifications)

    @classmethod
    def send_due(cls, now=None):
        "Deliver the approved notifications whose date has come (cron)"
        Delivery = Pool().get('mycar.notification.delivery')
        now = now or calendar.now()
        notifications = cls.search([
                ('state', '=', 'approved'), ('date', '<=', now)])
        deliveries = []
        for notification in notifications:
            deliveries.extend(notification.deliveries_to_send(now))
        Delivery.save(deliveries)
        Delivery.send(deliveries)
        periodic = [n for n in notifications if n.periodicity]
        for notification in periodic:
            notification.date += PERIODS[notification.periodicity]
        cls.save(periodic)
        cls.finish([n for n in notifications if not n.periodicity])

    @classmethod
    @Workflow.transition('done')
    def finish(cls, notifications):
        pass

    def audience(self):
        "The recipients, or all the Partner's clients, who consented"
        pool = Pool()
        Link = pool.get('mycar.client.link')
        Consent = pool.get('mycar.client.consent')
        parties = list(self.recipients) or [link.party for link in
            Link.search([('company', '=', self.company.id)])]
        consenting = Consent.consenting(self.company, parties, self.purpose)
        return [p for p in parties if p in consenting]

    def deliveries_to_send(self, now):
        "One unsaved delivery per consenting recipient"
        Delivery = Pool().get('mycar.notification.delivery')
        return [Delivery(notification=self, party=party,
                channel=self.channel, date=now)
            for party in self.audience()]


class NotificationRecipient(ModelSQL):
    "Recipient of a notification"
    __name__ = 'mycar.notification-party.party'
    __string__ = "Notification Recipient"

    notification = fields.Many2One(
        'mycar.notification', "Notification", required=True,
        ondelete='CASCADE')
    party = fields.Many2One(
        'party.party', "Client", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('notification')


class Delivery(ModelSQL, ModelView):
    "Delivery of a notification to one client"
    __name__ = 'mycar.notification.delivery'
    __string__ = "Notification Delivery"

    notification = fields.Many2One(
        'mycar.notification', "Notification", required=True, readonly=True,
        ondelete='CASCADE')
    party = fields.Many2One('party.party', "Client", required=True,
        readonly=True)
    channel = fields.Selection(CHANNELS, "Channel", required=True,
        readonly=True)
    address = fields.Char("Address", readonly=True)
    date = fields.DateTime("Date", required=True, readonly=True)
    state = fields.Selection([
            ('queued', "Queued"),
            ('sent', "Sent"),
            ('failed', "Failed"),
            ], "State", required=True, readonly=True)
    reference = fields.Char("Gateway Reference", readonly=True)
    error = fields.Char("Error", readonly=True)

    def get_rec_name(self, name):
        return f'{self.notification.rec_name} → {self.party.rec_name}'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('notification')
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_state(cls):
        return 'queued'

    def _address(self):
        return {
            'sms': self.party.client_mobile,
            'messenger': self.party.client_mobile,
            'push': self.party.client_code,
            'email': self.party.email,
            }[self.channel]

    @classmethod
    def send(cls, deliveries):
        """Send the saved deliveries' texts through the outbox, after the
        commit; a client without an address for the channel fails now"""
        Message = Pool().get('mycar.outbox.message')
        messages = []
        for delivery in deliveries:
            delivery.address = delivery._address()
            if delivery.address:
                messages.append(delivery.message())
            else:
                delivery.state = 'failed'
                delivery.error = gettext(
                    'mycar_cabinet.msg_delivery_no_address',
                    channel=delivery.channel)[:200]
        cls.save(deliveries)
        Message.queue(messages)

    def message(self):
        "The unsaved outbox message of the delivery"
        text, company = self.notification.text, self.notification.company
        if self.channel != 'email':
            return text_message(self.channel, self.address, text,
                origin=self, company=company)
        mail = EmailMessage()
        mail['From'] = config.get('email', 'from')
        mail['To'] = self.address
        mail['Subject'] = company.rec_name
        mail.set_content(text)
        return email_message(mail, new_key(), origin=self, company=company)

    @classmethod
    def outbox_sent(cls, messages):
        for message in messages:
            message.origin.state = 'sent'
            message.origin.reference = (message.answer or {}).get('id')
        cls.save([m.origin for m in messages])

    @classmethod
    def outbox_failed(cls, messages):
        for message in messages:
            message.origin.state = 'failed'
            message.origin.error = (message.error or '')[:200]
        cls.save([m.origin for m in messages])
