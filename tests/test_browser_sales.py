# This file is part of the MyCar partner platform.
"""Sales digitisation in a real browser (Debian's chromium, Playwright),
on a phone, in Kazakh: the demo client fills the questionnaire of the
Toyota the Partner's sales manager prepared (a wrong IIN is refused and
the form comes back as filled), signs the contract at the certification
centre after the Partner, and pays the invoice on the payment
organisation's page (A4 §1.4)."""
from playwright.sync_api import expect
from proteus import Model

from sandbox.ca import sign_at

from .test_browser_cabinet import PHONE, log_in

ANSWERS = {
    'last_name': "Петров", 'first_name': "Иван",
    'patronymic': "Сергеевич", 'birth_date': '1990-05-15',
    'document_number': '045678912', 'document_issuer': "ҚР ІІМ",
    'document_date': '2020-02-01',
    'address': "Алматы, Сәтбаев к-сі, 10, 5 п.",
    'email': 'ivan@example.kz'}


def test_client_fills_signs_and_pays_in_kazakh(cabinet_site, platform,
        phone, sales_manager, screenshots):
    Deal = Model.get('mycar.sales.deal', config=sales_manager)
    deal, = Deal.find([('party.client_mobile', '=', PHONE),
            ('state', '=', 'questionnaire'), ('car', '=', None)])
    page = phone
    log_in(page, cabinet_site, platform['sms'])
    page.click('#lang-kk')
    expect(page.locator('html')).to_have_attribute('lang', 'kk')

    page.click('nav a[href="/sales/"]')
    page.click(f'#deal-{deal.id}')
    expect(page.locator('h1')).to_contain_text(deal.number)
    for name, value in ANSWERS.items():
        page.fill(f'#q-{name}', value)
    page.select_option('#q-document_kind', 'id_card')
    page.check('#q-consent')
    page.fill('#q-iin', '900515400124')  # a wrong check digit
    page.click('#submit')
    expect(page.locator('.flash.error')).to_contain_text('900515400124')
    # the form comes back as the client filled it, to correct
    expect(page.locator('#q-last_name')).to_have_value("Петров")
    page.fill('#q-iin', '900515400123')
    page.click('#submit')
    expect(page.locator('.flash.success')).to_be_visible()
    expect(page.locator('#questionnaire-done')).to_be_visible()
    assert page.evaluate('document.documentElement.scrollWidth') <= 390
    page.screenshot(path=screenshots / 'sales_questionnaire_kk.png',
        full_page=True)

    deal.reload()
    deal.click('issue_contract')
    sign_at(platform['certification'],
        deal.contract_document.signatures[0].centre_reference,
        "Асель Жумабаева", '880101300010', '050540004455')
    deal.click('fetch_signatures')

    page.reload()
    sign_contract(page, '900515400123')
    page.screenshot(path=screenshots / 'sales_contract_signed_kk.png',
        full_page=True)

    deal.reload()
    assert deal.state == 'signed'
    assert deal.certificate_document.state == 'delivered'
    deal.click('invoice')
    page.goto(f'{cabinet_site}/sales/deals/{deal.id}')
    expect(page.locator('#document-certificate')).to_be_visible()
    pay_invoice(page)
    page.screenshot(path=screenshots / 'sales_invoice_paid_kk.png',
        full_page=True)
    deal.reload()
    assert deal.state == 'paid'


def sign_contract(page, iin, name='Иван Петров'):
    "From the deal's page: the client signs its contract at the centre"
    page.click('#document-contract')
    page.click('#sign')
    expect(page).to_have_title('Sandbox certification centre')
    page.fill('#name', name)
    page.fill('#iin', iin)
    page.click('#sign')
    expect(page.locator('#state')).to_have_class('state signed')


def pay_invoice(page):
    "From the deal's page: the client pays its invoice at the organisation"
    page.click('#document-invoice')
    page.click('#pay')
    expect(page).to_have_title('Sandbox payment')
    page.click('#pay')
    expect(page.locator('#state')).to_have_class('state paid')
