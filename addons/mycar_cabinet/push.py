# This file is part of the MyCar partner platform.
"""The push service's adapter ([mycar_push] in trytond.conf): messages to
the MyCar app of a client, addressed by client ID."""
from .gateway import MessageGateway


class PushGateway(MessageGateway):
    section = 'mycar_push'
