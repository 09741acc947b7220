# This file is part of the MyCar partner platform.
import json
import re
import smtplib
import urllib.error
import urllib.request
from email.message import EmailMessage

import pytest

from sandbox.server import free_port
from sandbox.smtp import Mailbox, SMTPSink, text_of
from sandbox.web import SandboxWeb


@pytest.fixture
def sink(tmp_path):
    server = SMTPSink(tmp_path, port=free_port()).start()
    yield server
    server.stop()


def send(sink, to, subject, body, attachment=None):
    message = EmailMessage()
    message['From'] = 'noreply@mycar.kz'
    message['To'] = to
    message['Subject'] = subject
    message.set_content(body)
    if attachment:
        message.add_attachment(
            attachment, maintype='application', subtype='pdf',
            filename='notice.pdf')
    with smtplib.SMTP(sink.host, sink.port, timeout=5) as client:
        client.send_message(message)


def test_received_mail_is_readable(sink, tmp_path):
    send(sink, 'partner@example.kz', "Уведомление об акцепте",
        "Заявление принято", attachment=b'%PDF-1.7')
    send(sink, 'other@example.kz', "Second", "Body")
    mailbox = Mailbox(tmp_path)
    first, second = mailbox.messages()
    assert first['Subject'] == "Уведомление об акцепте"
    assert text_of(first).strip() == "Заявление принято"
    assert [p.get_filename() for p in first.iter_attachments()] == [
        'notice.pdf']
    assert [m['Subject'] for m in mailbox.messages(
        to='other@example.kz')] == [second['Subject']]
    mailbox.clear()
    assert mailbox.messages() == []


def test_refuses_when_stopped(tmp_path):
    sink = SMTPSink(tmp_path, port=free_port()).start()
    sink.stop()
    with pytest.raises(OSError):
        send(sink, 'partner@example.kz', "Lost", "Nobody listens")
    assert Mailbox(tmp_path).messages() == []


def test_web_lists_mail(sink, tmp_path):
    web = SandboxWeb(tmp_path, port=free_port()).start()
    try:
        send(sink, 'partner@example.kz', "Hello", "World")
        with urllib.request.urlopen(f'{web.url}/mail.json') as response:
            mails = json.load(response)
        assert [(m['to'], m['subject']) for m in mails] == [
            ('partner@example.kz', "Hello")]
        with urllib.request.urlopen(f'{web.url}/') as response:
            assert "Hello" in response.read().decode()
    finally:
        web.stop()


def test_web_shows_html_mail_and_its_attachments(sink, tmp_path):
    "The page shows the HTML as sent, in a frame that runs nothing"
    web = SandboxWeb(tmp_path, port=free_port()).start()
    try:
        message = EmailMessage()
        message['From'] = 'noreply@mycar.kz'
        message['To'] = 'partner@example.kz'
        message['Subject'] = "Акт"
        message.set_content("Акт за ноябрь")
        message.add_alternative(
            '<p>Акт <b>за ноябрь</b></p><script>alert(1)</script>',
            subtype='html')
        message.add_attachment(b'%PDF-1.7 act', maintype='application',
            subtype='pdf', filename='акт.pdf')
        with smtplib.SMTP(sink.host, sink.port, timeout=5) as client:
            client.send_message(message)
        with urllib.request.urlopen(f'{web.url}/') as response:
            page = response.read().decode()
            assert "img-src data:" in response.headers[
                'Content-Security-Policy']
        assert '<iframe sandbox=""' in page
        assert '&lt;b&gt;за ноябрь&lt;/b&gt;' in page  # in srcdoc, escaped
        assert '<script>' not in page
        link, = re.findall(r'<a href="(/mail/[^"]+)">акт.pdf</a>', page)
        with urllib.request.urlopen(f'{web.url}{link}') as response:
            assert response.read() == b'%PDF-1.7 act'
            assert response.headers['Content-Type'] == 'application/pdf'
            # saved, never shown on the sandbox's origin
            assert response.headers['Content-Disposition'].startswith(
                'attachment;')
            assert response.headers['Content-Security-Policy'] == 'sandbox'
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f'{web.url}{link[:-1]}9')
    finally:
        web.stop()
