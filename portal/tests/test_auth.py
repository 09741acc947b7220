# This file is part of the MyCar partner platform.
"""Logging in by mobile number and SMS code; sessions; CSRF."""
import datetime as dt
import re

from trytond.modules.mycar_cabinet.tests.tools import configure

from .conftest import Cabinet, csrf


def test_login_with_the_code_sent_by_sms(cabinet):
    response = cabinet.client.get('/')
    assert response.status_code == 302
    assert '/login' in response.headers['Location']

    local = '8 ' + cabinet.phone[2:5] + ' ' + cabinet.phone[5:]
    response = cabinet.post('/login', {'phone': local})
    assert response.headers['Location'].startswith('/login/code')
    page = cabinet.client.get('/login/code').get_data(as_text=True)
    assert cabinet.phone in page

    response = cabinet.post('/login/code', {'code': cabinet.last_code()})
    assert response.headers['Location'] == '/'
    assert 'Документы' in cabinet.client.get('/').get_data(as_text=True)


def test_malformed_phone_is_refused_in_the_clients_language(cabinet):
    response = cabinet.post('/login', {'phone': '12345'},
        follow_redirects=True)
    assert '«12345» не является номером мобильного телефона' in \
        response.get_data(as_text=True)
    cabinet.post('/language', {'lang': 'kk', 'next': '/login'}, page='/login')
    response = cabinet.post('/login', {'phone': '12345'},
        follow_redirects=True)
    assert 'ұялы телефон нөмірі емес' in response.get_data(as_text=True)


def test_unknown_number_gets_no_code_and_learns_nothing(cabinet):
    stranger = '+77770000001'
    response = cabinet.post('/login', {'phone': stranger},
        follow_redirects=True)
    assert stranger in response.get_data(as_text=True)  # "if ... a code"
    assert not cabinet.sandbox['outbox'].messages(to=stranger)


def test_one_address_cannot_bomb_numbers_with_codes(cabinet, client):
    """300 login-code requests from one address, to 30 numbers (clients
    or not): only the limit per address reaches the SMS gateway, and every
    number gets the same answers"""
    clients = [Cabinet(client, cabinet.sandbox, cabinet.partner).phone
        for _ in range(15)]
    strangers = [f'+7747{n:07d}' for n in range(15)]
    sent_before = len(cabinet.sandbox['outbox'].messages())
    configure('mycar_otp', max_per_ip_hour='10')
    answers = {}
    try:
        bomber = app_client(cabinet, '203.0.113.7')
        for attempt in range(10):
            for phone in clients + strangers:
                response = bomber.post('/login', data={'csrf_token': csrf(
                            bomber.get('/login')), 'phone': phone},
                    follow_redirects=True)
                answers.setdefault(phone in clients, []).append(
                    refusal(response))
    finally:
        configure('mycar_otp', max_per_ip_hour='1000')
    sent = len(cabinet.sandbox['outbox'].messages()) - sent_before
    assert sent <= 10
    assert answers[True][-1] == answers[False][-1] \
        == 'Запрошено слишком много кодов: попробуйте позже.'
    # another address is not held by the first one's limit
    cabinet.post('/login', {'phone': cabinet.phone})
    assert cabinet.last_code()


def app_client(cabinet, address):
    "A browser of the cabinet at another address"
    browser = cabinet.client.application.test_client()
    browser.environ_base['REMOTE_ADDR'] = address
    return browser


def refusal(response):
    "The error message on a page, if any"
    found = re.search(r'class="[^"]*error[^"]*"[^>]*>\s*([^<]+)',
        response.get_data(as_text=True))
    return found[1].strip() if found else None


def test_wrong_codes_lock_the_code(cabinet):
    cabinet.post('/login', {'phone': cabinet.phone})
    code = cabinet.last_code()
    wrong = f'{(int(code) + 1) % 10 ** len(code):0{len(code)}d}'
    texts = [cabinet.post('/login/code', {'code': wrong},
                follow_redirects=True).get_data(as_text=True)
        for _ in range(5)]
    assert 'осталось попыток — 4' in texts[0]
    assert 'заблокирован' in texts[-1]
    response = cabinet.post('/login/code', {'code': code},
        follow_redirects=True)
    assert 'заблокирован' in response.get_data(as_text=True)
    assert cabinet.client.get('/').status_code == 302  # still not in


def test_forms_need_their_csrf_token(cabinet):
    cabinet.client.get('/login')
    response = cabinet.client.post('/login', data={'phone': cabinet.phone})
    assert response.status_code == 400
    assert 'Форма устарела' in response.get_data(as_text=True)
    assert not cabinet.sandbox['outbox'].messages(to=cabinet.phone)


def test_logout_ends_the_session(cabinet):
    cabinet.login()
    cabinet.post('/logout', page='/')
    assert cabinet.client.get('/').status_code == 302


def test_session_expires_after_idle_time(cabinet, app):
    cabinet.login()
    assert cabinet.client.get('/').status_code == 200
    cabinet.expire_sessions()
    response = cabinet.client.get('/')
    assert response.status_code == 302
    assert '/login' in response.headers['Location']


def test_pages_restart_the_idle_time_at_most_once_a_minute(cabinet):
    "A write of the session at every page would cost more than the page"
    cabinet.login()
    used = cabinet.session_used()
    for _ in range(3):
        assert cabinet.client.get('/').status_code == 200
    assert cabinet.session_used() == used
    idle = cabinet.idle_sessions(lambda Session: dt.timedelta(minutes=2))
    assert cabinet.client.get('/').status_code == 200
    assert cabinet.session_used() > idle
    half = cabinet.idle_sessions(lambda Session: dt.timedelta(seconds=30))
    assert cabinet.client.get('/').status_code == 200
    assert cabinet.session_used() == half


def test_code_page_without_a_phone_goes_back_to_login(client):
    response = client.get('/login/code')
    assert response.headers['Location'] == '/login'
    assert re.search(r'csrf_token', client.get('/login').get_data(
            as_text=True))
    assert csrf(client.get('/login'))


def test_behind_a_proxy_the_clients_address_is_believed(partner):
    """With MYCAR_PORTAL_PROXIES the cabinet takes the client's address
    from the proxy's X-Forwarded-For (the code limits count per address);
    without it, the header is ignored"""
    from flask import request
    from trytond.pool import Pool
    from trytond.tests.test_tryton import DB_NAME

    from portal import create_app
    for proxies, expected in [(1, '203.0.113.7'), (0, '10.0.0.1')]:
        pool_stop = Pool.__dict__['stop']
        app = create_app({'TESTING': True, 'TRYTON_DATABASE': DB_NAME,
                'SECRET_KEY': 'portal-tests', 'PROXIES': proxies})
        Pool.stop = pool_stop
        app.add_url_rule('/address', 'address', lambda: request.remote_addr)
        answer = app.test_client().get('/address',
            environ_base={'REMOTE_ADDR': '10.0.0.1'},
            headers={'X-Forwarded-For': '203.0.113.7'})
        assert answer.get_data(as_text=True) == expected


def test_every_page_names_an_icon_that_exists(client):
    """A browser asks for the site's icon: without one it logs a 404 in
    the console (Lighthouse's best practices count it)"""
    import re
    page = client.get('/login').get_data(as_text=True)
    icon = re.search(r'<link rel="icon"[^>]* href="([^"]+)"', page)[1]
    answer = client.get(icon)
    assert answer.status_code == 200
    assert answer.mimetype == 'image/svg+xml'
