# This file is part of the MyCar partner platform.
"""The named fields a contract template is filled with (A4 §1.4.1): the
Partner's data, the deal's, and the client's questionnaire. Every value
is text as the contract prints it; a template may use only these."""
import datetime as dt
from decimal import Decimal

from num2words import num2words
from trytond.pool import Pool

from trytond.modules.mycar_partner.party import bank_requisites, requisites

# (field, what it holds): the list the Partner writes its template by
FIELDS = [
    ('partner.name', "The Partner's registered name"),
    ('partner.bin', "The Partner's BIN"),
    ('partner.address', "The Partner's legal address"),
    ('partner.iban', "The Partner's IBAN"),
    ('partner.bank', "The Partner's bank"),
    ('partner.bic', "The bank's BIC"),
    ('partner.signatory', "Who signs for the Partner"),
    ('partner.signatory_position', "The signatory's position"),
    ('client.full_name', "The client's full name"),
    ('client.iin', "The client's IIN"),
    ('client.birth_date', "The client's date of birth"),
    ('client.document.kind', "The client's identity document"),
    ('client.document.number', "Its number"),
    ('client.document.issuer', "Who issued it"),
    ('client.document.date', "When"),
    ('client.address', "The client's address"),
    ('client.phone', "The client's mobile"),
    ('client.email', "The client's e-mail"),
    ('deal.number', "The deal's number"),
    ('deal.date', "The contract's date"),
    ('deal.vehicle.vin', "The vehicle's VIN (a vehicle sale)"),
    ('deal.vehicle.make', "Its make"),
    ('deal.vehicle.model', "Its model"),
    ('deal.vehicle.year', "Its year"),
    ('deal.vehicle.colour', "Its colour"),
    ('deal.lines', "The goods: each with description, quantity, "
        "unit_price, amount"),
    ('deal.total', "The price, VAT included"),
    ('deal.total_in_words', "The price in words"),
    ('deal.vat', "The VAT in the price"),
    ('deal.vat_rate', "The VAT rate, e.g. 16"),
    ('deal.payment_terms', "The payment terms"),
    ]


def described():
    "The named fields as the Partner reads them, one a line"
    return '\n'.join(f'{{{{ {name} }}}} — {text}' for name, text in FIELDS)


def money(amount):
    "1 250 000,00 as the contract prints tenge"
    text = f'{Decimal(amount):,.2f}'
    return text.replace(',', '\u00a0').replace('.', ',')


def day(value):
    return value.strftime('%d.%m.%Y') if value else ''


def in_words(amount, language):
    "The amount in words, tenge and tiyn (num2words takes a Decimal)"
    lang = 'kz' if language == 'kk' else 'ru'
    return num2words(Decimal(amount), lang=lang, to='currency',
        currency='KZT')


def partner_values(company):
    "The Partner's data: its party, and its agreement's current edition"
    Agreement = Pool().get('mycar.partner.agreement')
    party = company.party
    agreements = Agreement.search([('company', '=', company.id)],
        order=[('id', 'DESC')], limit=1)
    edition = agreements[0].edition if agreements else None
    found, bank = requisites(party), bank_requisites(party)
    return {
        'name': found['name'], 'bin': found['tin'] or '',
        'address': found['address'] or '',
        'iban': bank.get('iik', ''), 'bank': bank.get('bank', ''),
        'bic': bank.get('bik', ''),
        'signatory': edition.signatory_name if edition else '',
        'signatory_position': (
            edition.signatory_position or '') if edition else '',
        }


def sample():
    "Values of every field, to check and preview a template with"
    lines = [{'description': "Toyota Camry 2.5, белый перламутр",
            'quantity': '1', 'unit_price': money(18500000),
            'amount': money(18500000)}]
    return {
        'partner': {'name': "ТОО «Пример Моторс»", 'bin': '050540004455',
            'address': "Алматы, пр. Абая, 1", 'iban': 'KZ706018771000735551',
            'bank': "АО «Народный Банк Казахстана»", 'bic': 'HSBKKZKX',
            'signatory': "Асель Жумабаева", 'signatory_position': "Директор"},
        'client': {'full_name': "Петров Иван Сергеевич",
            'iin': '900515400123', 'birth_date': '15.05.1990',
            'document': {'kind': "Удостоверение личности",
                'number': '045678912', 'issuer': "МВД РК",
                'date': '01.02.2020'},
            'address': "Алматы, ул. Сатпаева, 10, кв. 5",
            'phone': '+77011234567', 'email': 'ivan@example.kz'},
        'deal': {'number': 'ДКП-000001',
            'date': day(dt.date(2026, 11, 2)),
            'vehicle': {'vin': 'JTNB11HK003012345', 'make': "Toyota",
                'model': "Camry", 'year': '2026', 'colour': "белый"},
            'lines': lines, 'total': money(18500000),
            'total_in_words': in_words(18500000, 'ru'),
            'vat': money(Decimal('2551724.14')), 'vat_rate': '16',
            'payment_terms': "100 % предоплата в течение 3 банковских дней"},
        }
