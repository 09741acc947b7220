# This file is part of the MyCar partner platform.
"""The marketplace page: the listings of the dealers selling online,
filtered, with each filter's counts and how fresh each listing is."""
import datetime as dt
import re

import pytest
from trytond.modules.mycar_marketplace.tests.tools import sell_online

from trytond.modules.mycar_partner import calendar

from .conftest import run


@pytest.fixture(scope='module')
def dealer(partner):
    "The Partner sells online: three cars of its DMS, one sold"
    def listing(pool):
        sell_online(pool, partner)
        now = calendar.now()
        values = {'company': partner, 'availability': 'in_stock',
            'city': "Астана", 'confirmed_date': now}
        cars = pool.get('mycar.marketplace.car').create([
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
        return {c.stock_number: c.id for c in cars}
    return run(listing)


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


def test_the_buyer_buys_a_listed_car(dealer, cabinet, client):
    "The car's page, the dealer's; buying it holds it, once"
    cabinet.login()
    dealers = client.get('/marketplace/dealers').get_data(as_text=True)
    assert 'Туран, 1' in dealers
    car = dealer['A-1']
    page = client.get(f'/marketplace/cars/{car}').get_data(as_text=True)
    assert 'JTNB11HK003012345' in page and 'Туран, 1' in page
    assert 'id="held"' not in page
    price = re.search(r'name="price" value="([^"]+)"', page)[1]
    # the price changed since the page was shown: the buyer sees it
    response = cabinet.post(f'/marketplace/cars/{car}/buy',
        {'price': '17000000'}, page=f'/marketplace/cars/{car}')
    assert response.headers['Location'].endswith(f'/marketplace/cars/{car}')
    assert '18\u00a0500\u00a0000' in client.get(
        response.headers['Location']).get_data(as_text=True)
    response = cabinet.post(f'/marketplace/cars/{car}/buy',
        {'price': price}, page=f'/marketplace/cars/{car}')
    assert response.status_code == 302
    deal_page = response.headers['Location']
    assert '/sales/deals/' in deal_page
    page = client.get(deal_page).get_data(as_text=True)
    assert 'id="hold"' in page and 'id="questionnaire"' in page
    again = cabinet.post(f'/marketplace/cars/{car}/buy',
        {'price': price}, page=f'/marketplace/cars/{car}')
    assert again.headers['Location'] == deal_page  # no second purchase


def test_a_withdrawn_or_unknown_car_is_refused(dealer, cabinet, client):
    cabinet.login()
    for car in [dealer['A-3'], 999999]:
        response = client.get(f'/marketplace/cars/{car}')
        assert response.status_code == 302  # back to the listings
        page = client.get(response.headers['Location']).get_data(
            as_text=True)
        assert 'role="alert"' in page
    page = client.get(f'/marketplace/cars/{dealer["A-2"]}').get_data(
        as_text=True)
    assert '20.12.2026' in page  # in transit: no VIN yet
