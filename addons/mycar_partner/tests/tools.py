# This file is part of the MyCar partner platform.
"""Helpers of the scenarios."""
import datetime as dt
import re

from proteus import Model
from proteus.config import get_config
from trytond.config import config as trytond_config


def make_manager():
    "Make the scenario's user a MyCar partner manager"
    User, Group = Model.get('res.user'), Model.get('res.group')
    ModelData = Model.get('ir.model.data')
    config = get_config()
    admin = User(config.user)
    for name in ['group_mycar_partner_manager', 'group_mycar_admin']:
        admin.groups.append(Group(ModelData.get_id(
                    'mycar_partner', name, config.context)))
    admin.save()
    return admin


def use_smtp(sink):
    "Send the platform's mail to the sandbox's SMTP sink"
    trytond_config.set('email', 'uri', sink.url)
    trytond_config.set('email', 'from', 'MyCar Group <noreply@mycar.kz>')


def fill_application(application, bin_='050540004455', name="Astana",
        iban='KZ706018771000735551'):
    "The requisites of a complete application (P1)"
    application.full_name = f"ТОО «{name} Motors Service»"
    application.short_name = f"{name} Motors"
    application.bin = bin_
    application.legal_address = "010000, Астана, пр. Туран, 1"
    application.registration_document = (
        "Справка о государственной регистрации от 05.05.2005")
    application.oked = '45200'
    application.bank_name = "АО «Народный Банк Казахстана»"
    application.bic = 'HSBKKZKX'
    application.iban = iban
    application.contact_name = "Асель Жумабаева"
    application.contact_position = "Директор"
    application.contact_phone = '+77010000001'
    application.email = f'director@{name.lower()}-motors.kz'
    application.signatory_name = "Асель Жумабаева"
    application.signatory_position = "Директор"
    application.signatory_authority = "Устав"
    application.signature_date = dt.date(2026, 3, 16)
    application.edition_date = dt.date(2026, 3, 16)
    return application


def attach(record, name='founding-documents.pdf'):
    Attachment = Model.get('ir.attachment')
    attachment = Attachment(
        name=name, resource=record, data=b'%PDF-1.4 founding documents')
    attachment.save()
    return attachment


def link_in(text):
    "The set-password link of an invitation e-mail"
    return re.search(r'https?://[^\s"<>]+/mycar/set-password\?token=[\w-]+',
        text).group(0)


def accepted_partner(services, employees, **requisites):
    """A Partner accepted through its first application; services is
    [(service, quantity)], employees [(name, role, email, [services])]"""
    Application = Model.get('mycar.partner.application')
    application = fill_application(Application(edition=1), **requisites)
    for service, quantity in services:
        application.services.new(service=service, quantity=quantity)
    for name, role, email, granted in employees:
        employee = application.employees.new(name=name, position=role,
            role=role, email=email, consent=True)
        employee.services.extend(
            Model.get('mycar.service')(s.id) for s in granted)
    application.save()
    attach(application)
    application.click('receive')
    application.click('accept')
    return application



def run(database, function, user=0, check_access=False, context=None):
    """function(pool) in a committed transaction of its own, as a request
    of user would be (with its rights and rules when check_access):
    retried as trytond retries (record locks, concurrent updates), its
    queued tasks run after the commit; a refusal returns its message and
    saves nothing"""
    from trytond import backend
    from trytond.config import config
    from trytond.exceptions import UserError
    from trytond.pool import Pool
    from trytond.transaction import Transaction, TransactionError
    from trytond.worker import run_task
    extras = {}
    context = {**(context or {}), '_check_access': check_access}
    retries = config.getint('database', 'retry')
    while True:
        with Transaction().start(
                database, user, context=context, **extras) as transaction:
            try:
                result = function(Pool())
            except TransactionError as error:
                transaction.rollback()
                error.fix(extras)
                continue
            except backend.DatabaseOperationalError:
                # a concurrent update: trytond and the cabinet try again
                transaction.rollback()
                if not retries:
                    raise
                retries -= 1
                continue
            except UserError as error:
                transaction.rollback()
                transaction.tasks.clear()
                return error.message
            transaction.commit()
        while transaction.tasks:
            run_task(database, transaction.tasks.pop())
        return result


def rehearse(database, function, user=0):
    """What function(pool) would do, in a transaction rolled back after it:
    nothing is kept and nothing queued is run"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with Transaction().start(database, user) as transaction:
        try:
            return function(Pool())
        finally:
            transaction.rollback()
