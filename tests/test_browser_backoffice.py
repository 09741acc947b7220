# This file is part of the MyCar partner platform.
"""The back office in a real browser: sao served by trytond, Debian's
chromium driven by Playwright."""
from playwright.sync_api import expect

from .sao import list_rows, login


def test_staff_opens_deadline_list(backoffice, page, screenshots):
    base_url, database = backoffice
    login(page, base_url, database, 'manager', model='mycar.deadline')
    rows = list_rows(page, everything=True)
    # the demo Partners' clocks, in Russian
    expect(page.locator('.tab-content thead')).to_contain_text('Партнёр')
    table = page.locator('.tab-content .treeview tbody')
    for text in ['Astana Motors', 'Shymkent Car', '§4.2.3', '§9.4']:
        expect(table).to_contain_text(text)
    assert rows.count() >= 5
    page.screenshot(path=screenshots / 'deadline_list.png', full_page=True)
    assert (screenshots / 'deadline_list.png').stat().st_size > 0


def test_partner_sees_only_its_own_clocks(backoffice, page, screenshots):
    base_url, database = backoffice
    login(page, base_url, database, 'admin@astana-motors.kz',
        model='mycar.deadline')
    rows = list_rows(page)
    expect(rows.first).to_contain_text('Astana Motors')
    for index in range(rows.count()):
        expect(rows.nth(index)).to_contain_text('Astana Motors')
    expect(page.locator('.tab-content .treeview tbody')).not_to_contain_text(
        'Shymkent')
    page.screenshot(path=screenshots / 'partner_list.png', full_page=True)


def test_partner_admin_sees_its_agreement(backoffice, page):
    base_url, database = backoffice
    login(page, base_url, database, 'admin@astana-motors.kz',
        model='mycar.partner.agreement')
    rows = list_rows(page)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text('Astana Motors')


def test_accountant_sees_the_acts(backoffice, page, screenshots):
    base_url, database = backoffice
    login(page, base_url, database, 'accountant',
        model='mycar.billing.act')
    list_rows(page)
    expect(page.locator('.tab-content thead')).to_contain_text('Партнёр')
    # the demo's acts: issued, signed and refused
    table = page.locator('.tab-content .treeview tbody')
    for text in ['Astana Motors', 'Shymkent', 'Выставлен', 'Подписан',
            'Отклонён']:
        expect(table).to_contain_text(text)
    page.screenshot(path=screenshots / 'acts.png', full_page=True)


def test_partner_accountant_sees_only_its_acts(backoffice, page):
    base_url, database = backoffice
    login(page, base_url, database, 'buh@astana-motors.kz',
        model='mycar.billing.act')
    rows = list_rows(page)
    for index in range(rows.count()):
        expect(rows.nth(index)).to_contain_text('Astana Motors')
