# This file is part of the MyCar partner platform.
"""E-signatures through the sandbox certification centre, which really
signs; the platform verifies every signature."""
import hashlib

import pytest
from trytond.exceptions import UserError
from trytond.modules.company.tests import create_company
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, drop_db
from trytond.transaction import Transaction
from trytond.worker import run_task

from sandbox.ca import Authority, CertificationCentre, sign_at
from sandbox.server import free_port
from trytond.modules.mycar_cabinet import cms
from trytond.modules.mycar_cabinet.tests.tools import configure
from trytond.modules.mycar_partner.tests.activation import activate

PDF = b'%PDF-1.4 act of completed works No. 17'




def partner_of(name, bin_):
    "A Partner with its BIN, whose certificates sign for it"
    partner = create_company(name)
    partner.party.identifiers = [{'type': 'kz_bin', 'code': bin_}]
    partner.party.save()
    return partner


@pytest.fixture(scope='module')
def centre(tmp_path_factory):
    directory = tmp_path_factory.mktemp('ca')
    server = CertificationCentre(directory, port=free_port()).start()
    configure('mycar_certification', url=server.url)
    configure('mycar_certification', ca_file=str(directory / 'ca.pem'))
    activate(['mycar_cabinet'])
    with Transaction().start(DB_NAME, 0) as transaction:
        pool = Pool()
        Party = pool.get('party.party')
        Document = pool.get('mycar.cabinet.document')
        partner = partner_of("ТОО «Astana Motors»", '050540004455')
        client, = Party.register_clients(
            partner, [("Иван Иванов", '+77011234567')])
        document, = Document.create([{
                    'company': partner, 'party': client, 'kind': 'act',
                    'name': "Акт 17", 'pdf': PDF}])
        Document.send([document])
        Document.deliver([document])
        transaction.commit()
    yield server, document.id
    server.stop()
    drop_db()


def in_transaction(function):
    "function(pool) committed, its queued tasks (the outbox) run after"
    with Transaction().start(DB_NAME, 0) as transaction:
        result = function(Pool())
        transaction.commit()
    while transaction.tasks:
        run_task(DB_NAME, transaction.tasks.pop())
    return result


def test_partner_then_client_sign(centre):
    server, document_id = centre

    def request(pool):
        Document = pool.get('mycar.cabinet.document')
        Request = pool.get('mycar.signature.request')
        return Request.request([Document(document_id)])[0].id
    request_id = in_transaction(request)  # registered after the commit
    reference = in_transaction(lambda pool: pool.get(
            'mycar.signature.request')(request_id).centre_reference)
    assert reference

    def fetch(pool):
        Document = pool.get('mycar.cabinet.document')
        Request = pool.get('mycar.signature.request')
        Request.fetch([Document(document_id)], ip_address='10.0.0.7',
            user_agent='Mozilla/5.0', by_client=True)  # as the cabinet
        document = Document(document_id)
        return document.state, [
            (r.signer, r.state, r.signer_subject) for r in document.signatures]

    sign_at(server.url, reference, "Асель Жумабаева", '880101300010',
        '050540004455')
    state, signatures = in_transaction(fetch)
    assert state == 'delivered'
    assert [s[:2] for s in signatures] == [
        ('partner', 'signed'), ('client', 'pending')]
    assert 'Асель Жумабаева' in signatures[0][2]

    sign_at(server.url, reference, "Иван Иванов", '900515400123')
    state, signatures = in_transaction(fetch)
    assert state == 'signed'
    assert 'Иван Иванов' in signatures[1][2]

    def kept(pool):
        Request = pool.get('mycar.signature.request')
        client, = Request.search([('signer', '=', 'client')])
        return client.cms, client.document_hash, client.ip_address
    signature, digest, ip_address = in_transaction(kept)
    ca = Authority(server.authority.cert_path.parent).cert
    assert cms.verify(signature, PDF, ca)
    assert ip_address == '10.0.0.7'
    assert digest == hashlib.sha256(PDF).hexdigest()


