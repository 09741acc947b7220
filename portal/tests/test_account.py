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
