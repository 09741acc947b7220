# This file is part of the MyCar partner platform.
from sql import Union
from trytond.backend import MAX_QUERY_PARAMS
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice, reduce_ids
from trytond.transaction import Transaction

from . import kz
from .exceptions import InvalidIdentifier, InvalidOKED

KZ_IDENTIFIERS = [
    ('kz_bin', "Kazakhstan Business Identification Number (BIN)"),
    ('kz_iin', "Kazakhstan Individual Identification Number (IIN)"),
    ]
KZ_VALIDATORS = {
    'kz_bin': kz.is_valid_bin,
    'kz_iin': kz.is_valid_iin,
    }


class Configuration(metaclass=PoolMeta):
    __name__ = 'party.configuration'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        for item in KZ_IDENTIFIERS:
            if item not in cls.identifier_types.selection:
                cls.identifier_types.selection.append(item)


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    residency = fields.Selection([
            (None, ""),
            ('resident', "Resident of Kazakhstan"),
            ('non_resident', "Non-resident"),
            ], "Residency")
    oked = fields.Char(
        "OKED Code", size=6,
        help="The main activity code from the general classifier of "
        "economic activities (5 digits).")
    partner_companies = fields.Function(fields.Many2Many(
            'company.company', None, None, "Partners",
            help="The Partners whose users may reach the party."),
        'get_partner_companies', searcher='search_partner_companies')
    mycar_public = fields.Function(fields.Boolean(
            "Public",
            help="MyCar's own party, or a bank's: every Partner reads it."),
        'get_mycar_public', searcher='search_mycar_public')

    def get_rec_name(self, name):
        "The name as the reader's language writes its legal form"
        return kz.legal_name(super().get_rec_name(name),
            Transaction().language)

    @classmethod
    def search_rec_name(cls, name, clause):
        "Also by the name as Kazakh writes it: «Name» ЖШС"
        domain = super().search_rec_name(name, clause)
        registered = kz.registered_name(clause[2])
        if registered:
            domain = [domain[0], domain, super().search_rec_name(
                    name, (clause[0], clause[1], registered, *clause[3:]))]
        return domain

    @classmethod
    def _partner_parties(cls):
        """SQL query of (party, company): the parties each Partner's users
        may reach; modules add theirs (the cabinet: linked clients)"""
        pool = Pool()
        company = pool.get('company.company').__table__()
        employee = pool.get('company.employee').__table__()
        return Union(
            company.select(
                company.party.as_('party'), company.id.as_('company')),
            employee.select(
                employee.party.as_('party'), employee.company.as_('company')),
            all_=True)

    @classmethod
    def get_partner_companies(cls, parties, name):
        cursor = Transaction().connection.cursor()
        pairs = cls._partner_parties()
        result = {p.id: [] for p in parties}
        for sub_ids in grouped_slice(
                [p.id for p in parties], MAX_QUERY_PARAMS):
            cursor.execute(*pairs.select(pairs.party, pairs.company,
                    where=reduce_ids(pairs.party, sub_ids),
                    group_by=[pairs.party, pairs.company]))
            for party, company in cursor:
                result[party].append(company)
        return result

    @classmethod
    def search_partner_companies(cls, name, clause):
        "The parties reached by users of the companies (ids) of clause"
        _, operator, value = clause[:3]
        if operator not in {'=', '!=', 'in', 'not in'}:
            return [('id', '=', None)]
        if not isinstance(value, (list, tuple)):
            value = [value]
        value = [v for v in value if isinstance(v, int)]
        positive = operator in {'=', 'in'}
        if not value:
            return [('id', '=', None)] if positive else []
        pairs = cls._partner_parties()
        return [('id', 'in' if positive else 'not in', pairs.select(
                    pairs.party, where=pairs.company.in_(value)))]

    @classmethod
    def _public_parties(cls):
        "SQL query of the parties every Partner reads: MyCar's, the banks'"
        pool = Pool()
        Configuration = pool.get('mycar.partner.configuration')
        company = pool.get('company.company').__table__()
        bank = pool.get('bank').__table__()
        mycar = Configuration(1).billing_company
        return Union(
            company.select(company.party.as_('party'),
                where=company.id == (mycar.id if mycar else -1)),
            bank.select(bank.party.as_('party')),
            all_=True)

    @classmethod
    def get_mycar_public(cls, parties, name):
        cursor = Transaction().connection.cursor()
        public = cls._public_parties()
        cursor.execute(*public.select(public.party,
                where=reduce_ids(public.party, [p.id for p in parties])))
        found = {party for party, in cursor}
        return {p.id: p.id in found for p in parties}

    @classmethod
    def search_mycar_public(cls, name, clause):
        _, operator, value = clause[:3]
        positive = (operator == '=') == bool(value)
        public = cls._public_parties()
        return [('id', 'in' if positive else 'not in',
                public.select(public.party))]

    @classmethod
    def from_application(cls, application):
        "A new party for the Partner of an application (P1)"
        pool = Pool()
        Address = pool.get('party.address')
        Identifier = pool.get('party.identifier')
        Mechanism = pool.get('party.contact_mechanism')
        addresses = [Address(street=application.legal_address)]
        if application.actual_address:
            addresses.append(Address(street=application.actual_address))
        return cls(
            name=application.full_name, residency=application.residency,
            oked=application.oked, addresses=addresses,
            identifiers=[Identifier(type='kz_bin', code=application.bin)],
            contact_mechanisms=[
                Mechanism(type='email', value=application.email),
                Mechanism(type='phone', value=application.contact_phone),
                ])

    @classmethod
    def add_bank_accounts(cls, parties, applications):
        "The applications' bank accounts, owned by their parties"
        pool = Pool()
        Bank = pool.get('bank')
        Account = pool.get('bank.account')
        Number = pool.get('bank.account.number')
        banks = {b.bic: b for b in Bank.search([
                    ('bic', 'in', [a.bic for a in applications]),
                    ])}
        new = {}
        for application in applications:
            if application.bic not in banks and application.bic not in new:
                new[application.bic] = Bank(
                    party=cls(name=application.bank_name),
                    bic=application.bic)
        cls.save([b.party for b in new.values()])
        Bank.save(list(new.values()))
        banks.update(new)
        Account.save([Account(bank=banks[a.bic], owners=[p],
                    numbers=[Number(type='iban', number=a.iban)])
                for p, a in zip(parties, applications)])

    @classmethod
    def tax_identifier_types(cls):
        return super().tax_identifier_types() + ['kz_bin', 'kz_iin']

    @classmethod
    def validate_fields(cls, parties, field_names):
        super().validate_fields(parties, field_names)
        if field_names is None or 'oked' in field_names:
            for party in parties:
                party.check_oked()

    def check_oked(self):
        if self.oked and not kz.is_valid_oked(self.oked):
            raise InvalidOKED(gettext(
                    'mycar_partner.msg_oked_invalid',
                    code=self.oked, party=self.rec_name))


