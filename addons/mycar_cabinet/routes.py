# This file is part of the MyCar partner platform.
"""What the payment organisation calls back."""
import logging

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.protocols.jsonrpc import json
from trytond.protocols.wrappers import Response, with_pool, with_transaction
from trytond.transaction import Transaction
from trytond.wsgi import app

from .exceptions import PaymentForged

logger = logging.getLogger(__name__)


def reply(status, message):
    return Response(json.dumps({'message': message}), status,
        content_type='application/json')


@app.route('/<database_name>/mycar/payment/callback', methods={'POST'})
@with_pool
@with_transaction()
def payment_callback(request, pool):
    "A signed notice that a payment is made; replays change nothing"
    PaymentRequest = pool.get('mycar.payment.request')
    try:
        payment = PaymentRequest.receive_callback(
            request.get_data(), request.headers.get('X-Signature'))
    except PaymentForged as error:
        Transaction().rollback()
        return reply(403, error.message)
    except UserError as error:
        # any other failure: the organisation retries, and a retry is
        # idempotent
        Transaction().rollback()
        logger.warning("payment callback not taken: %s", error.message)
        return reply(503, error.message)
    return reply(200, payment.state)


@app.route('/<database_name>/mycar/payment/done', methods={'GET'})
@with_pool
@with_transaction()
def payment_done(request, pool):
    "Where the payer lands after the payment page"
    return reply(200, gettext('mycar_cabinet.msg_payment_done'))
