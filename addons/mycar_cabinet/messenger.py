# This file is part of the MyCar partner platform.
"""The messenger's adapter ([mycar_messenger] in trytond.conf): messages
addressed by mobile number."""
from .gateway import MessageGateway


class MessengerGateway(MessageGateway):
    section = 'mycar_messenger'
