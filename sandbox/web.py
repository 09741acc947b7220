# This file is part of the MyCar partner platform.
"""The sandbox's own web page: what every stand-in received, for people
trying the demo (the tests read the stand-ins directly)."""
import html
import json

from .server import Handler as BaseHandler
from .server import ThreadedServer
from .sms import SMSOutbox
from .smtp import Mailbox, text_of


def mail_summary(message):
    return {
        'from': message.get('From', ''),
        'to': message.get('X-Sandbox-Rcpt-To', ''),
        'subject': message.get('Subject', ''),
        'date': message.get('Date', ''),
        'text': text_of(message),
        'attachments': [
            part.get_filename() for part in message.iter_attachments()],
        }


class Handler(BaseHandler):
    mailbox = None
    outbox = None

    def do_GET(self):
        mails = [mail_summary(m) for m in self.mailbox.messages()]
        if self.path.startswith('/mail.json'):
            self.reply(200, json.dumps(mails, indent=1).encode(),
                'application/json')
        elif self.path.startswith('/sms.json'):
            self.reply_json(200, self.outbox.messages())
        elif self.path in {'/', '/mail'}:
            self.reply(200, self.page(mails).encode(),
                'text/html; charset=utf-8')
        else:
            self.send_error(404)

    def page(self, mails):
        rows = ''.join(
            '<article><h2>{subject}</h2><p>{from_} → {to} · {date}</p>'
            '<pre>{text}</pre><p>{files}</p></article>'.format(
                subject=html.escape(m['subject']),
                from_=html.escape(m['from']), to=html.escape(m['to']),
                date=html.escape(m['date']), text=html.escape(m['text']),
                files=html.escape(', '.join(filter(None,
                            m['attachments']))))
            for m in reversed(mails))
        return ('<!doctype html><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width">'
            '<title>MyCar sandbox: mail</title><h1>Mail received by the '
            f'sandbox ({len(mails)})</h1>{rows}')


class SandboxWeb(ThreadedServer):
    def __init__(self, directory, host='127.0.0.1', port=8025):
        super().__init__(type('BoundHandler', (Handler,), {
                    'mailbox': Mailbox(directory),
                    'outbox': SMSOutbox(directory)}), host, port)
