# This file is part of the MyCar partner platform.
import threading

from trytond.config import config
from trytond.pool import Pool
from trytond.report import Report, get_email
from trytond.tools.email_ import set_from_header
from trytond.transaction import Transaction

from .outbox import email_message, new_key

DOCUMENT_LANGUAGES = ['ru', 'kk']
_local = threading.local()


def fonts():
    """WeasyPrint's font configuration of this thread, made once: each
    render would otherwise set up fontconfig and Pango's font map again"""
    if getattr(_local, 'fonts', None) is None:
        from weasyprint.text.fonts import FontConfiguration
        _local.fonts = FontConfiguration()
    return _local.fonts


def html_to_pdf(html, fetcher=None):
    """The PDF of html by WeasyPrint with the thread's fonts, fetching
    only what the document carries (data: URLs) unless fetcher says"""
    import weasyprint
    return weasyprint.HTML(string=html, base_url=None,
        url_fetcher=fetcher or weasyprint.URLFetcher(
            allowed_protocols={'data'})).write_pdf(font_config=fonts())


class PdfReport(Report):
    "A report of HTML rendered to PDF by html_to_pdf"

    @classmethod
    def convert(cls, report, data, timeout=5 * 60, retry=5):
        output = report.extension or report.template_extension
        if report.template_extension in {'html', 'xhtml'} and output == 'pdf':
            return output, html_to_pdf(data)
        return super().convert(report, data, timeout=timeout, retry=retry)


def report_email(report, record, languages, attachments=()):
    """The e-mail of the report rendered for record, from MyCar, with
    (name, pdf) attachments; whom it goes to is the caller's"""
    message, title = get_email(report, record, languages)
    sender = config.get('email', 'from')
    set_from_header(message, sender, sender)
    message['Subject'] = title
    for name, data in attachments:
        message.add_attachment(
            data, maintype='application', subtype='pdf', filename=name)
    return message


def send_email(report, record, to, languages, attachments=()):
    """E-mail the report rendered for record, with (name, pdf) attachments,
    through the outbox: sent after the commit, tried until delivered"""
    message = report_email(report, record, languages, attachments)
    message['To'] = to
    Message = Pool().get('mycar.outbox.message')
    Message.queue([email_message(message, new_key(), origin=record,
                company=getattr(record, 'company', None))])


def document_languages():
    """Kazakh and Russian; Russian, the binding language (§11.3), last: it
    gives the subject and is the alternative mail readers show"""
    return Pool().get('ir.lang').search(
        [('code', 'in', DOCUMENT_LANGUAGES)], order=[('code', 'ASC')])


class ApplicationReport(PdfReport):
    __name__ = 'mycar.partner.application'


class AcceptanceNotice(Report):
    __name__ = 'mycar.partner.application.notice'

    @classmethod
    def send(cls, application):
        "The acceptance notice, with the application in Russian and Kazakh"
        Document = Pool().get('mycar.partner.application', type='report')
        attachments = []
        for language in document_languages():
            with Transaction().set_context(language=language.code):
                _, content, _, _ = Document.execute([application.id], {})
            attachments.append(
                (f'application-{application.bin}-{application.edition}'
                    f'-{language.code}.pdf', content))
        send_email(cls, application, application.email,
            document_languages(), attachments)


class TerminationNotice(Report):
    __name__ = 'mycar.partner.agreement.termination_notice'

    @classmethod
    def send(cls, agreement):
        "MyCar's notice of unilateral termination, by e-mail (§9.4)"
        send_email(cls, agreement, agreement.edition.email,
            document_languages())
