# This file is part of the MyCar partner platform.
"""Driving the Tryton web client (sao) as a person does."""
from playwright.sync_api import expect

DEMO_PASSWORD = 'mycar-demo-2026'
DATABASE_FILLED = '''() => Array.from(
    document.querySelectorAll('.login-dialog [name=database]')).some(
    field => field.value)'''


def login(page, base_url, database, login, password=DEMO_PASSWORD,
        model=None):
    "Log in; with model, land on that model's list"
    page.goto(f'{base_url}/#{database}/model/{model}' if model
        else f'{base_url}/')
    page.fill('.login-dialog #login', login)
    # sao fills the database field once its list of databases answers; a
    # click before that is ignored without a word (the dialog only marks
    # the empty field), so the click waits for it
    page.wait_for_function(DATABASE_FILLED)
    page.click('.login-dialog button[type=submit]')
    page.fill('.ask-dialog input[name=password]', password)
    page.press('.ask-dialog input[name=password]', 'Enter')
    expect(page.locator('#user-preferences, .navbar').first).to_be_visible()


def list_rows(page, everything=False):
    """The rows of records of the list in the current tab, once loaded;
    with everything, after "More" was clicked until all are shown"""
    rows = page.locator(
        '.tab-content .treeview tbody tr:visible:not(.more-row)')
    expect(rows.first).to_be_visible(timeout=20000)
    more = page.locator('.tab-content .treeview tbody tr.more-row button')
    while everything and more.is_visible():
        count = rows.count()
        # sao masks the page while it loads: the event, not a pointer
        more.dispatch_event('click')
        expect(rows).not_to_have_count(count, timeout=20000)
    return rows
