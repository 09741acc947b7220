#!/usr/bin/env python3
# This file is part of the MyCar partner platform.
"""Load the demo data into an activated database (idempotent).

    python scripts/demo_data.py -c conf/demo.conf -d mycar

Creates MyCar Group as the main company, a MyCar staff user per role,
demo Partner companies with their administrators, and deadline clocks.
Every demo user's password is DEMO_PASSWORD."""
import argparse
import datetime as dt
from decimal import Decimal

from proteus import Model, config

DEMO_PASSWORD = 'mycar-demo-2026'
STAFF = [
    ('manager', "Айгерим Садыкова", 'role_mycar_partner_manager'),
    ('accountant', "Ержан Нурланов", 'role_mycar_accountant'),
    ('hotline', "Дана Касымова", 'role_mycar_hotline'),
    ('moderator', "Тимур Ахметов", 'role_mycar_moderator'),
    ]
PARTNERS = [
    # login prefix, name, BIN (valid check digit), OKED
    ('astana', "ТОО «Astana Motors Service»", '050540004455', '45200'),
    ('almaty', "ТОО «Almaty Auto Center»", '110240012342', '45111'),
    ]


def ref(module, fs_id):
    ModelData = Model.get('ir.model.data')
    return ModelData.get_id(module, fs_id, config.get_config().context)


def load_languages():
    Lang = Model.get('ir.lang')
    kk, = Lang.find([('code', '=', 'kk')])
    if not kk.translatable:
        kk.click('load_translations')


def tenge():
    Currency = Model.get('currency.currency')
    currencies = Currency.find([('code', '=', 'KZT')])
    if currencies:
        return currencies[0]
    currency = Currency(name="Казахстанский тенге", code='KZT',
        numeric_code='398', symbol='₸', rounding=Decimal('0.01'), digits=2)
    currency.save()
    return currency


def party(name, bin_, oked=None, iban=None):
    Party = Model.get('party.party')
    found = Party.find([('identifiers.code', '=', bin_)])
    if found:
        return found[0]
    record = Party(name=name, residency='resident', oked=oked)
    identifier = record.identifiers.new(type='kz_bin', code=bin_)
    assert identifier
    address = record.addresses.new()
    address.city = "Алматы"
    record.save()
    if iban:
        bank_account(record, iban)
    return record


def bank_account(owner, iban):
    Bank = Model.get('bank')
    Account = Model.get('bank.account')
    banks = Bank.find([('bic', '=', 'HSBKKZKX')])
    if banks:
        bank, = banks
    else:
        bank_party = party(
            "АО «Народный Банк Казахстана»", '940140000385')
        bank = Bank(party=bank_party, bic='HSBKKZKX')
        bank.save()
    account = Account(bank=bank)
    account.owners.append(Model.get('party.party')(owner.id))
    account.numbers.new(type='iban', number=iban)
    account.save()


def company(party_, currency):
    Company = Model.get('company.company')
    found = Company.find([('party', '=', party_.id)])
    if found:
        return found[0]
    record = Company(party=party_, currency=currency,
        timezone='Asia/Almaty')
    record.save()
    return record


def user(login, name, role, company_):
    User = Model.get('res.user')
    found = User.find([('login', '=', login)])
    if found:
        return found[0]
    Role = Model.get('res.role')
    record = User(login=login, name=name, password=DEMO_PASSWORD,
        language=Model.get('ir.lang').find([('code', '=', 'ru')])[0])
    record.companies.append(Model.get('company.company')(company_.id))
    record.company = Model.get('company.company')(company_.id)
    record.roles.new(role=Role(ref('mycar_partner', role)))
    record.save()
    return record


def admin(mycar):
    User = Model.get('res.user')
    Group = Model.get('res.group')
    record, = User.find([('login', '=', 'admin')])
    group = Group(ref('mycar_partner', 'group_mycar_admin'))
    if group not in record.groups:
        record.groups.append(group)
        record.save()
        record.reload()
    record.company = Model.get('company.company')(mycar.id)
    record.save()


def close_setup_wizards():
    "The admin would otherwise meet a configuration wizard at each login"
    Item = Model.get('ir.module.config_wizard.item')
    for item in Item.find([('state', '!=', 'done')]):
        item.state = 'done'
        item.save()


def clocks(database, company_ids, today):
    """Deadline clocks are started by business code, never over RPC: run
    it in-process"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with Transaction().start(database, 0) as transaction:
        Deadline = Pool(database).get('mycar.deadline')
        if Deadline.search([], limit=1):
            return
        started = dt.datetime.combine(today, dt.time(4, 0))
        for index, company_id in enumerate(company_ids):
            # the logo is due within 10 working days of accession (§4.2.3)
            Deadline.start([{
                        'company': company_id,
                        'reference': f'company.company,{company_id}',
                        'clause': '§4.2.3', 'duration': 10,
                        'unit': 'working',
                        'description': "Логотип партнёра (jpeg/pdf)"}],
                started=started - dt.timedelta(days=20 * index))
        Deadline.mark_late()
        transaction.commit()


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    args = parser.parse_args(argv)
    config.set_trytond(args.database, config_file=args.config)

    load_languages()
    close_setup_wizards()
    currency = tenge()
    mycar = company(party(
            "ТОО «MyCar Group»", '191140031171',
            iban='KZ706018771000735551'), currency)
    admin(mycar)
    for login, name, role in STAFF:
        user(login, name, role, mycar)
    partners = []
    for prefix, name, bin_, oked in PARTNERS:
        partner = company(party(name, bin_, oked=oked), currency)
        user(f'{prefix}.admin', f"Администратор {name}",
            'role_partner_admin', partner)
        partners.append(partner)
    clocks(args.database, [p.id for p in partners], dt.date.today())
    print("demo data loaded")


if __name__ == '__main__':
    main()
