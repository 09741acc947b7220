# This file is part of the MyCar partner platform.
"""The outbox: sent after the commit, once per key, tried again with
backoff, failed after the last try, never rolling the business back."""
import datetime as dt
import tempfile
import unittest
from email.message import EmailMessage

from trytond.config import config
from trytond.pool import Pool
from trytond.tests.test_tryton import drop_db, with_transaction
from trytond.transaction import Transaction

from sandbox.server import free_port
from sandbox.smtp import Mailbox, SMTPSink
from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.outbox import (
    backoff,
    email_message,
    new_key,
)
from trytond.modules.mycar_partner.tests.activation import activate


class BackoffTestCase(unittest.TestCase):

    def test_doubles_from_30_seconds_up_to_an_hour(self):
        self.assertEqual([backoff(t).total_seconds() for t in range(1, 10)],
            [30, 60, 120, 240, 480, 960, 1920, 3600, 3600])


def mail(to='buh@astana-motors.kz', key=None):
    message = EmailMessage()
    message['From'], message['To'] = 'noreply@mycar.kz', to
    message['Subject'] = "Акт"
    message.set_content("Акт за ноябрь")
    return email_message(message, key or new_key())


class OutboxTestCase(unittest.TestCase):
    "The outbox of mycar_partner, with the e-mail channel"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate(['mycar_partner'])

    @classmethod
    def tearDownClass(cls):
        drop_db()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.uri = config.get('email', 'uri')
        self.addCleanup(config.set, 'email', 'uri', self.uri)

    def smtp(self, up):
        "An SMTP server on a free port, up or not"
        port = free_port()
        config.set('email', 'uri', f'smtp://127.0.0.1:{port}')
        if not up:
            return None
        directory = self.enterContext(tempfile.TemporaryDirectory())
        sink = SMTPSink(directory, port=port).start()
        self.addCleanup(sink.stop)
        return Mailbox(directory)

    @with_transaction()
    def test_one_message_per_key(self):
        "Queuing a key again is the message already queued"
        Message = Pool().get('mycar.outbox.message')
        first, = Message.queue([mail(key='act-1')])
        again, other = Message.queue([mail(key='act-1'), mail(key='act-2')])
        self.assertEqual(again, first)
        self.assertNotEqual(other, first)
        self.assertEqual(Message.search([], count=True), 2)

    @with_transaction()
    def test_sent_after_the_commit_only(self):
        "Queuing sends nothing: a task is queued for after the commit"
        Message = Pool().get('mycar.outbox.message')
        mailbox = self.smtp(up=True)
        before = len(Transaction().tasks)
        message, = Message.queue([mail()])
        self.assertEqual(len(Transaction().tasks), before + 1)
        self.assertEqual((message.state, message.tries), ('queued', 0))
        self.assertEqual(mailbox.messages(), [])
        Message.deliver([message])
        self.assertEqual((message.state, message.tries), ('sent', 1))
        self.assertEqual(len(mailbox.messages()), 1)
        Message.deliver([message])  # a second task finds it sent
        self.assertEqual(len(mailbox.messages()), 1)

    @with_transaction()
    def test_refusals_back_off_then_fail(self):
        Message = Pool().get('mycar.outbox.message')
        self.smtp(up=False)
        message, = Message.queue([mail()])
        for tries in range(1, 12):
            start = calendar.now()
            Message.deliver([message])
            self.assertEqual((message.state, message.tries),
                ('queued', tries))
            self.assertIn('smtp', message.error)
            self.assertGreaterEqual(message.next_try, start + backoff(tries))
        Message.deliver([message])
        self.assertEqual((message.state, message.tries, message.next_try),
            ('failed', 12, None))
        Message.retry([message])
        self.assertEqual((message.state, message.tries), ('queued', 0))

    @with_transaction()
    def test_sweep_takes_what_is_due(self):
        """The cron queues again what is due, and what a lost task left
        past its lease, then leaves it a new lease"""
        Message = Pool().get('mycar.outbox.message')
        due, later = Message.queue([mail(), mail()])
        now = calendar.now()
        Message.write([due], {'next_try': now - dt.timedelta(seconds=1)})
        Message.write([later], {'next_try': now + dt.timedelta(minutes=1)})
        self.assertEqual(Message.send_due(now), [due])
        self.assertGreater(due.next_try, now)
        self.assertEqual(Message.send_due(now), [])

    @with_transaction()
    def test_a_sensitive_message_is_erased_once_sent_or_expired(self):
        Message = Pool().get('mycar.outbox.message')
        self.smtp(up=True)
        sent, expired = mail(), mail()
        for message in [sent, expired]:
            message.sensitive = True
        expired.expires = calendar.now() - dt.timedelta(seconds=1)
        Message.queue([sent, expired])
        Message.deliver([sent, expired])
        self.assertEqual([(m.state, m.data) for m in [sent, expired]],
            [('sent', None), ('failed', None)])
        self.assertEqual(expired.error, 'Expired before it could be sent.')

