# This file is part of the MyCar partner platform.
"""The outbox: every message to another system (e-mail, SMS, the
certification centre, the payment organisation, the Partners' CRM and 1C,
the fiscaliser, the IS ESF) is a record written in the business
transaction and sent only after it commits, by a queued task
(trytond-worker), with an idempotency key the other side sees. A refused
or timed-out delivery is tried again with backoff, until it is sent or
has failed the configured number of times; staff see every message in
one list and may try a failed one again. Nothing here rolls a business
record back.

    [mycar_outbox]
    tries = 12      # failed after so many refused deliveries
    lease = 300     # seconds a queued task has before the sweep takes over

Modules add their channels (selection), the function that sends a
message of each (_senders) and the models a message may come from
(_get_origins). After a delivery the origin's model is called back with
its messages: outbox_sent(messages) or outbox_failed(messages), when it
has such a method."""
import datetime as dt
import email
import email.policy
import logging
import smtplib
import uuid

from trytond.config import config
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.sendmail import send_message
from trytond.transaction import Transaction, without_check_access

from . import calendar
from .exceptions import GatewayError
from .model import HidesForbiddenButtons, TellsOrigins, model_selection

logger = logging.getLogger(__name__)
SECTION = 'mycar_outbox'
BACKOFF_FIRST = dt.timedelta(seconds=30)
BACKOFF_MAX = dt.timedelta(hours=1)


def setting(name, default):
    return config.getint(SECTION, name, default=default)


def backoff(tries):
    "How long after its tries-th refusal a message is tried again"
    return min(BACKOFF_FIRST * 2 ** (tries - 1), BACKOFF_MAX)


def new_key():
    "An idempotency key no other message has, in any database"
    return uuid.uuid4().hex