class Identifier(metaclass=PoolMeta):
    __name__ = 'party.identifier'

    @fields.depends('type', 'code')
    def on_change_with_code(self):
        code = super().on_change_with_code()
        if self.type in KZ_VALIDATORS:
            code = kz.compact(code)
        return code

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('type') in KZ_VALIDATORS and values.get('code'):
            values['code'] = kz.compact(values['code'])
        return values

    @fields.depends('type', 'party', 'code')
    def check_code(self):
        super().check_code()
        validator = KZ_VALIDATORS.get(self.type)
        if validator and not validator(self.code):
            party = self.party.rec_name if self.party else ''
            raise InvalidIdentifier(gettext(
                    'mycar_partner.msg_%s_invalid' % self.type,
                    code=self.code, party=party))


def requisites(party):
    "A party's TIN, registered name and address, as documents print them"
    address = party.address_get(type='invoice')
    return {
        'tin': party.tax_identifier.code if party.tax_identifier else None,
        'name': party.name,
        'address': ', '.join(filter(None, (
                    line.strip() for line in (
                        address.full_address if address else '').split(
                        '\n')))) or None,
        }


def bank_requisites(party):
    "A party's first IBAN account: its number, BIC and bank"
    for account in party.bank_accounts:
        for number in account.numbers:
            if number.type == 'iban':
                return {'iik': number.number_compact,
                    'bik': account.bank.bic,
                    'bank': account.bank.party.name}
    return {}
