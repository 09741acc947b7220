# This file is part of the MyCar partner platform.
"""Helpers for the cross-module tests."""
import contextlib
from importlib.metadata import entry_points

from trytond.transaction import Transaction


def our_modules():
    "The Tryton modules this repository ships"
    return sorted(
        ep.name for ep in entry_points(group='trytond.modules')
        if ep.name.startswith('mycar_'))


@contextlib.contextmanager
def as_user(user):
    "Act as user with access rights and record rules enforced"
    transaction = Transaction()
    with transaction.set_user(user.id), \
            transaction.set_context(
                _check_access=True, company=user.company.id
                if getattr(user, 'company', None) else None):
        yield
