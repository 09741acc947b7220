# This file is part of the MyCar partner platform.
"""An SMTP sink: a real SMTP server on loopback that keeps every message
it receives in a Maildir, where tests and people read them."""
import email
import email.policy
import mailbox
import pathlib
import time

from aiosmtpd.controller import Controller


class MaildirHandler:
    def __init__(self, maildir):
        self.maildir = maildir

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.original_content or envelope.content,
            policy=email.policy.default)
        message['X-Sandbox-Rcpt-To'] = ', '.join(envelope.rcpt_tos)
        message['X-Sandbox-Mail-From'] = envelope.mail_from or ''
        message['X-Sandbox-Received'] = str(time.time_ns())
        self.maildir.add(message)
        return '250 Message accepted for delivery'


class SMTPSink:
    "The SMTP server; start() and stop() it, read it with Mailbox"

    def __init__(self, directory, host='127.0.0.1', port=2525):
        self.directory = pathlib.Path(directory)
        self.host, self.port = host, port
        self.maildir = mailbox.Maildir(self.directory / 'mail', create=True)
        self.controller = Controller(
            MaildirHandler(self.maildir), hostname=host, port=port)

    @property
    def url(self):
        return f'smtp://{self.host}:{self.port}'

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()


def _parse(file):
    return email.message_from_binary_file(file, policy=email.policy.default)


def text_of(message):
    "The plain text body of a message"
    part = message.get_body(preferencelist=('plain', 'html'))
    return part.get_content() if part else ''


class Mailbox:
    "The messages an SMTPSink received, newest last"

    def __init__(self, directory):
        self.path = pathlib.Path(directory) / 'mail'

    def messages(self, to=None):
        return [message for _, message in self.entries(to)]

    def entries(self, to=None):
        "[(key, message)] received, newest last"
        if not self.path.exists():
            return []
        box = mailbox.Maildir(self.path, create=False, factory=_parse)
        entries = sorted(
            ((key, box[key]) for key in box.keys()),
            key=lambda e: int(e[1].get('X-Sandbox-Received', 0)))
        if to:
            entries = [(k, m) for k, m in entries
                if to in m.get('X-Sandbox-Rcpt-To', '')]
        return entries

    def get(self, key):
        "The message of key, or None"
        if not self.path.exists() or '/' in key:
            return None
        box = mailbox.Maildir(self.path, create=False, factory=_parse)
        try:
            return box[key]
        except KeyError:
            return None

    def clear(self):
        if self.path.exists():
            box = mailbox.Maildir(self.path, create=False)
            box.clear()
