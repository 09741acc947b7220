# This file is part of the MyCar partner platform.
"""A dealer selling online, made server-side for the tests that need one
(the race test, the cabinet's pages)."""
import datetime as dt

from trytond.modules.mycar_partner import calendar

CONTRACT = ('<h1>Договор купли-продажи {{ deal.number }}</h1>'
    '<p>{{ partner.name }} продаёт, {{ client.full_name }} покупает '
    '{{ deal.vehicle.make }} {{ deal.vehicle.model }} за {{ deal.total }} '
    'тенге.</p>')


def sell_online(pool, company, city="Астана", address="пр. Туран, 1",
        template=True):
    """The company sells online: its Marketplace licence, listed as a
    dealer in city at address; with template, its approved marketplace
    contract template in force"""
    Company = pool.get('company.company')
    marketplace, = pool.get('mycar.service').search(
        [('code', '=', 'marketplace')])
    agreement, = pool.get('mycar.partner.agreement').create([{
                'company': company, 'effective_date': dt.date(2026, 1, 1)}])
    pool.get('mycar.partner.licence').create([{
                'agreement': agreement, 'company': company,
                'service': marketplace, 'quantity': 1,
                'start_date': dt.date(2026, 1, 1)}])
    Company.write([Company(company)], {'dealer_listed': calendar.now(),
            'dealer_city': city, 'dealer_address': address})
    if template:
        approved_template(pool, company)


def approved_template(pool, company, source=CONTRACT):
    "The company's marketplace template, its version approved, in force"
    Template = pool.get('mycar.sales.template')
    Version = pool.get('mycar.sales.template.version')
    template, = Template.create([{'company': company,
                'name': "Купля-продажа нового автомобиля",
                'service': 'marketplace'}])
    version, = Version.create([{'template': template.id, 'version': '1.0',
                'start_date': dt.date(2026, 1, 1), 'source': source.encode(),
                'source_name': 'contract.html'}])
    Version.submit([version])
    Version.approve([version])
    return version
