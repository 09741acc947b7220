# This file is part of the MyCar partner platform.
"""Consents and profile in the cabinet."""
from .conftest import run


def give_consents(cabinet):
    "The client's consents to processing (given when entered) and marketing"
    def give(pool):
        Consent = pool.get('mycar.client.consent')
        party = pool.get('party.party')(cabinet.party)
        company = pool.get('company.company')(cabinet.partner)
        Consent.give(company, [party], 'marketing', 'intake')
        consents = {c.purpose: c.id for c in Consent.of_client(party)}
        return consents['personal_data'], consents['marketing']
    return run(give)


def test_client_withdraws_a_consent(cabinet, client):
    data, marketing = give_consents(cabinet)
    cabinet.login()
    page = client.get('/consents').get_data(as_text=True)
    assert 'Рекламные сообщения' in page
    cabinet.post(f'/consents/{marketing}/withdraw', page='/consents')
    withdrawn, = cabinet.read('mycar.client.consent', marketing,
        'withdrawn_date')
    assert withdrawn
    assert cabinet.read('mycar.client.consent', data,
        'withdrawn_date') == (None,)
    response = cabinet.post(f'/consents/{marketing}/withdraw',
        page='/consents', follow_redirects=True)
    assert 'Нет такого действующего согласия' in response.get_data(
        as_text=True)


def test_withdrawal_is_asked_and_the_consent_given_again(cabinet, client):
    "The list only links to a question; a withdrawn consent is given anew"
    _, marketing = give_consents(cabinet)
    cabinet.login()
    page = client.get('/consents').get_data(as_text=True)
    assert f'href="/consents/{marketing}/withdraw"' in page
    assert f'action="/consents/{marketing}/withdraw"' not in page
    question = client.get(f'/consents/{marketing}/withdraw').get_data(
        as_text=True)
    assert 'Отозвать согласие' in question
    assert f'action="/consents/{marketing}/withdraw"' in question
    assert cabinet.read('mycar.client.consent', marketing,
        'withdrawn_date') == (None,)
    cabinet.post(f'/consents/{marketing}/withdraw', page='/consents')
    page = client.get('/consents').get_data(as_text=True)
    assert f'action="/consents/{marketing}/give"' in page
    for _ in range(2):  # a second click gives nothing more
        cabinet.post(f'/consents/{marketing}/give', page='/consents')

    def live(pool):
        Consent = pool.get('mycar.client.consent')
        return [(c.purpose, c.source, c.withdrawn_date is None)
            for c in Consent.search([('party', '=', cabinet.party),
                    ('purpose', '=', 'marketing')], order=[('id', 'ASC')])]
    assert run(live) == [('marketing', 'intake', False),
        ('marketing', 'cabinet', True)]
    page = client.get('/consents').get_data(as_text=True)
    assert f'href="/consents/{marketing}/withdraw"' not in page
    assert 'class="button withdraw"' in page  # the new one's


def test_another_clients_consent_cannot_be_withdrawn(cabinet, client,
        sandbox, partner):
    from .conftest import Cabinet
    other = Cabinet(client, sandbox, partner)
    _, theirs = give_consents(other)
    cabinet.login()
    cabinet.post(f'/consents/{theirs}/withdraw', page='/consents')
    assert cabinet.read('mycar.client.consent', theirs,
        'withdrawn_date') == (None,)


def test_profile_shows_the_client_id(cabinet, client):
    cabinet.login()
    code, = cabinet.read('party.party', cabinet.party, 'client_code')
    page = client.get('/profile').get_data(as_text=True)
    assert code in page and cabinet.phone in page
    assert 'ТОО «Astana Motors»' in page


def test_a_withdrawal_withdraws_every_live_copy(cabinet, client):
    "A consent recorded twice (paper and intake) is withdrawn at once"
    _, marketing = give_consents(cabinet)

    def duplicate(pool):
        Consent = pool.get('mycar.client.consent')
        consent = Consent(marketing)
        Consent.create([{'party': consent.party.id,
                    'company': consent.company.id, 'purpose': 'marketing',
                    'source': 'paper', 'given_date': consent.given_date}])
    run(duplicate)
    cabinet.login()
    cabinet.post(f'/consents/{marketing}/withdraw', page='/consents')
    assert run(lambda pool: pool.get('mycar.client.consent').search_count([
                ('party', '=', cabinet.party), ('purpose', '=', 'marketing'),
                ('withdrawn_date', '=', None)])) == 0


def test_no_consent_is_given_again_to_a_former_partner(cabinet, client):
    _, marketing = give_consents(cabinet)
    cabinet.login()
    cabinet.post(f'/consents/{marketing}/withdraw', page='/consents')

    def unlink(pool):
        Link = pool.get('mycar.client.link')
        Link.write(Link.search([('party', '=', cabinet.party)]),
            {'active': False})
    run(unlink)
    response = cabinet.post(f'/consents/{marketing}/give', page='/consents',
        follow_redirects=True)
    assert 'Нет такого отозванного согласия' in response.get_data(
        as_text=True)
    assert run(lambda pool: pool.get('mycar.client.consent').search_count([
                ('party', '=', cabinet.party), ('purpose', '=', 'marketing'),
                ('withdrawn_date', '=', None)])) == 0
