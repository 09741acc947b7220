# This file is part of the MyCar partner platform.
"""The inbox: documents, their PDF, signing at the certification centre
after the Partner, paying through the payment organisation."""
import json
import urllib.parse
import urllib.request
from decimal import Decimal

from sandbox.ca import sign_at
from sandbox.payment import sign

from .conftest import run


def reference_of(document):
    return run(lambda pool: pool.get('mycar.cabinet.document')(
            document).signatures[0].centre_reference)


def test_inbox_lists_the_clients_documents_only(cabinet, client, sandbox,
        partner):
    from .conftest import Cabinet
    mine = cabinet.send('Акт № 7')
    other = Cabinet(client, sandbox, partner)
    theirs = other.send('Счёт чужой', kind='invoice')
    cabinet.login()
    page = client.get('/').get_data(as_text=True)
    assert 'Акт № 7' in page and 'Счёт чужой' not in page
    assert client.get(f'/documents/{mine}').status_code == 200
    pdf = client.get(f'/documents/{mine}/pdf')
    assert pdf.mimetype == 'application/pdf'
    assert pdf.data == '%PDF-1.4 Акт № 7'.encode()
    for path in [f'/documents/{theirs}', f'/documents/{theirs}/pdf']:
        response = client.get(path)
        assert response.status_code == 404
        assert 'Счёт чужой' not in response.get_data(as_text=True)
    response = cabinet.post(f'/documents/{theirs}/pay',
        page=f'/documents/{mine}')
    assert response.status_code == 302
    assert run(lambda pool: pool.get('mycar.payment.request').search_count(
            [('document', '=', theirs)])) == 0


def test_the_client_signs_after_the_partner(cabinet, client, sandbox):
    document = cabinet.send('Акт № 8')
    cabinet.login()
    page = f'/documents/{document}'
    response = cabinet.post(f'{page}/sign', page=page, follow_redirects=True)
    assert 'Партнёр подписывает его первым' in response.get_data(
        as_text=True)

    sign_at(sandbox['centre'].url, reference_of(document),
        "Асель Жумабаева", '880101300010', '050540004455')
    response = cabinet.post(f'{page}/sign', page=page)
    target = urllib.parse.urlsplit(response.headers['Location'])
    assert f'{target.scheme}://{target.netloc}' == sandbox['centre'].url
    back = urllib.parse.parse_qs(target.query)['return'][0]
    assert back == f'http://cabinet.test{page}/signed'

    form = urllib.parse.urlencode({'name': "Иван Иванов",
            'iin': '900515400123', 'return': back}).encode()
    request = urllib.request.Request(
        f'{sandbox["centre"].url}{target.path}', data=form)
    opener = urllib.request.build_opener(NoRedirect)
    assert opener.open(request).headers['Location'] == back

    response = client.get(f'{page}/signed', headers={
            'User-Agent': 'Mobile Safari'}, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert 'Подписано' in text and 'Иван Иванов' in text
    assert run(lambda pool: [(s.signer, s.state, s.user_agent)
            for s in pool.get('mycar.cabinet.document')(document).signatures]
        ) == [('partner', 'signed', None),
        ('client', 'signed', 'Mobile Safari')]
    assert cabinet.read('mycar.cabinet.document', document, 'state') == (
        'signed',)
    assert 'id="sign"' not in text


def test_the_client_pays_and_sees_it_paid(cabinet, client):
    document = cabinet.send('Счёт № 9', kind='invoice',
        amount=Decimal('48500.00'), signatures=False)
    cabinet.login()
    page = f'/documents/{document}'
    assert '48\xa0500,00' in client.get(page).get_data(as_text=True)
    response = cabinet.post(f'{page}/pay', page=page)
    assert response.headers['Location'] == f'{page}/payment'
    def payments(pool):
        return [(p.payment_id, p.page_url) for p in pool.get(
                'mycar.cabinet.document')(document).payments]
    (payment_id, page_url), = run(payments)  # opened after the commit
    assert client.get(f'{page}/payment').headers['Location'] == page_url
    cabinet.post(f'{page}/pay', page=page)  # again: the same payment
    assert len(run(payments)) == 1

    body = json.dumps({'payment_id': payment_id, 'amount': '48500.00',
            'currency': 'KZT', 'status': 'paid'}).encode()  # as it calls back
    run(lambda pool: pool.get('mycar.payment.request').receive_callback(
            body, sign(body)))
    text = client.get(page).get_data(as_text=True)
    assert 'Оплачено' in text and 'id="pay"' not in text


def test_nothing_to_pay_is_refused(cabinet, client):
    document = cabinet.send('Акт № 10', signatures=False)
    cabinet.login()
    page = f'/documents/{document}'
    response = cabinet.post(f'{page}/pay', page=page, follow_redirects=True)
    assert 'нечего оплачивать' in response.get_data(as_text=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_303(self, request, response, code, message, headers):
        return response
