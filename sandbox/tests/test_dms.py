# This file is part of the MyCar partner platform.
"""The sandbox dealer's DMS: deterministic stock, paged snapshots, changes
version by version, and the broken dealer's bad rows."""
import json
import re
import urllib.error
import urllib.request
from decimal import Decimal, InvalidOperation

import pytest

from sandbox.dms import DealerDMS
from sandbox.server import free_port

VIN = re.compile(r'[0-9A-HJ-NPR-Z]{17}')


@pytest.fixture
def dms(tmp_path):
    server = DealerDMS(tmp_path, port=free_port()).start()
    yield server
    server.stop()


def get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(),
        headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


def snapshot(url, size=100, cars=None):
    "(version, {stock number: car}) read page by page"
    query = f'&cars={cars}' if cars else ''
    found, page, pages = {}, 1, 1
    while page <= pages:
        answer = get(f'{url}/stock?page={page}&size={size}{query}')
        pages, version = answer['pages'], answer['version']
        for car in answer['cars']:
            assert car['stock_number'] not in found  # each car once
            found[car['stock_number']] = car
        page += 1
    assert len(found) == answer['total']
    return version, found


def problems(car):
    "What the platform's quarantine must catch in a row"
    try:
        price = Decimal(car['price'])
    except (TypeError, InvalidOperation):
        return ['no price']
    if price <= 0:
        return ['negative price']
    if car['vin'] is None:
        return [] if car['in_transit'] and car['eta'] else ['no VIN']
    return [] if VIN.fullmatch(car['vin']) else ['malformed VIN']


def test_snapshot_is_deterministic_and_paged(tmp_path, dms):
    other = DealerDMS(tmp_path, port=free_port()).start()
    try:
        version, cars = snapshot(f'{dms.url}/astana-motors', 70, cars=300)
        assert (version, cars) == snapshot(
            f'{other.url}/astana-motors', 128, cars=300)
    finally:
        other.stop()
    assert len(cars) == 300 and version == 0
    assert list(cars)[:2] == ['ASTA-000000', 'ASTA-000001']
    assert not any(problems(car) for car in cars.values())
    assert len({c['vin'] for c in cars.values() if c['vin']}) == len(
        [c for c in cars.values() if c['vin']])
    car = cars['ASTA-000007']
    assert 9_000_000 <= int(car['price']) <= 60_000_000
    assert set(car['engine']) == {'fuel', 'volume', 'power_hp'}
    assert car['photos'][0] == (
        'https://dms.example/astana-motors/ASTA-000007/1.jpg')
    assert {c['availability'] for c in cars.values()} == {
        'in_stock', 'in_transit', 'reserved'}
    assert len({c['city'] for c in cars.values()}) <= 2
    # another dealer, another stock
    assert get(f'{dms.url}/kaspi-auto/stock?size=1')['cars'][0][
        'vin'] != cars['ASTA-000000']['vin']


def test_changes_bring_a_snapshot_up_to_date(dms):
    url = f'{dms.url}/astana-motors'
    _, before = snapshot(url, cars=400)
    assert post(f'{url}/advance', {'changes': 60}) == {'version': 1}
    answer = get(f'{url}/changes?since=0')
    version, after = snapshot(url)
    assert answer['version'] == version == 1
    removed = {c['stock_number'] for c in answer['changes']
        if c.get('removed')}
    changed = {c['stock_number']: c for c in answer['changes']
        if not c.get('removed')}
    assert removed == before.keys() - after.keys() and removed
    assert changed.keys() - before.keys() == after.keys() - before.keys()
    assert after.keys() - before.keys()  # cars arrived
    assert changed == {n: c for n, c in after.items() if before.get(n) != c}
    assert len(answer['changes']) == 60
    # an incremental sync applies only these
    synced = {n: c for n, c in before.items() if n not in removed}
    assert {**synced, **changed} == after

    post(f'{url}/advance', {'changes': 5})
    since_1 = get(f'{url}/changes?since=1')
    assert since_1['version'] == 2 and len(since_1['changes']) == 5
    assert get(f'{url}/changes?since=2') == {'version': 2, 'changes': []}
    assert len(get(f'{url}/changes?since=0')['changes']) >= 60


def test_changes_are_deterministic(tmp_path, dms):
    other = DealerDMS(tmp_path, port=free_port()).start()
    try:
        answers = []
        for server in (dms, other):
            url = f'{server.url}/shymkent-auto'
            post(f'{url}/advance?cars=50', {'changes': 20})
            answers.append(get(f'{url}/changes?since=0'))
    finally:
        other.stop()
    assert answers[0] == answers[1]


def test_broken_dealer_has_three_bad_rows(dms):
    _, cars = snapshot(f'{dms.url}/broken', cars=50)
    found = sorted(p for car in cars.values() for p in problems(car))
    assert found == ['malformed VIN', 'negative price', 'no price']
    post(f'{dms.url}/broken/advance', {'changes': 45})
    changes = get(f'{dms.url}/broken/changes?since=0')['changes']
    assert not any(problems(c) for c in changes if not c.get('removed'))


def test_refuses_bad_requests(dms):
    url = f'{dms.url}/astana-motors'
    get(f'{url}/stock?cars=300&size=1')
    for path, code in [('/stock?size=5001', 400), ('/stock?page=0', 400),
            ('/stock?cars=301', 409), ('/changes', 400),
            ('/changes?since=1', 409), ('/cars', 404)]:
        with pytest.raises(urllib.error.HTTPError) as refused:
            get(url + path)
        assert refused.value.code == code, path
    with pytest.raises(urllib.error.HTTPError) as refused:
        post(f'{url}/advance', {'changes': 'many'})
    assert refused.value.code == 400
