# This file is part of the MyCar partner platform.
from trytond.report import Report

from trytond.modules.mycar_partner.report import document_languages, send_email


class RequestNotice(Report):
    __name__ = 'mycar.garage.request.notice'

    @classmethod
    def send(cls, request, to):
        "The request, by e-mail to a service advisor, in Russian and Kazakh"
        send_email(cls, request, to, document_languages())
