# This file is part of the MyCar partner platform.
"""The platform's own documents of a sale: the completion certificate of
the signed contract, and the invoice when the Partner gives none."""
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.party import bank_requisites, requisites
from trytond.modules.mycar_partner.report import PdfReport

from . import named


class DealReport(PdfReport):
    "A document of a sale, in its client's language"

    @classmethod
    def render_pdf(cls, deal):
        language = deal.party.lang.code if deal.party.lang else 'ru'
        with Transaction().set_context(language=language):
            return cls.execute([deal.id], {})[1]

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context.update(money=named.money, day=named.day, moment=moment,
            requisites=requisites, bank_requisites=bank_requisites)
        return context


def moment(value):
    "A stored UTC time as Almaty reads it, to the second"
    return calendar.to_local(value).strftime('%d.%m.%Y %H:%M:%S') \
        if value else ''


class CertificateReport(DealReport):
    "Completion certificate of a signed contract"
    __name__ = 'mycar.sales.deal.certificate'


class InvoiceReport(DealReport):
    "Invoice of a sale"
    __name__ = 'mycar.sales.deal.invoice'
