# This file is part of the MyCar partner platform.
"""Each role's back office in Russian and in Kazakh, as its users see it:
the menu, the role's main list and a record of it, screenshot in each
language (var/screenshots/role_<user>_<view>_<lang>.png), to be looked
at."""
import pytest
from playwright.sync_api import expect

from .sao import list_rows, login

# the demo's user of each role, the list it works in most, and a label
# of its form in each language
ROLES = [
    ('manager', 'mycar.partner.agreement', ('Партнёр', 'Серіктес')),
    ('accountant', 'mycar.billing.act', ('Партнёр', 'Серіктес')),
    ('hotline', 'mycar.deadline', ('Партнёр', 'Серіктес')),
    ('moderator', 'mycar.notification', ('Партнёр', 'Серіктес')),
    ('admin@astana-motors.kz', 'mycar.partner.agreement',
        ('Партнёр', 'Серіктес')),
    ('advisor@astana-motors.kz', 'mycar.garage.order',
        ('Автомобиль', 'Көлік')),
    ('sales@astana-motors.kz', 'mycar.client.link', ('Партнёр', 'Серіктес')),
    ('loyalty@astana-motors.kz', 'mycar.client.link',
        ('Партнёр', 'Серіктес')),
    ('buh@astana-motors.kz', 'mycar.billing.act', ('Партнёр', 'Серіктес')),
    ]


def set_language(page, language):
    "The user's language, as sao's preferences dialog sets it"
    page.evaluate("""language => new Promise((resolve, reject) =>
        Sao.rpc({method: 'model.res.user.set_preferences',
            params: [{language: language}, {}]},
            Sao.Session.current_session).then(resolve, reject))""",
        language)


def shoot(page, screenshots, name, label):
    "The list and a record of it, screenshot, the label on the record's"
    rows = list_rows(page)
    page.screenshot(path=screenshots / f'{name}_list.png')
    # selected by its box, then the view switched (a double click may
    # land on a link to another record)
    rows.first.locator('input[type=checkbox]').first.click()
    page.locator('.tab-content #switch_:visible').first.click()
    form = page.locator('.tab-content .form:visible').first
    # the first opening of a form loads its view: seconds on a busy
    # machine
    expect(form).to_contain_text(label, timeout=20000)
    page.screenshot(path=screenshots / f'{name}_form.png')


@pytest.mark.parametrize('user, model, labels', ROLES,
    ids=[r[0].split('@')[0] + ('-partner' if '@' in r[0] else '')
        for r in ROLES])
def test_each_role_in_russian_and_kazakh(backoffice, browser, screenshots,
        user, model, labels):
    base_url, database = backoffice
    name = 'role_' + user.replace('@astana-motors.kz', '_partner')
    errors = []
    for language, label in zip(['ru', 'kk'], labels):
        context = browser.new_context(locale='ru-RU',
            viewport={'width': 1280, 'height': 800})
        page = context.new_page()
        page.set_default_timeout(20000)
        page.on('pageerror', lambda error: errors.append(str(error)))
        try:
            login(page, base_url, database, user, model=model)
            shown = False
            try:
                shoot(page, screenshots, f'{name}_{language}', label)
                # sao drew it all (an unknown widget stops it silently)
                assert not errors, errors
                shown = True
            finally:
                # the next login reads Kazakh; after it, or a failure,
                # the user gets back the Russian the other tests read
                set_language(page,
                    'kk' if shown and language == 'ru' else 'ru')
        finally:
            context.close()
