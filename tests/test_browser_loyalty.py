# This file is part of the MyCar partner platform.
"""The buyer's bonuses in a real browser (Debian's chromium, Playwright),
on a phone: the demo client's balance with Astana Motors, its next
expiry, the history with each entry's purchase and the monthly chart,
drawn on the server (the page runs no script)."""
from playwright.sync_api import expect

from .test_browser_cabinet import log_in


def test_buyer_sees_balance_history_and_chart(cabinet_site, platform,
        phone, screenshots):
    page = phone
    log_in(page, cabinet_site, platform['sms'])
    page.click('nav a[href="/loyalty/"]')
    section = page.locator('section[id^=programme-]').first
    expect(section).to_contain_text('Astana Бонус')
    expect(section.locator('[id^=balance-]')).to_contain_text('300')
    expect(section.locator('svg.chart rect')).not_to_have_count(0)
    expect(section.locator('ul.history li').first).to_be_visible()
    expect(section).to_contain_text('P-')  # an entry's purchase
    assert page.evaluate('document.scripts.length') == 0
    assert page.evaluate('document.documentElement.scrollWidth') <= 390
    page.screenshot(path=screenshots / 'loyalty_balance.png',
        full_page=True)
