# This file is part of the MyCar partner platform.
"""The new-car marketplace in a real browser (Debian's chromium,
Playwright), on a phone: the demo client picks a dealer from the dealers
selling online, filters its listings, picks a car and buys it; the car is
held for them while they fill the questionnaire; the dealer signs the
contract, then the buyer at the certification centre; the invoice
follows at once and the buyer pays it on the payment organisation's page
(A6 §1.2)."""
import time

from playwright.sync_api import expect
from proteus import Model

from sandbox.ca import sign_at

from .test_browser_cabinet import PHONE, log_in
from .test_browser_sales import ANSWERS, pay_invoice, sign_contract

IIN = '900515400123'  # the demo client's


def wait_for_state(deal, state, seconds=30):
    "The deal once in state: the signatures reach it in a queued task"
    deadline = time.monotonic() + seconds
    while deal.state != state and time.monotonic() < deadline:
        time.sleep(0.3)
        deal.reload()
    assert deal.state == state


def test_buyer_searches_buys_signs_and_pays(cabinet_site, platform, phone,
        sales_manager, screenshots):
    page = phone
    log_in(page, cabinet_site, platform['sms'])
    page.click('nav a[href="/marketplace/"]')
    page.click('#dealers')
    page.locator('a.card[id^=dealer-]').first.click()
    expect(page.locator('#f-company')).not_to_have_value('')
    page.select_option('#f-make', index=1)
    make = page.locator('#f-make option:checked').get_attribute('value')
    page.click('#find')
    listings = page.locator('a.listing')
    expect(listings.first).to_be_visible()
    assert all(make in text for text in listings.all_inner_texts())
    assert page.evaluate('document.documentElement.scrollWidth') <= 390
    page.screenshot(path=screenshots / 'marketplace_search.png',
        full_page=True)

    listings.first.click()
    expect(page.locator('#dealer')).to_be_visible()
    page.click('#buy')
    expect(page.locator('#hold')).to_be_visible()
    for name, value in ANSWERS.items():
        page.fill(f'#q-{name}', value)
    page.fill('#q-iin', IIN)
    page.select_option('#q-document_kind', 'id_card')
    page.check('#q-consent')
    page.click('#submit')
    expect(page.locator('#questionnaire-done')).to_be_visible()
    expect(page.locator('#document-contract')).to_be_visible()
    page.screenshot(path=screenshots / 'marketplace_purchase_held.png',
        full_page=True)
    assert page.evaluate('document.documentElement.scrollWidth') <= 390, \
        page.evaluate('''() => Array.from(document.querySelectorAll('*'))
            .filter(e => e.getBoundingClientRect().right > 390)
            .map(e => e.tagName + '#' + e.id + ' ' + e.textContent
                .slice(0, 60))''')

    Deal = Model.get('mycar.sales.deal', config=sales_manager)
    deal, = Deal.find([('party.client_mobile', '=', PHONE),
            ('car', '!=', None), ('state', '=', 'signing')])
    sign_at(platform['certification'],
        deal.contract_document.signatures[0].centre_reference,
        "Асель Жумабаева", '880101300010', '050540004455')

    sign_contract(page, IIN)

    wait_for_state(deal, 'invoiced')
    page.goto(f'{cabinet_site}/sales/deals/{deal.id}')
    pay_invoice(page)
    page.screenshot(path=screenshots / 'marketplace_invoice_paid.png',
        full_page=True)
    wait_for_state(deal, 'paid')
    assert [h.state for h in deal.holds] == ['sold']