def test_only_the_expected_signers_sign(centre):
    """The Partner's certificate must carry its BIN (and its signatory's
    IIN when set), the client's their IIN: anyone else's is refused,
    naming who was expected, and the document stays unsigned. A client
    whose IIN is not known yet is known by their first signature."""
    server, _ = centre

    def issue(pool):
        Party = pool.get('party.party')
        Document = pool.get('mycar.cabinet.document')
        Request = pool.get('mycar.signature.request')
        partner = partner_of("ТОО «Almaty Auto»", '110240012342')
        partner.signatory_iin = '880101300010'
        partner.save()
        client, = Party.register_clients(
            partner, [("Айжан Серикова", '+77071234567')])
        documents = Document.create([{
                    'company': partner, 'party': client, 'kind': 'act',
                    'name': f"Акт {n}", 'pdf': PDF + bytes([n])}
                for n in [1, 2]])
        Document.send(documents)
        Document.deliver(documents)
        Request.request(documents)
        return [d.id for d in documents]
    first, second = in_transaction(issue)

    def reference(document_id):
        return in_transaction(lambda pool: pool.get('mycar.cabinet.document')(
                document_id).signatures[0].centre_reference)

    def fetch(document_id, by_client=False):
        def fetch(pool):
            Document = pool.get('mycar.cabinet.document')
            document = Document(document_id)
            refused = pool.get('mycar.signature.request').fetch(
                [document], by_client=by_client)
            return refused.get(document), [
                (r.signer, r.state) for r in Document(document_id).signatures]
        return in_transaction(fetch)

    # the signatory, but with a certificate of another company
    sign_at(server.url, reference(first), "Асель Жумабаева",
        '880101300010', '050540004455')
    refusal, states = fetch(first)
    assert states == [('partner', 'pending'), ('client', 'pending')]
    assert 'Асель Жумабаева (IIN 880101300010, BIN 050540004455)' in refusal
    assert 'ТОО «Almaty Auto», IIN 880101300010, BIN 110240012342' in refusal

    # another employee of the Partner, not its signatory
    sign_at(server.url, reference(first), "Ерлан Омаров", '900515400123',
        '110240012342')
    assert fetch(first)[1][0] == ('partner', 'pending')

    sign_at(server.url, reference(first), "Асель Жумабаева",
        '880101300010', '110240012342')
    assert fetch(first) == (None, [
            ('partner', 'signed'), ('client', 'pending')])

    # the client, unknown by IIN: known by their first signature, taken
    # in their own session of the cabinet, never elsewhere
    sign_at(server.url, reference(first), "Айжан Серикова", '950820450018')
    assert fetch(first)[1] == [('partner', 'signed'), ('client', 'pending')]
    assert fetch(first, by_client=True)[1] == [
        ('partner', 'signed'), ('client', 'signed')]
    sign_at(server.url, reference(second), "Асель Жумабаева",
        '880101300010', '110240012342')
    assert fetch(second)[1][0] == ('partner', 'signed')
    sign_at(server.url, reference(second), "Пётр Сидоров", '870412300416')
    refusal, states = fetch(second)
    assert states == [('partner', 'signed'), ('client', 'pending')]
    assert 'Айжан Серикова, IIN 950820450018' in refusal

    def ask(pool):  # the Partner's employee presses "fetch"
        Document = pool.get('mycar.cabinet.document')
        pool.get('mycar.signature.request').fetch_or_refuse(
            [Document(second)])
    with pytest.raises(UserError, match='signed by Пётр Сидоров'):
        in_transaction(ask)


def test_signed_document_cannot_change(centre):
    _, document_id = centre

    def change(pool):
        Document = pool.get('mycar.cabinet.document')
        Document.write([Document(document_id)], {'pdf': b'%PDF forged'})
    with pytest.raises(UserError, match="is signed: it cannot be changed"):
        in_transaction(change)


def test_signature_of_another_document_is_refused(tmp_path):
    authority = Authority(tmp_path)
    signature = authority.sign(PDF, "Иван Иванов", '900515400123')
    assert cms.verify(signature, PDF, authority.cert)
    with pytest.raises(cms.SignatureInvalid, match="another document"):
        cms.verify(signature, PDF + b' forged', authority.cert)


def test_signature_by_an_untrusted_ca_is_refused(tmp_path):
    (tmp_path / 'trusted').mkdir()
    (tmp_path / 'rogue').mkdir()
    trusted = Authority(tmp_path / 'trusted')
    rogue = Authority(tmp_path / 'rogue')
    signature = rogue.sign(PDF, "Иван Иванов", '900515400123')
    with pytest.raises(cms.SignatureInvalid, match="not the CA's"):
        cms.verify(signature, PDF, trusted.cert)
    with pytest.raises(cms.SignatureInvalid, match="not a CMS"):
        cms.verify(b'garbage', PDF, trusted.cert)
