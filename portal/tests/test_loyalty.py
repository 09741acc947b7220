# This file is part of the MyCar partner platform.
"""The buyer's bonus page: per Partner's programme the balance kept with
the ledger, the next expiry, the history with each entry's purchase, the
monthly chart drawn as SVG on the server, and how fresh it is."""
import datetime as dt

from trytond.modules.mycar_partner import calendar

from .conftest import run


def feed(partner, events):
    def call(pool):
        Company = pool.get('company.company')
        Programme = pool.get('mycar.loyalty.programme')
        company = Company(partner)
        if not Programme.search([('company', '=', partner)]):
            Programme.create([{'company': partner, 'name': "Бонус",
                        'overdraft': 'refuse', 'lifetime_days': 365}])
        return [r['status'] for r in pool.get('mycar.loyalty.event')
            .ingest(company, events)]
    return run(call)


def test_the_buyer_sees_balance_history_and_chart(partner, cabinet, client):
    cabinet.login()
    now = calendar.to_local(calendar.now()).replace(microsecond=0)
    me = {'name': "Иван Иванов", 'mobile': cabinet.phone}
    assert feed(partner, [
            {'id': f'P-{cabinet.phone}', 'type': 'purchase', 'client': me,
                'amount': '48500', 'occurred': now.isoformat()},
            {'id': f'A-{cabinet.phone}', 'type': 'accrual',
                'purchase': f'P-{cabinet.phone}', 'points': 485,
                'occurred': now.isoformat()},
            {'id': f'W-{cabinet.phone}', 'type': 'write_off', 'client': me,
                'points': 85, 'occurred': now.isoformat()}]) == [
        201, 201, 201]
    page = client.get('/loyalty/').get_data(as_text=True)
    assert '400' in page.split('id="balance-')[1].split('</span>')[0]
    assert f'P-{cabinet.phone}' in page  # the accrual's purchase
    assert '<svg class="chart"' in page and '<script' not in page
    month = now.strftime('%m.%Y')  # this month's bars: earned, spent
    assert f'{month}: +485</title>' in page
    assert f'{month}: −85</title>' in page
    expiry = (now.date() + dt.timedelta(days=365)).strftime('%d.%m.%Y')
    assert expiry in page


def test_a_buyer_without_points_sees_so(partner, cabinet, client):
    cabinet.login()
    response = client.get('/loyalty/')
    assert response.status_code == 200
    assert 'class="chart"' not in response.get_data(as_text=True)
