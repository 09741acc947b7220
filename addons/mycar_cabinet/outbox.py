# This file is part of the MyCar partner platform.
"""The cabinet's channels of the outbox: SMS, push, messenger and the
payment organisation, the certification centre."""
from trytond.pool import Pool, PoolMeta

from .certification import send_registration
from .messenger import MessengerGateway
from .payment_organisation import send_payment
from .push import PushGateway
from .sms import SMSGateway

GATEWAYS = {
    'sms': SMSGateway, 'push': PushGateway, 'messenger': MessengerGateway}


class Message(metaclass=PoolMeta):
    __name__ = 'mycar.outbox.message'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.channel.selection.extend([
                ('sms', "SMS"),
                ('push', "Push"),
                ('messenger', "Messenger"),
                ('payment', "Payment organisation"),
                ('certification', "Certification centre"),
                ])

    @classmethod
    def _get_origins(cls):
        return super()._get_origins() + [
            'mycar.otp', 'mycar.notification.delivery',
            'mycar.payment.request', 'mycar.cabinet.document']

    @classmethod
    def _senders(cls):
        return {**super()._senders(),
            **{channel: send_text for channel in GATEWAYS},
            'payment': send_payment, 'certification': send_registration}


def send_text(message):
    "Send the text through its channel's gateway, once per key"
    gateway = GATEWAYS[message.channel]()
    return {'id': gateway.send(
            message.recipient, message.payload['text'], key=message.key)}


def text_message(channel, to, text, origin=None, company=None, **values):
    "The unsaved outbox message of a text to to by channel"
    return Pool().get('mycar.outbox.message')(channel=channel,
        recipient=to, payload={'text': text}, origin=origin,
        company=company, **values)
