# This file is part of the MyCar partner platform.
import datetime as dt

from trytond.exceptions import UserError
from trytond.modules.company.tests import create_company
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

from trytond.modules.mycar_cabinet.exceptions import InvalidPhone
from trytond.modules.mycar_cabinet.phone import normalise
from trytond.modules.mycar_partner.tests.activation import ActivationMixin


def partner_user(company):
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    user, = User.create([{
                'name': f"Advisor of {company.rec_name}",
                'login': f'advisor_{company.id}',
                'companies': [('add', [company.id])], 'company': company.id,
                'roles': [('create', [{'role': ModelData.get_id(
                                    'mycar_partner',
                                    'role_partner_service_advisor')}])],
                }])
    return user


def visible_to(user, party):
    "Whether the user, with its record rules, can find the party"
    Party = Pool().get('party.party')
    with Transaction().set_user(user.id), \
            Transaction().set_context(_check_access=True):
        return bool(Party.search([('id', '=', party.id)]))


class MycarCabinetTestCase(ActivationMixin, ModuleTestCase):
    "Test MyCar Cabinet module: phones, clients, consents, documents"
    module = 'mycar_cabinet'

    @with_transaction()
    def test_normalise_kazakh_forms(self):
        for number in ['+7 701 123 45 67', '87011234567', '7011234567',
                '8 (701) 123-45-67', '+77011234567']:
            with self.subTest(number=number):
                self.assertEqual(normalise(number), '+77011234567')

    @with_transaction()
    def test_refuses_what_is_not_a_mobile(self):
        for number in ['', '12345', '+7 727 258 00 00', 'phone',
                '+7 701 123 45 678']:
            with self.subTest(number=number):
                with self.assertRaises(InvalidPhone):
                    normalise(number)

    @with_transaction()
    def test_one_client_through_two_partners(self):
        Party = Pool().get('party.party')
        partner_a = create_company("Partner A")
        partner_b = create_company("Partner B")
        client, = Party.register_clients(
            partner_a, [("Иван Иванов", '8 701 123 45 67')])
        same, = Party.register_clients(
            partner_b, [("Иван", '+7 701 123 45 67')])
        self.assertEqual(same, client)
        self.assertEqual(client.client_mobile, '+77011234567')
        self.assertRegex(client.client_code, r'^C\d{8}$')
        self.assertEqual(
            {link.company for link in client.client_links},
            {partner_a, partner_b})
        again, = Party.register_clients(
            partner_a, [("Иван Иванов", '87011234567')])
        self.assertEqual(len(again.client_links), 2)

    @with_transaction()
    def test_partner_sees_a_client_only_while_linked(self):
        pool = Pool()
        Party = pool.get('party.party')
        Link = pool.get('mycar.client.link')
        partner_a = create_company("Partner A")
        partner_c = create_company("Partner C")
        user_a, user_c = partner_user(partner_a), partner_user(partner_c)
        client, = Party.register_clients(
            partner_a, [("Иван Иванов", '+77011234567')])
        self.assertTrue(visible_to(user_a, client))
        self.assertFalse(visible_to(user_c, client))
        self.assertTrue(visible_to(user_c, partner_c.party))
        Link.unlink(Link.search([('company', '=', partner_a.id)]))
        self.assertFalse(visible_to(user_a, client))
        for user, partner in [(user_a, partner_a), (user_c, partner_c)]:
            # their own users (or 1C) enter the client: found, not made
            # again, though their rules hide the client until then
            with Transaction().set_user(user.id), \
                    Transaction().set_context(_check_access=True):
                same, = Party.register_clients(
                    partner, [("Иван", '+77011234567')])
            self.assertEqual(same, client)
            self.assertTrue(visible_to(user, client))

    @with_transaction()
    def test_consent_per_partner_and_purpose(self):
        pool = Pool()
        Party = pool.get('party.party')
        Consent = pool.get('mycar.client.consent')
        partner_a = create_company("Partner A")
        partner_b = create_company("Partner B")
        client, = Party.register_clients(
            partner_a, [("Иван Иванов", '+77011234567')])
        consents = Consent.give(partner_a, [client], 'marketing', 'intake')
        self.assertEqual(
            Consent.consenting(partner_a, [client], 'marketing'), {client})
        self.assertEqual(
            Consent.consenting(partner_a, [client], 'service'), set())
        self.assertEqual(
            Consent.consenting(partner_b, [client], 'marketing'), set())
        self.assertEqual(
            Consent.give(partner_a, [client], 'marketing', 'cabinet'), [])
        Consent.withdraw(consents)
        self.assertEqual(
            Consent.consenting(partner_a, [client], 'marketing'), set())

    @with_transaction()
    def test_malformed_mobile_saves_nothing(self):
        Party = Pool().get('party.party')
        partner = create_company("Partner A")
        with self.assertRaises(InvalidPhone):
            Party.register_clients(partner, [
                    ("Иван", '+77011234567'), ("Пётр", '12345')])
        self.assertEqual(Party.search([('client_mobile', '!=', None)]), [])

    @with_transaction()
    def test_delivery_runs_a_clock_per_kind(self):
        pool = Pool()
        Party = pool.get('party.party')
        Document = pool.get('mycar.cabinet.document')
        Deadline = pool.get('mycar.deadline')
        partner = create_company("Partner A")
        client, = Party.register_clients(
            partner, [("Иван Иванов", '+77011234567')])
        invoice, statement = Document.create([{
                    'company': partner, 'party': client, 'kind': kind,
                    'name': name, 'pdf': b'%PDF-1.4'}
                for kind, name in [('invoice', "Счёт 1"),
                    ('statement', "Выписка")]])
        self.assertEqual(Document.inbox(client), [])
        Queue = pool.get('ir.queue')
        with Transaction().set_context(queue_batch=False):
            Document.send([invoice, statement])
        task, = Queue.search([])
        self.assertEqual(task.data['method'], 'deliver')
        self.assertEqual(
            set(task.data['instances']), {invoice.id, statement.id})
        clocks = {c.reference: c for c in Deadline.search([])}
        self.assertEqual(
            (clocks[invoice].clause, clocks[invoice].due - invoice.sent_date),
            ('A3 §5.3', dt.timedelta(minutes=10)))
        self.assertEqual(clocks[statement].due - statement.sent_date,
            dt.timedelta(minutes=5))
        Document.deliver([invoice, statement])
        self.assertEqual(
            set(Document.inbox(client)), {invoice, statement})
        self.assertEqual(
            {c.state for c in Deadline.search([])}, {'met'})

    @with_transaction()
    def test_documents_reach_only_the_partners_consenting_clients(self):
        "A Partner cannot put a document in another Partner's client's cabinet"
        pool = Pool()
        Party = pool.get('party.party')
        Document = pool.get('mycar.cabinet.document')
        Consent = pool.get('mycar.client.consent')
        partner_a = create_company("Partner A")
        partner_b = create_company("Partner B")
        theirs, = Party.register_clients(
            partner_b, [("Клиент Б", '+77017654321')])
        values = {'company': partner_a, 'kind': 'invoice', 'name': "Phish",
            'amount': 1000}
        with self.assertRaises(UserError) as raised:
            Document.create([{**values, 'party': theirs}])
        self.assertIn("not a client of", raised.exception.message)
        ours, = Party.register_clients(
            partner_a, [("Клиент А", '+77011112233')])
        document, = Document.create([{**values, 'party': ours}])
        Consent.withdraw(Consent.search([('party', '=', ours.id)]))
        with self.assertRaises(UserError) as raised:  # consent withdrawn
            Document.send([document])
        self.assertIn("has not consented", raised.exception.message)
        Consent.give(partner_a, [ours], 'personal_data', 'intake')
        Link = pool.get('mycar.client.link')
        Document.send([document])
        self.assertEqual(document.state, 'sending')
        second, = Document.create([{**values, 'party': ours}])
        Link.unlink(Link.search([('party', '=', ours.id)]))
        with self.assertRaises(UserError):  # no longer a client
            Document.send([second])
        with self.assertRaises(UserError):  # changed to another's client
            Document.write([second], {'party': theirs.id})

    @with_transaction()
    def test_document_named_in_kazakh_before_it_is_sent(self):
        "A document's Kazakh title is given in draft, not once sent"
        pool = Pool()
        Party = pool.get('party.party')
        Document = pool.get('mycar.cabinet.document')
        partner = create_company("Partner A")
        client, = Party.register_clients(
            partner, [("Клиент А", '+77011112233')])
        document, = Document.create([{'company': partner, 'party': client,
                    'kind': 'invoice', 'name': "Счёт № 1", 'amount': 1000}])
        Document.name_in('kk', [document], ["№ 1 шот"])
        for language, name in [('kk', "№ 1 шот"), ('ru', "Счёт № 1")]:
            with Transaction().set_context(language=language):
                self.assertEqual(Document(document.id).name, name)
        Document.send([document])
        with self.assertRaises(UserError) as raised:
            Document.name_in('kk', [document], ["№ 2 шот"])
        self.assertIn("is sent", raised.exception.message)

    @with_transaction()
    def test_each_client_gets_one_cabinet_user(self):
        pool = Pool()
        Party = pool.get('party.party')
        WebUser = pool.get('web.user')
        partner_a = create_company("Partner A")
        partner_b = create_company("Partner B")
        client, = Party.register_clients(
            partner_a, [("Иван Иванов", '87011234567')])
        Party.register_clients(partner_b, [("Иван", '+7 701 123 45 67')])
        user, = WebUser.search([('party', '=', client.id)])
        self.assertEqual((user.mobile, user.email), ('+77011234567', None))
        self.assertEqual(user.rec_name, '+77011234567')
        with self.assertRaises(UserError):  # one active login per mobile
            WebUser.create([{'mobile': '+77011234567'}])

    @with_transaction()
    def test_login_code_only_for_a_cabinet(self):
        pool = Pool()
        WebUser = pool.get('web.user')
        OneTimeCode = pool.get('mycar.otp')
        with self.assertRaises(InvalidPhone):
            WebUser.send_login_code('12345')
        # an unknown number: no code, and the same answer as for a client
        self.assertEqual(
            WebUser.send_login_code('8 777 000 00 01'), '+77770000001')
        self.assertEqual(OneTimeCode.search([]), [])


del ModuleTestCase
