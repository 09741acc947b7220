# This file is part of the MyCar partner platform.
"""Clients' web users: the cabinet's login is the mobile number and a
code sent to it by SMS; sessions expire after a while without use."""
import datetime as dt
import logging

from sql import Literal
from sql.operators import Equal
from trytond.config import config
from trytond.model import Exclude, Index, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar

from .phone import normalise

logger = logging.getLogger(__name__)
SECTION = 'mycar_cabinet'
LOGIN = 'login'
RESET_AFTER = dt.timedelta(minutes=1)


class User(metaclass=PoolMeta):
    __name__ = 'web.user'

    mobile = fields.Char("Mobile", readonly=True,
        help="The client's mobile number, their login to the cabinet.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        # a client logs in by mobile: the e-mail is optional for them
        cls.email.states['required'] &= ~Eval('mobile')
        cls.email.depends.add('mobile')
        cls._sql_constraints += [
            ('mobile_exclude', Exclude(t, (t.mobile, Equal),
                    where=t.active == Literal(True)),
                'mycar_cabinet.msg_web_user_mobile_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.mobile, Index.Equality()),
                where=t.active == Literal(True)))

    def get_rec_name(self, name):
        return self.email or self.mobile or super().get_rec_name(name)

    @classmethod
    def for_clients(cls, parties):
        "Give each client party its cabinet user, unless it has one"
        have = {u.party for u in cls.search([
                    ('party', 'in', [p.id for p in parties])])}
        users = [cls(party=p, mobile=p.client_mobile)
            for p in parties if p not in have]
        cls.save(users)
        return users

    @classmethod
    def send_login_code(cls, phone, ip_address=None):
        """Text a login code to phone if it is a client's login, asked from
        ip_address. An unknown number gets nothing, and the caller learns
        nothing: its requests count against the same limits."""
        pool = Pool()
        OneTimeCode = pool.get('mycar.otp')
        CodeRequest = pool.get('mycar.otp.request')
        phone = normalise(phone)
        if cls.search([('mobile', '=', phone)], limit=1):
            OneTimeCode.issue(phone, LOGIN, 'mycar_cabinet.msg_otp_login_text',
                ip_address=ip_address)
        else:
            CodeRequest.register(phone, ip_address)
            logger.info("login code asked for an unknown number")
        return phone

    @classmethod
    def login_by_code(cls, phone, code):
        "A new session key for the client whose code is right"
        OneTimeCode = Pool().get('mycar.otp')
        phone = normalise(phone)
        OneTimeCode.verify(phone, LOGIN, code)
        user, = cls.search([('mobile', '=', phone)], limit=1)
        return user.new_session()

    @classmethod
    def cabinet_user(cls, key):
        "The user of a live session, whose idle time starts again"
        return Pool().get('web.user.session').live_user(key)

    @classmethod
    def logout(cls, key):
        Pool().get('web.user.session').remove(key)


class UserSession(metaclass=PoolMeta):
    __name__ = 'web.user.session'

    @classmethod
    def live_user(cls, key):
        """The user of the session key if it is live, else None (an
        expired session goes). Its idle time starts again at most once a
        RESET_AFTER: a write at each page would cost more than the page"""
        sessions = cls.search([('key', '=', key)], limit=1) if key else []
        if not sessions:
            return None
        session, = sessions
        readonly = Transaction().readonly
        if session.expired:
            if not readonly:
                cls.delete(sessions)
            return None
        if not readonly and (
                calendar.now() - session.last_modified_at > RESET_AFTER):
            cls.write(sessions, {})
        return session.user

    @classmethod
    def timeout(cls):
        "Cabinet sessions end after idle_minutes without a request"
        return dt.timedelta(minutes=config.getint(
                SECTION, 'idle_minutes', default=30))
