# This file is part of the MyCar partner platform.
"""The sandbox's own web page: what every stand-in received, for people
trying the demo (the tests read the stand-ins directly)."""
import html
import json
import re
import urllib.parse

from .server import Handler as BaseHandler
from .server import ThreadedServer
from .sms import SMSOutbox
from .smtp import Mailbox, text_of


def html_of(message):
    "The HTML body of a message, or None"
    part = message.get_body(preferencelist=('html',))
    return part.get_content() if part else None


def mail_summary(key, message):
    return {
        'id': key,
        'from': message.get('From', ''),
        'to': message.get('X-Sandbox-Rcpt-To', ''),
        'subject': message.get('Subject', ''),
        'date': message.get('Date', ''),
        'text': text_of(message),
        'html': html_of(message),
        'attachments': [
            part.get_filename() for part in message.iter_attachments()],
        }


ATTACHMENT = re.compile(r'^/mail/([\w.,:-]+)/(\d+)$')


class Handler(BaseHandler):
    mailbox = None
    outbox = None

    def do_GET(self):
        if match := ATTACHMENT.match(self.path):
            return self.attachment(match.group(1), int(match.group(2)))
        mails = [mail_summary(*e) for e in self.mailbox.entries()]
        if self.path.startswith('/mail.json'):
            self.reply(200, json.dumps(mails, indent=1).encode(),
                'application/json')
        elif self.path.startswith('/sms.json'):
            self.reply_json(200, self.outbox.messages())
        elif self.path in {'/', '/mail'}:
            self.reply(200, self.page(mails).encode(),
                'text/html; charset=utf-8', headers={
                    # the mails' HTML fetches nothing, runs nothing
                    'Content-Security-Policy': "default-src 'none'; "
                    "style-src 'unsafe-inline'; img-src data:; "
                    "frame-src 'self'"})
        else:
            self.send_error(404)

    def attachment(self, key, index):
        "The index-th attachment of a message, to open or save"
        message = self.mailbox.get(key)
        parts = list(message.iter_attachments()) if message else []
        if index >= len(parts):
            return self.send_error(404)
        part = parts[index]
        data = part.get_payload(decode=True) or b''
        self.send_response(200)
        self.send_header('Content-Type', part.get_content_type())
        # what a sender attached is untrusted: saved, never run here
        # (this origin also serves the login codes of /sms.json)
        self.send_header('Content-Disposition',
            'attachment; filename*=UTF-8\'\'%s' % urllib.parse.quote(
                part.get_filename() or f'attachment-{index}'))
        self.send_header('X-Content-Type-Options', 'nosniff')
        self.send_header('Content-Security-Policy', 'sandbox')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    @staticmethod
    def body(mail):
        """The message as its reader sees it: its HTML in a sandboxed frame
        (no script, no form, nothing fetched from it), else its text"""
        if mail['html']:
            return ('<iframe sandbox="" referrerpolicy="no-referrer" '
                'srcdoc="{}"></iframe>'.format(html.escape(mail['html'])))
        return '<pre>{}</pre>'.format(html.escape(mail['text']))

    def page(self, mails):
        rows = ''.join(
            '<article><h2>{subject}</h2><p>{from_} → {to} · {date}</p>'
            '{body}<ul class="files">{files}</ul></article>'.format(
                subject=html.escape(m['subject']),
                from_=html.escape(m['from']), to=html.escape(m['to']),
                date=html.escape(m['date']), body=self.body(m),
                files=''.join(
                    '<li><a href="/mail/{}/{}">{}</a></li>'.format(
                        urllib.parse.quote(m['id']), i,
                        html.escape(name or f'attachment-{i}'))
                    for i, name in enumerate(m['attachments'])))
            for m in reversed(mails))
        return ('<!doctype html><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width">'
            '<title>MyCar sandbox: mail</title>'
            '<style>body{font-family:sans-serif;margin:1rem;max-width:60rem}'
            'article{border-bottom:1px solid #ccc;padding-bottom:1rem}'
            'iframe{width:100%;min-height:22rem;border:1px solid #ddd}'
            'pre{white-space:pre-wrap}</style>'
            '<h1>Mail received by the '
            f'sandbox ({len(mails)})</h1>{rows}')


class SandboxWeb(ThreadedServer):
    def __init__(self, directory, host='127.0.0.1', port=8025):
        super().__init__(type('BoundHandler', (Handler,), {
                    'mailbox': Mailbox(directory),
                    'outbox': SMSOutbox(directory)}), host, port)
