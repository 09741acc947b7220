# This file is part of the MyCar partner platform.
"""Helpers of the billing scenarios."""
from trytond.exceptions import UserError
from trytond.pool import Pool
from trytond.transaction import Transaction, TransactionError


def run(database, function, user=0, check_access=False):
    """function(pool) in a committed transaction of its own, as a request
    of user (with its rights and rules when check_access) would be: queued
    tasks at once, retried as trytond retries (record locks); a refusal
    returns its message, nothing saved"""
    extras = {}
    context = {'queue_now': True, '_check_access': check_access}
    while True:
        with Transaction().start(
                database, user, context=context, **extras) as transaction:
            try:
                result = function(Pool())
            except TransactionError as error:
                transaction.rollback()
                error.fix(extras)
                continue
            except UserError as error:
                transaction.rollback()
                return error.message
            transaction.commit()
            return result
