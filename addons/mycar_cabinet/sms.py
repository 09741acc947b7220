# This file is part of the MyCar partner platform.
"""The SMS gateway's adapter ([mycar_sms] in trytond.conf)."""
from .gateway import MessageGateway


class SMSGateway(MessageGateway):
    section = 'mycar_sms'
