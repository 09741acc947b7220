# This file is part of the MyCar partner platform.
"""One-time codes sent by SMS (A3 §4.1.1, cabinet login), stored hashed."""
import datetime as dt
import hashlib
import hmac
import secrets

from trytond.config import config
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.model import model_selection

from .exceptions import OTPError
from .outbox import text_message
from .phone import normalise

SECTION = 'mycar_otp'


def setting(name, default):
    return config.getint(SECTION, name, default=default)


class OneTimeCode(ModelSQL, ModelView):
    "One-time code"
    __name__ = 'mycar.otp'
    __string__ = "One-Time Code"

    phone = fields.Char("Phone", required=True, readonly=True)
    purpose = fields.Char("Purpose", required=True, readonly=True,
        help="What the code confirms, e.g. login or a work order.")
    reference = fields.Reference(
        "Reference", selection='get_references', readonly=True)
    code_hash = fields.Char("Code Hash", required=True, readonly=True)
    salt = fields.Char("Salt", required=True, readonly=True)
    expires = fields.DateTime("Expires", required=True, readonly=True)
    attempts = fields.Integer("Wrong Attempts", required=True, readonly=True)
    state = fields.Selection([
            ('active', "Active"),
            ('used', "Used"),
            ('replaced', "Replaced"),
            ('expired', "Expired"),
            ('locked', "Locked"),
            ], "State", required=True, readonly=True)
    used_date = fields.DateTime("Used", readonly=True)

    def get_rec_name(self, name):
        "The code's purpose and its phone, the middle digits hidden"
        phone = self.phone or ''
        return f'{self.purpose} · {phone[:5]}•••{phone[-2:]}'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.phone, Index.Equality()),
                    (t.create_date, Index.Range())),
                Index(t, (t.phone, Index.Equality()),
                    (t.purpose, Index.Equality()),
                    where=t.state == 'active'),
                })
        cls._order = [('create_date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def _get_references(cls):
        "Models a code may confirm; modules add theirs"
        return ['party.party']

    @classmethod
    def get_references(cls):
        return model_selection(cls._get_references())

    @staticmethod
    def _hash(code, salt):
        secret = config.get(SECTION, 'secret', default='').encode()
        return hmac.new(secret + salt.encode(), code.encode(),
            hashlib.sha256).hexdigest()

    @classmethod
    def issue(cls, phone, purpose, message, reference=None, length=None,
            ip_address=None, **message_values):
        """Send a new code to phone by SMS (through the outbox, after the
        commit) and return its record (saved hashed); it
        replaces the codes sent before for the same purpose and reference.
        The request counts against the limits (CodeRequest).

        message is the id of the text; its %(code)s receives the code."""
        phone = normalise(phone)
        length = length or setting('length', 6)
        Pool().get('mycar.otp.request').register(phone, ip_address)
        cls.write(cls.search([
                    ('phone', '=', phone), ('purpose', '=', purpose),
                    ('reference', '=', str(reference) if reference else None),
                    ('state', '=', 'active')]), {'state': 'replaced'})
        code = ''.join(secrets.choice('0123456789') for _ in range(length))
        salt = secrets.token_hex(8)
        record, = cls.create([{
                    'phone': phone, 'purpose': purpose,
                    'reference': str(reference) if reference else None,
                    'code_hash': cls._hash(code, salt), 'salt': salt,
                    'attempts': 0, 'state': 'active',
                    'expires': calendar.now() + dt.timedelta(
                        seconds=setting('lifetime', 300)),
                    }])
        # the code's text is erased from the outbox once sent or expired
        Pool().get('mycar.outbox.message').queue([text_message('sms', phone,
                    gettext(message, code=code, **message_values),
                    origin=record, sensitive=True, expires=record.expires)])
        return record

    @classmethod
    def verify(cls, phone, purpose, code, reference=None):
        """The code record when code is right; otherwise count the wrong
        attempt (it stays counted) and refuse"""
        phone = normalise(phone)
        domain = [('phone', '=', phone), ('purpose', '=', purpose),
            ('state', 'in', ['active', 'locked'])]
        if reference:
            domain.append(('reference', '=', str(reference)))
        records = cls.search(domain, limit=1)
        if not records:
            raise OTPError(gettext('mycar_cabinet.msg_otp_none'))
        record, = records
        outcome, left = record._check(code or '')
        if outcome != 'used':
            cls._record_outcome(record, outcome)
            raise OTPError(gettext(
                    'mycar_cabinet.msg_otp_%s' % outcome, remaining=left))
        cls.write([record], {
                'state': 'used', 'used_date': calendar.now()})
        return record

    def _check(self, code):
        "The outcome (used, wrong, expired, locked) and the tries left"
        left = setting('attempts', 5) - self.attempts
        if self.state == 'locked':
            return 'locked', 0
        if self.expires <= calendar.now():
            return 'expired', left
        if hmac.compare_digest(self.code_hash, self._hash(code, self.salt)):
            return 'used', left
        return ('wrong' if left > 1 else 'locked'), left - 1

    @classmethod
    def _record_outcome(cls, record, outcome):
        "In a transaction of its own: the refusal rolls the caller's back"
        values = {'state': 'active' if outcome == 'wrong' else outcome}
        if outcome in {'wrong', 'locked'} and record.state != 'locked':
            values['attempts'] = record.attempts + 1
        with Transaction().new_transaction() as transaction:
            cls.write([cls(record.id)], values)
            transaction.commit()


class CodeRequest(ModelSQL):
    """A request for a code, sent or not: what the limits count, whether
    the number is a client's or not, so that the answers do not tell"""
    __name__ = 'mycar.otp.request'
    __string__ = "Code Request"

    phone = fields.Char("Phone", required=True, readonly=True)
    ip_address = fields.Char("IP Address", readonly=True)
    date = fields.DateTime("Date", required=True, readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.phone, Index.Equality()),
                    (t.date, Index.Range())),
                Index(t, (t.ip_address, Index.Equality()),
                    (t.date, Index.Range())),
                Index(t, (t.date, Index.Range())),
                })

    @classmethod
    def register(cls, phone, ip_address=None):
        """Count a request for a code to phone from ip_address (a client's
        address, when a client asks), or refuse it over a limit: per phone
        and per address in an hour, and in all per minute ([mycar_otp]
        max_per_hour, max_per_ip_hour, max_per_minute)"""
        now = calendar.now()
        hour, minute = now - dt.timedelta(hours=1), now - dt.timedelta(
            minutes=1)
        limits = [
            ([('phone', '=', phone), ('date', '>', hour)],
                setting('max_per_hour', 5)),
            ([('date', '>', minute)], setting('max_per_minute', 120)),
            ]
        if ip_address:
            limits.append(
                ([('ip_address', '=', ip_address), ('date', '>', hour)],
                    setting('max_per_ip_hour', 20)))
            # anonymous requests (the cabinet's login), the flood's way in,
            # are counted one after the other: the transaction starts
            # again holding the table; a Partner's user asks for codes
            # mid-way through its own work, which a restart would repeat
            cls.lock()
        for domain, limit in limits:
            if cls.search_count(domain) >= limit:
                raise OTPError(gettext('mycar_cabinet.msg_otp_rate_limited'))
        cls.create([{'phone': phone, 'ip_address': ip_address, 'date': now}])
