# This file is part of the MyCar partner platform.
"""Helpers for the cross-module tests."""
import contextlib
import datetime as dt
import itertools

from trytond.pool import Pool
from trytond.transaction import Transaction

from trytond.modules.mycar_partner.tests.activation import (  # noqa: F401
    our_modules,
)

EDITIONS = itertools.count(1)


@contextlib.contextmanager
def as_user(user):
    "Act as user with access rights and record rules enforced"
    transaction = Transaction()
    with transaction.set_user(user.id), \
            transaction.set_context(
                _check_access=True, company=user.company.id
                if getattr(user, 'company', None) else None):
        yield


def make_application(company, bin_='050540004455',
        iban='KZ706018771000735551', role='service_advisor'):
    "A draft first application of company's Partner, complete"
    pool = Pool()
    Application = pool.get('mycar.partner.application')
    Service = pool.get('mycar.service')
    garage, = Service.search([('code', '=', 'garage')])
    application, = Application.create([{
                'company': company, 'edition': next(EDITIONS),
                'edition_date': dt.date(2026, 3, 16),
                'full_name': f"ТОО «{company.rec_name}»",
                'bin': bin_, 'residency': 'resident',
                'legal_address': "Алматы", 'registration_document': "Справка",
                'oked': '45200', 'bank_name': "Halyk", 'bic': 'HSBKKZKX',
                'iban': iban, 'contact_name': "Асель",
                'contact_position': "Директор",
                'contact_phone': '+77010000001',
                'email': f'director{company.id}@example.kz',
                'signatory_name': "Асель", 'signatory_position': "Директор",
                'signatory_authority': "Устав",
                'signature_date': dt.date(2026, 3, 16),
                'services': [('create', [{'service': garage, 'quantity': 1}])],
                'employees': [('create', [{
                                'name': "Ерлан", 'position': "Мастер",
                                'role': role,
                                'email':
                                    f'staff{bin_}-{company.id}@example.kz',
                                'consent': True,
                                'services': [('add', [garage.id])]}])],
                }])
    return application


def accept_partner(mycar, name, bin_, iban):
    "A Partner accepted with a partner administrator and an API key"
    pool = Pool()
    Application = pool.get('mycar.partner.application')
    Attachment = pool.get('ir.attachment')
    UserApplication = pool.get('res.user.application')
    User = pool.get('res.user')
    application = make_application(mycar, bin_=bin_, iban=iban,
        role='partner_admin')
    Application.write([application], {'full_name': name})
    Attachment.create([{'name': 'charter.pdf', 'data': b'%PDF',
                'resource': str(application)}])
    Application.receive([application])
    Application.accept([application])
    admin, = User.search([('company', '=', application.company.id)])
    key, = UserApplication.create([{
                'user': admin, 'application': 'mycar_partner',
                'state': 'validated'}])
    return application.company.id, key.key, key.id
