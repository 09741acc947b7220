# This file is part of the MyCar partner platform.

from trytond.modules.mycar_partner.report import (
    MycarReport,
    PdfReport,
    document_languages,
    send_email,
)


class RequestNotice(MycarReport):
    __name__ = 'mycar.garage.request.notice'

    @classmethod
    def send(cls, request, to):
        "The request, by e-mail to a service advisor, in Russian and Kazakh"
        send_email(cls, request, to, document_languages())


class OrderReport(PdfReport):
    "A work order, its invoice or its act, as data['kind'] says"
    __name__ = 'mycar.garage.order'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['kind'] = (data or {}).get('kind', 'work_order')
        return context
