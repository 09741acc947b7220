# This file is part of the MyCar partner platform.
import threading
from io import BytesIO

import relatorio.reporting
from genshi.filters import Translator
from trytond.config import config
from trytond.pool import Pool
from trytond.report import Report, get_email
from trytond.report.report import MIMETYPES, TranslateFactory
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


class MycarReport(Report):
    """A report of ours: its Genshi template is parsed, given its
    translator and prepared once per process and report version, then
    only generated. Tryton 8.0 caches a copy of the unprepared template
    and adds the translator's directives to a shallow copy at every
    render, which nests Genshi's i18n directives one level deeper each
    time in the structure the copies share: each render was slower, and
    the 326th render of a template in a process overflowed Python's stack
    (a queue worker then failed every act it delivered). Only i18n:msg
    is used in our templates: its directive keeps no state of a render,
    so the renders of threads may share a template (i18n:choose would
    not)"""

    @classmethod
    def render(cls, report, report_context):
        if report.template_extension not in {'html', 'xhtml'}:
            return super().render(report, report_context)
        template, translate = prepared(cls, report)
        if translate:
            report_context = {**report_context,
                'gettext': translate.gettext,
                'ngettext': translate.ngettext}
        data = template.generate(**report_context).render()
        return data.getvalue() if hasattr(data, 'getvalue') else data


class PoolTranslate(TranslateFactory):
    """The texts of a report's template, from the translations of the
    current pool: a template outlives a pool rebuilt in its process"""

    def __init__(self, report_name):
        self.report_name = report_name

    @property
    def translation(self):
        return Pool().get('ir.translation')


_templates = {}
_templates_lock = threading.Lock()


def prepared(report_class, report):
    """(template, translate) of report (an ir.action.report) for
    report_class in this process, made once for each of its versions: a
    Genshi template, once prepared, is only read by its renders"""
    key = (Transaction().database.name, report.id,
        report.write_date or report.create_date)
    if key in _templates:  # every render but the first: no lock
        return _templates[key]
    with _templates_lock:
        if key not in _templates:
            loader = relatorio.reporting.MIMETemplateLoader()
            klass = loader.factories[loader.get_type(
                        MIMETYPES[report.template_extension])]
            template = klass(BytesIO(report.report_content))
            translate = None
            if report.translatable:  # as Report._callback_loader
                translate = PoolTranslate(report_class.__name__)
                translator = Translator(translate)
                template.filters.append(translator)
                template.add_directives(Translator.NAMESPACE, translator)
            template.stream  # prepared now, under the lock
            _templates[key] = template, translate
        return _templates[key]


class PdfReport(MycarReport):
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


def report_email_message(report, record, to, languages, attachments=()):
    """The outbox message (not queued yet) e-mailing the report rendered
    for record, with (name, pdf) attachments: a caller e-mailing many
    records queues theirs at once, one task for the workers"""
    message = report_email(report, record, languages, attachments)
    message['To'] = to
    return email_message(message, new_key(), origin=record,
        company=getattr(record, 'company', None))


def send_email(report, record, to, languages, attachments=()):
    """E-mail the report rendered for record, with (name, pdf) attachments,
    through the outbox: sent after the commit, tried until delivered"""
    Pool().get('mycar.outbox.message').queue([report_email_message(
                report, record, to, languages, attachments)])


def document_languages():
    """Kazakh and Russian; Russian, the binding language (§11.3), last: it
    gives the subject and is the alternative mail readers show"""
    return Pool().get('ir.lang').search(
        [('code', 'in', DOCUMENT_LANGUAGES)], order=[('code', 'ASC')])


class ApplicationReport(PdfReport):
    __name__ = 'mycar.partner.application'


class AcceptanceNotice(MycarReport):
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


class TerminationNotice(MycarReport):
    __name__ = 'mycar.partner.agreement.termination_notice'

    @classmethod
    def send(cls, agreement):
        "MyCar's notice of unilateral termination, by e-mail (§9.4)"
        send_email(cls, agreement, agreement.edition.email,
            document_languages())