class Message(HidesForbiddenButtons, TellsOrigins, ModelSQL, ModelView):
    "Outgoing message"
    __name__ = 'mycar.outbox.message'
    __string__ = "Outgoing Message"
    _rec_name = 'key'

    channel = fields.Selection([
            ('email', "E-mail"),
            ], "Channel", required=True, readonly=True)
    channel_string = channel.translated('channel')
    key = fields.Char("Idempotency Key", required=True, readonly=True,
        help="What the other system sees to know a retry from a new "
        "message.")
    recipient = fields.Char("Recipient", readonly=True)
    company = fields.Many2One('company.company', "Partner", readonly=True)
    origin = fields.Reference(
        "Origin", selection='get_origins', readonly=True)
    payload = fields.Dict(None, "Payload", readonly=True)
    data = fields.Binary("Data", readonly=True)
    sensitive = fields.Boolean("Sensitive", readonly=True,
        help="Its content is erased once sent, failed or expired "
        "(a one-time code).")
    expires = fields.DateTime("Expires", readonly=True,
        help="Not sent after this moment: what it says is of no use then.")
    state = fields.Selection([
            ('queued', "Queued"),
            ('sent', "Sent"),
            ('failed', "Failed"),
            ], "State", required=True, readonly=True, sort=False)
    state_string = state.translated('state')
    tries = fields.Integer("Tries", required=True, readonly=True)
    next_try = fields.DateTime("Next Try", readonly=True,
        help="When the message is tried again if not sent by then.")
    sent_date = fields.DateTime("Sent", readonly=True)
    answer = fields.Dict(None, "Answer", readonly=True)
    error = fields.Text("Last Error", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('key_unique', Unique(t, t.channel, t.key),
                'mycar_partner.msg_outbox_key_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.next_try, Index.Range()),
                    where=t.state == 'queued'),
                Index(t, (t.origin, Index.Equality())),
                Index(t, (t.state, Index.Equality()),
                    (t.create_date, Index.Range())),
                })
        cls._order = [('create_date', 'DESC'), ('id', 'DESC')]
        cls._buttons.update({
                'retry': {
                    'invisible': Eval('state') == 'sent',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'queued'

    @classmethod
    def default_tries(cls):
        return 0

    @classmethod
    def default_key(cls):
        return new_key()

    @classmethod
    def _get_origins(cls):
        "Models a message may come from; modules add theirs"
        return ['mycar.partner.application', 'mycar.partner.agreement',
            'mycar.partner.notice', 'res.user']

    @classmethod
    def get_origins(cls):
        return model_selection(cls._get_origins())

    @classmethod
    def _senders(cls):
        """The function that sends a message of each channel and returns
        the other side's answer (a dict), or raises GatewayError"""
        return {'email': send_email}

    @classmethod
    @without_check_access
    def queue(cls, messages):
        """Save the unsaved messages and send each after the commit; a
        message whose key its channel already has is that message (a
        retried request queues nothing twice). Return the messages."""
        for message in messages:
            if getattr(message, 'key', None) is None:
                message.key = new_key()
        known = {(m.channel, m.key): m for m in cls.search([
                    ('key', 'in', [m.key for m in messages]),
                    ])} if messages else {}
        new = [m for m in messages if (m.channel, m.key) not in known]
        cls.retry([m for m in known.values() if m.state == 'failed'])
        lease = dt.timedelta(seconds=setting('lease', 300))
        for message in new:
            message.next_try = calendar.now() + lease
        cls.save(new)
        cls.push(new)
        saved = {(m.channel, m.key): m for m in new}
        return [known.get((m.channel, m.key)) or saved[(m.channel, m.key)]
            for m in messages]

    @classmethod
    def push(cls, messages):
        """One queued task for the messages of a transaction; each is sent
        and recorded on its own within it"""
        if messages:
            cls.__queue__.deliver(messages)

    @classmethod
    @without_check_access
    def deliver(cls, messages):
        """Send the messages still queued (queued task), each under a lock
        so that two senders never send one message at once"""
        messages = cls.claim(messages)
        now = calendar.now()
        sent, refused = [], []
        senders = cls._senders()
        for message in messages:
            if message.expires and message.expires < now:
                message.error = gettext('mycar_partner.msg_outbox_expired')
                refused.append(message)
                continue
            try:
                message.answer = senders[message.channel](message) or {}
            except GatewayError as error:
                message.error = error.message
                refused.append(message)
            except Exception as error:
                logger.exception("outbox message %s", message.id)
                message.error = repr(error)[:1000]
                refused.append(message)
            else:
                sent.append(message)
        cls.record_sent(sent, now)
        cls.record_refused(refused, now)

    @classmethod
    def claim(cls, messages):
        """The messages still queued, locked for this transaction; those
        another sender holds now are skipped"""
        transaction = Transaction()
        database = transaction.database
        table = cls.__table__()
        query = table.select(table.id,
            where=table.id.in_([m.id for m in messages] or [-1])
            & (table.state == 'queued'))
        if database.has_select_for():
            query.for_ = database.get_select_for_skip_locked()('UPDATE')
        cursor = transaction.connection.cursor()
        cursor.execute(*query)
        return cls.browse([i for i, in cursor])

    @classmethod
    def record_sent(cls, messages, now):
        for message in messages:
            message.state, message.sent_date = 'sent', now
            message.error = message.next_try = None
            message.tries += 1
            if message.sensitive:
                message.payload, message.data = None, None
        cls.save(messages)
        cls.tell_origins_later(messages, 'outbox_sent')

    @classmethod
    def record_refused(cls, messages, now):
        "Try again later, or give up after the last try"
        limit = setting('tries', 12)
        failed = []
        for message in messages:
            message.tries += 1
            if (message.tries >= limit
                    or (message.expires and message.expires < now)):
                message.state, message.next_try = 'failed', None
                if message.sensitive:
                    message.payload, message.data = None, None
                failed.append(message)
            else:
                message.next_try = now + backoff(message.tries)
            logger.warning("outbox message %s (%s to %s) refused, try %s: "
                "%s", message.id, message.channel, message.recipient,
                message.tries, message.error)
        cls.save(messages)
        cls.tell_origins_later(failed, 'outbox_failed')

    @classmethod
    @without_check_access
    def send_due(cls, now=None):
        """Queue again the messages due for another try, and those whose
        task was lost (a killed worker): they are past their lease (cron)"""
        now = now or calendar.now()
        messages = cls.search([
                ('state', '=', 'queued'), ('next_try', '<=', now)],
            order=[('next_try', 'ASC')], limit=1000)
        lease = dt.timedelta(seconds=setting('lease', 300))
        cls.write(messages, {'next_try': now + lease})
        cls.push(messages)
        return messages

    @classmethod
    @ModelView.button
    def retry(cls, messages):
        """Staff try the messages not sent again now; a failed one gets a
        new round of tries (a message queued again with its key, too)"""
        lease = dt.timedelta(seconds=setting('lease', 300))
        values = {'state': 'queued', 'next_try': calendar.now() + lease}
        # an erased one-time code has nothing left to send
        messages = [m for m in messages if m.payload or m.data]
        failed = [m for m in messages if m.state == 'failed']
        queued = [m for m in messages if m.state == 'queued']
        to_write = []
        for records, record_values in [
                (failed, {**values, 'tries': 0}), (queued, values)]:
            if records:
                to_write.extend((records, record_values))
        if to_write:
            cls.write(*to_write)
        cls.push(failed + queued)


def send_email(message):
    """Send the e-mail (data: the whole message, its Message-ID made from
    the key) through trytond's SMTP; a refusal is a GatewayError"""
    try:
        # strict: a mail the server refused is not a mail sent
        send_message(email_of(message.data), strict=True)
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("smtp %s: %s", message.recipient, error)
        raise GatewayError(gettext('mycar_partner.msg_gateway_failed',
                recipient=message.recipient, gateway='smtp')) from error
    return {}


def email_of(data):
    return email.message_from_bytes(data, policy=email.policy.SMTP)


def email_message(message, key, origin=None, company=None):
    """The unsaved outbox message of an email.message.EmailMessage; its
    Message-ID carries the key, so a mail sent twice reads as one"""
    del message['Message-ID']
    message['Message-ID'] = f'<{key}@outbox.mycar>'
    return Pool().get('mycar.outbox.message')(channel='email', key=key,
        recipient=message['To'], data=message.as_bytes(), origin=origin,
        company=company)
