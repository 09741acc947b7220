# This file is part of the MyCar partner platform.
"""The marketplace page: the listings of the dealers selling online,
filtered, with each filter's counts and how fresh each listing is."""
import datetime as dt

import pytest

from trytond.modules.mycar_partner import calendar

from .conftest import run


@pytest.fixture(scope='module')
def dealer(partner):
    "The Partner sells online: three cars of its DMS, one sold"
    def listing(pool):
        Company = pool.get('company.company')
        marketplace, = pool.get('mycar.service').search(
            [('code', '=', 'marketplace')])
        agreement, = pool.get('mycar.partner.agreement').create([{
                    'company': partner,
                    'effective_date': dt.date(2026, 1, 1)}])
        pool.get('mycar.partner.licence').create([{
                    'agreement': agreement, 'company': partner,
                    'service': marketplace, 'quantity': 1,
                    'start_date': dt.date(2026, 1, 1)}])
        Company.write([Company(partner)], {'dealer_listed': calendar.now(),
                'dealer_city': "Астана", 'dealer_address': "Туран, 1"})
        now = calendar.now()
        values = {'company': partner, 'availability': 'in_stock',
            'city': "Астана", 'confirmed_date': now}
        pool.get('mycar.marketplace.car').create([
                {**values, 'stock_number': 'A-1', 'make': "Toyota",
                    'model': "Camry", 'price': 18500000,
                    'vin': 'JTNB11HK003012345'},
                {**values, 'stock_number': 'A-2', 'make': "Toyota",
                    'model': "RAV4", 'price': 21900000, 'vin': None,
                    'eta': dt.date(2026, 12, 20),
                    'confirmed_date': now - dt.timedelta(hours=3)},
                {**values, 'stock_number': 'A-3', 'make': "Kia",
                    'model': "Sportage", 'price': 14900000,
                    'vin': 'KNAP381ABMU123456',
                    'withdrawn_date': now}])
    run(listing)
    return partner


def test_the_buyer_filters_the_listings(dealer, cabinet, client):
    cabinet.login()
    page = client.get('/marketplace/').get_data(as_text=True)
    assert 'Toyota (2)' in page and 'Sportage' not in page
    page = client.get('/marketplace/?make=Toyota&price_min=20000000'
        ).get_data(as_text=True)
    assert 'RAV4' in page and 'Camry' not in page
    assert '20.12.2026' in page  # in transit, expected then
    assert 'class="hint stale"' in page  # confirmed 3 hours ago
    page = client.get('/marketplace/?price_min=oops').get_data(as_text=True)
    assert 'Camry' in page and 'RAV4' in page
    for odd in ['page=abc', 'price_max=1e9999', 'company=' + '9' * 30,
            '_method=POST', 'price_min=20%2C000%2C000']:
        response = client.get(f'/marketplace/?make=Toyota&{odd}')
        assert response.status_code == 200, odd
