# This file is part of the MyCar partner platform.
"""The Garage service in a real browser (Debian's chromium, Playwright):
the client requests a service in the cabinet; the Partner's service
advisor (through the back office's RPC) calls back and makes the work
order; the client accepts it, pays the invoice on the payment
organisation's page and signs the act at the certification centre after
the Partner; the order closes."""
import datetime as dt
import urllib.parse
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from proteus import Model
from proteus import config as proteus_config

from sandbox.ca import sign_at
from trytond.modules.mycar_partner import calendar

from .test_browser_cabinet import log_in

ADVISOR = 'advisor@astana-motors.kz'  # the demo Partner's service advisor
DEMO_PASSWORD = 'mycar-demo-2026'


@pytest.fixture
def advisor(platform):
    "The advisor's back office, through trytond's XML-RPC"
    url = urllib.parse.urlsplit(platform['url'])
    return proteus_config.set_xmlrpc(
        f'http://{urllib.parse.quote(ADVISOR)}:{DEMO_PASSWORD}'
        f'@{url.netloc}/{platform["database"]}/rpc/')


def test_client_requests_accepts_pays_and_signs(cabinet_site, platform,
        page, advisor, screenshots):
    Request = Model.get('mycar.garage.request', config=advisor)
    Order = Model.get('mycar.garage.order', config=advisor)
    log_in(page, cabinet_site, platform['sms'])

    page.click('nav >> text=Автосервис')
    expect(page.locator('h1')).to_have_text('Автосервис')
    page.select_option('select[name=vehicle]', label='Toyota Camry 123ABC02')
    page.fill('input[name=wished_date]',
        (calendar.today() + dt.timedelta(days=2)).isoformat())
    page.fill('textarea[name=problem]', 'Скрип тормозов')
    page.click('#send-request')
    expect(page.locator('.flash.success')).to_contain_text(
        'перезвонит вам в течение 30 минут')

    request, = Request.find([('problem', '=', 'Скрип тормозов')])
    request.call_note = "Записали на послезавтра"
    request.click('call')
    request.click('make_order')
    order, = Order.find([('request', '=', request.id)])
    assert order.online
    line = order.lines.new(kind='work', description="Замена колодок")
    line.unit_price = Decimal('24000')
    order.save()
    order.click('send')

    page.click('nav >> text=Автосервис')
    page.click(f'#accept-{order.id}')
    expect(page.locator('.flash.success')).to_contain_text('принят')
    order.click('invoice')

    page.click('nav >> text=Автосервис')
    page.click(f'#order-{order.id} a >> text=Счёт на оплату')
    expect(page.locator('#pay')).to_contain_text('24\u00a0000,00')
    page.click('#pay')
    expect(page).to_have_title('Sandbox payment')
    page.click('#pay')
    expect(page.locator('#state')).to_have_text('Оплачено')
    order.reload()
    assert order.state == 'paid'
    assert order.receipt_document.kind == 'receipt'  # through the OFD
    assert [r['reference'] for r in platform['ofd'].receipts()].count(
        order.number) == 1  # beside the demo's orders paid before

    order.click('start')
    order.click('complete')
    sign_at(platform['certification'],
        order.act_document.signatures[0].centre_reference,
        "Асель Жумабаева", '880101300010', '050540004455')
    page.click('nav >> text=Автосервис')
    page.click(f'#order-{order.id} a >> text=Акт выполненных работ')

    # someone else's certificate: refused, naming the client expected
    page.click('#sign')
    expect(page).to_have_title('Sandbox certification centre')
    page.fill('#name', 'Пётр Сидоров')
    page.fill('#iin', '870412300416')
    page.click('#sign')
    expect(page.locator('.flash')).to_contain_text('Иван Петров')
    expect(page.locator('.flash')).to_contain_text('ИИН 900515400123')
    expect(page.locator('#state')).not_to_have_text('Подписано')

    page.click('#sign')
    expect(page).to_have_title('Sandbox certification centre')
    page.fill('#name', 'Иван Петров')
    page.fill('#iin', '900515400123')
    page.click('#sign')
    expect(page.locator('#state')).to_have_text('Подписано')
    page.screenshot(path=screenshots / 'garage_act_signed.png', full_page=True)

    order.reload()
    assert order.state == 'closed'
    page.click('nav >> text=Автосервис')
    expect(page.locator('#vehicle-JTNB11HK003012345')).to_contain_text(
        'Замена колодок')
