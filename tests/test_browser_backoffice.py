# This file is part of the MyCar partner platform.
"""The back office in a real browser: sao served by trytond, Debian's
chromium driven by Playwright."""
from playwright.sync_api import expect

from .sao import list_rows, login


def test_staff_opens_deadline_list(backoffice, page, tmp_path):
    base_url, database = backoffice
    login(page, base_url, database, 'manager', model='mycar.deadline')
    rows = list_rows(page)
    # the demo data has one clock per demo Partner, in Russian
    expect(rows).to_have_count(2)
    expect(page.locator('.tab-content thead')).to_contain_text('Партнёр')
    expect(rows.nth(0)).to_contain_text('§4.2.3')
    page.screenshot(path=tmp_path / 'deadline_list.png', full_page=True)
    assert (tmp_path / 'deadline_list.png').stat().st_size > 0


def test_partner_sees_only_its_own_clocks(backoffice, page, tmp_path):
    base_url, database = backoffice
    login(page, base_url, database, 'astana.admin', model='mycar.deadline')
    rows = list_rows(page)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text('Astana Motors')
    page.screenshot(path=tmp_path / 'partner_list.png', full_page=True)
