# This file is part of the MyCar partner platform.
"""The client cabinet in a real browser (Debian's chromium, Playwright):
login with the code the SMS sandbox received, a document signed at the
certification centre, an invoice paid on the payment organisation's
page, each state seen in the cabinet."""
import re

from playwright.sync_api import expect

PHONE = '+77011234567'  # the demo client of Astana Motors


def log_in(page, site, outbox):
    page.goto(f'{site}/')
    expect(page.locator('h1')).to_have_text('Вход в кабинет')
    page.fill('#phone', '8 701 123 45 67')
    page.click('#send-code')
    expect(page.locator('h1')).to_have_text('Введите код')
    code = re.search(r'\d{6}', outbox.messages(to=PHONE)[-1]['text'])[0]
    page.fill('#code', code)
    page.click('#log-in')
    expect(page.locator('h1')).to_have_text('Документы')


def test_client_signs_and_pays_in_the_cabinet(cabinet_site, platform, page,
        screenshots):
    log_in(page, cabinet_site, platform['sms'])
    page.screenshot(path=screenshots / 'inbox.png', full_page=True)

    page.click('text=Акт № 1 выполненных работ')
    expect(page.locator('#state')).to_have_text('Доставлено')
    expect(page.locator('#signatures')).to_contain_text('Асель Жумабаева')
    page.click('#sign')
    expect(page).to_have_title('Sandbox certification centre')
    page.fill('#name', 'Иван Петров')
    page.fill('#iin', '900515400123')
    page.click('#sign')
    expect(page.locator('#state')).to_have_text('Подписано')
    expect(page.locator('#signatures')).to_contain_text('Иван Петров')
    expect(page.locator('#sign')).to_have_count(0)
    page.screenshot(path=screenshots / 'act_signed.png', full_page=True)

    page.click('text=Документы')
    page.click('text=Счёт № 1 на оплату')
    expect(page.locator('#pay')).to_contain_text('48\u00a0500,00')
    page.click('#pay')
    expect(page).to_have_title('Sandbox payment')
    page.click('#pay')
    expect(page.locator('#state')).to_have_text('Оплачено')
    expect(page.locator('#pay')).to_have_count(0)
    page.screenshot(path=screenshots / 'invoice_paid.png', full_page=True)


def test_cabinet_in_kazakh_on_a_phone(cabinet_site, platform, browser):
    context = browser.new_context(locale='ru-RU',
        viewport={'width': 390, 'height': 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        page.goto(f'{cabinet_site}/login')
        expect(page.locator('h1')).to_have_text('Вход в кабинет')
        page.click('#lang-kk')
        expect(page.locator('h1')).to_have_text('Кабинетке кіру')
        page.fill('#phone', '12345')
        page.click('#send-code')
        expect(page.locator('.flash.error')).to_contain_text(
            'ұялы телефон нөмірі емес')
        width = page.evaluate('document.documentElement.scrollWidth')
        assert width <= 390  # nothing wider than the phone's screen
    finally:
        context.close()


def test_the_cabinet_fits_a_phone(cabinet_site, platform, browser,
        screenshots):
    "A 390 px screen: a header of one bar and a menu line, nothing wider"
    context = browser.new_context(locale='ru-RU',
        viewport={'width': 390, 'height': 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        log_in(page, cabinet_site, platform['sms'])
        header = page.locator('header').bounding_box()
        assert header['height'] <= 90, header  # a tenth of the screen
        brand = page.locator('.brand').bounding_box()
        logout = page.locator('#logout').bounding_box()
        # on the brand's line, centred with it
        assert abs((brand['y'] + brand['height'] / 2)
            - (logout['y'] + logout['height'] / 2)) <= 4, (brand, logout)
        assert page.evaluate('document.documentElement.scrollWidth') <= 390
        page.screenshot(path=screenshots / 'cabinet_inbox_390_ru.png',
            full_page=True)
        page.click('#lang-kk')
        expect(page.locator('h1')).to_have_text('Құжаттар')
        page.screenshot(path=screenshots / 'cabinet_inbox_390_kk.png',
            full_page=True)
    finally:
        context.close()
