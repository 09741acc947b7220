# This file is part of the MyCar partner platform.
"""The Garage pages: the client's vehicles and online service requests."""
import datetime as dt

import pytest

from trytond.modules.mycar_partner import calendar

from .conftest import run


@pytest.fixture(scope='module')
def garage(partner):
    "The Partner holds a Garage licence whose integration is done"
    def licence(pool):
        Service = pool.get('mycar.service')
        garage, = Service.search([('code', '=', 'garage')])
        agreement, = pool.get('mycar.partner.agreement').create([{
                    'company': partner,
                    'effective_date': dt.date(2026, 1, 1)}])
        pool.get('mycar.partner.licence').create([{
                    'agreement': agreement, 'company': partner,
                    'service': garage, 'quantity': 1,
                    'start_date': dt.date(2026, 1, 1),
                    'integration_date': dt.date(2026, 1, 10)}])
    run(licence)
    return partner


def enter_vehicle(cabinet, vin='XTA21180094765432'):
    "The Partner enters the client's car"
    return run(lambda pool: pool.get('mycar.vehicle').create([{
                    'company': cabinet.partner, 'owner': cabinet.party,
                    'vin': vin, 'plate': '777AAA02', 'make': "Lada",
                    'model': "Vesta", 'year': 2021,
                    'mileage': 30500}])[0].id)


def test_a_client_requests_a_service(garage, cabinet, client):
    cabinet.login()
    page = client.get('/garage/').get_data(as_text=True)
    assert 'Онлайн-заявки станут доступны' in page
    vehicle = enter_vehicle(cabinet)
    page = client.get('/garage/').get_data(as_text=True)
    assert 'Lada Vesta 777AAA02' in page and '30500 км' in page

    tomorrow = (calendar.today() + dt.timedelta(days=1)).isoformat()
    response = cabinet.post('/garage/requests', {
            'company': garage, 'vehicle': vehicle,
            'wished_date': tomorrow, 'problem': "Не заводится"},
        page='/garage/', follow_redirects=True)
    page = response.get_data(as_text=True)
    assert 'перезвонит вам в течение 30 минут' in page
    assert 'Не заводится' in page and 'Новая' in page
    number, state = run(lambda pool: [(r.number, r.state)
            for r in pool.get('mycar.garage.request').search([
                    ('party', '=', cabinet.party)])][0])
    assert number in page and state == 'new'


def test_wrong_requests_are_refused(garage, cabinet, client):
    from .conftest import Cabinet
    cabinet.login()
    other = Cabinet(client, cabinet.sandbox, cabinet.partner)
    theirs = enter_vehicle(other, vin='XTA21180094765499')
    mine = enter_vehicle(cabinet, vin='XTA21180094765400')
    tomorrow = (calendar.today() + dt.timedelta(days=1)).isoformat()
    for form, error in [
            ({'vehicle': theirs}, 'Выберите один из ваших автомобилей'),
            ({'wished_date': 'завтра'}, 'не указана или уже прошла'),
            ({'wished_date': '2020-01-01'}, 'не указана или уже прошла'),
            ({'problem': ' '}, 'Опишите неисправность'),
            ({'company': '-5'}, 'Выберите сервисный центр'),
            ]:
        data = {'company': garage, 'vehicle': mine,
            'wished_date': tomorrow, 'problem': "Стук", **form}
        response = cabinet.post('/garage/requests', data,
            page='/garage/', follow_redirects=True)
        assert error in response.get_data(as_text=True), form
    assert run(lambda pool: pool.get('mycar.garage.request').search_count(
            [('party', '=', cabinet.party)])) == 0


def send_order(cabinet, vehicle, online=True):
    "The Partner's work order for the client's car, sent with its code"
    def send(pool):
        Order = pool.get('mycar.garage.order')
        order, = Order.create([{'company': cabinet.partner,
                    'party': cabinet.party, 'vehicle': vehicle,
                    'online': online, 'lines': [('create', [{
                                    'description': "Замена масла",
                                    'quantity': 1, 'unit_price': 18500}])]}])
        Order.set_number([order])
        Order.send([order])
        return order.id
    return run(send)


def test_the_client_accepts_an_online_order(garage, cabinet, client):
    from .conftest import Cabinet
    vehicle = enter_vehicle(cabinet, vin='XTA21180094760001')
    online = send_order(cabinet, vehicle)
    walk_in = send_order(cabinet, vehicle, online=False)
    other = Cabinet(client, cabinet.sandbox, cabinet.partner)
    theirs = send_order(other, enter_vehicle(other, vin='XTA21180094760002'))
    cabinet.login()
    page = client.get('/garage/').get_data(as_text=True)
    assert f'id="accept-{online}"' in page
    assert f'id="accept-{walk_in}"' not in page
    assert f'order-{theirs}' not in page
    assert 'Итого 18\u00a0500,00 ₸' in page  # formatted in Russian

    for order, error in [(theirs, 'Это не ваш заказ-наряд'),
            (walk_in, 'не ведётся онлайн')]:
        response = cabinet.post(f'/garage/orders/{order}/accept',
            page='/garage/', follow_redirects=True)
        assert error in response.get_data(as_text=True)
    response = cabinet.post(f'/garage/orders/{online}/accept',
        page='/garage/', follow_redirects=True)
    assert 'принят: следом придёт счёт' in response.get_data(as_text=True)
    states = run(lambda pool: {o.id: (o.state, o.accepted_how)
            for o in pool.get('mycar.garage.order').browse(
                [online, walk_in, theirs])})
    assert states == {online: ('accepted', 'cabinet'),
        walk_in: ('sent', None), theirs: ('sent', None)}


def test_a_walk_in_order_moved_online_shows_and_the_client_is_told(garage,
        cabinet, client):
    "A draft moved online is in the cabinet at once; the client gets an SMS"
    vehicle = enter_vehicle(cabinet, vin='XTA21180094760003')

    def draft_moved_online(pool):
        Order = pool.get('mycar.garage.order')
        order, = Order.create([{'company': cabinet.partner,
                    'party': cabinet.party, 'vehicle': vehicle,
                    'online': False, 'lines': [('create', [{
                                    'description': "Диагностика",
                                    'quantity': 1, 'unit_price': 9000}])]}])
        Order.set_number([order])
        Order.move_online([order])
        return order.id, order.number
    order, number = run(draft_moved_online)
    cabinet.login()
    page = client.get('/garage/').get_data(as_text=True)
    assert f'id="order-{order}"' in page
    assert 'Готовится' in page and f'id="accept-{order}"' not in page
    response = cabinet.post(f'/garage/orders/{order}/accept',
        page='/garage/', follow_redirects=True)
    text = response.get_data(as_text=True)
    assert 'Это не ваш заказ-наряд' not in text
    told = [m['text'] for m in cabinet.sandbox['outbox'].messages(
            to=cabinet.phone) if number in m['text']]
    assert len(told) == 1 and 'кабинет' in told[0], told
