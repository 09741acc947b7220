# This file is part of the MyCar partner platform.
"""The act of completed works (form Р-1) as PDF, in Russian and Kazakh."""
from trytond.pool import Pool
from trytond.transaction import Transaction

from trytond.modules.mycar_partner.report import (
    MycarReport,
    PdfReport,
    document_languages,
    report_email_message,
)

from .billing import significant


class ActReport(PdfReport):
    __name__ = 'mycar.billing.act'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        Configuration = Pool().get('mycar.partner.configuration')
        language = Transaction().context.get('language') or 'ru'
        context['issuer'] = Configuration(1).billing_company
        context['words'] = lambda act: act.amount_in_words(language)
        context['significant'] = significant
        return context


class ActNotice(MycarReport):
    __name__ = 'mycar.billing.act.notice'

    @classmethod
    def message(cls, act, to, rendered=None):
        """The outbox e-mail (to queue) of the act as PDF in Russian and
        Kazakh to the Partner; rendered {language code: PDF} are not
        rendered again"""
        Act = Pool().get('mycar.billing.act', type='report')
        rendered = dict(rendered or {})
        attachments = []
        for language in document_languages():
            if language.code not in rendered:
                with Transaction().set_context(language=language.code):
                    rendered[language.code] = Act.execute([act.id], {})[1]
            attachments.append((f'{act.number}-{language.code}.pdf',
                    rendered[language.code]))
        return report_email_message(
            cls, act, to, document_languages(), attachments)


class ReconciliationReport(PdfReport):
    __name__ = 'mycar.billing.reconciliation'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        Configuration = Pool().get('mycar.partner.configuration')
        context['issuer'] = Configuration(1).billing_company
        return context
