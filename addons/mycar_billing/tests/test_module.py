# This file is part of the MyCar partner platform.
import datetime as dt
from decimal import Decimal

from trytond.modules.company.tests import create_company
from trytond.modules.mycar_billing.exceptions import BillingError, TariffError
from trytond.modules.mycar_billing.payment import names_number
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

from trytond.modules.mycar_partner.tests.activation import ActivationMixin


class MycarBillingTestCase(ActivationMixin, ModuleTestCase):
    "Test MyCar Billing module"
    module = 'mycar_billing'

    def test_a_payment_names_an_invoice_by_its_whole_number(self):
        "Invoice 1 is not named by 12, 21, 1/2 or 1.5"
        for text, named in [('Оплата по счёту №1', True),
                ('invoice 1.', True), ('1', True), ('счёт 1, акт 3', True),
                ('№12', False), ('21', False), ('1/2', False),
                ('1.5', False), ('A1', False), ('', False), (None, False)]:
            with self.subTest(text=text):
                self.assertEqual(names_number(text, '1'), named)
        self.assertTrue(names_number('счёт СФ-2026/0001 за март',
                'СФ-2026/0001'))
        self.assertFalse(names_number('СФ-2026/00012', 'СФ-2026/0001'))

    @with_transaction()
    def test_acts_are_found_by_invoice_through_an_index(self):
        Act = Pool().get('mycar.billing.act')
        self.assertIn(('invoice',), {
                tuple(e.name for e, _ in i.expressions)
                for i in Act._sql_indexes})

    @with_transaction()
    def test_one_tariff_of_a_kind_per_service_and_day(self):
        pool = Pool()
        Tariff = pool.get('mycar.billing.tariff')
        garage, = pool.get('mycar.service').search([('code', '=', 'garage')])
        current, = Tariff.search([
                ('service', '=', garage.id), ('kind', '=', 'licence')])
        new = {'service': garage, 'kind': 'licence',
            'amount': Decimal(210000), 'start_date': dt.date(2027, 1, 1)}
        Tariff.write([current], {'end_date': dt.date(2026, 12, 31)})
        tariff, = Tariff.create([new])  # from the day after: accepted
        self.assertEqual(
            Tariff.valid_on(dt.date(2027, 3, 1))[garage.id, 'licence'],
            tariff)
        # a refused create is rolled back with its request; each comes last
        with self.assertRaises(TariffError):  # 570 ₸ a document still runs
            Tariff.create([{**new, 'kind': 'document',
                        'amount': Decimal(600)}])

    @with_transaction()
    def test_tariffs_may_not_overlap(self):
        pool = Pool()
        Tariff = pool.get('mycar.billing.tariff')
        garage, = pool.get('mycar.service').search([('code', '=', 'garage')])
        with self.assertRaises(TariffError):  # the current one never ends
            Tariff.create([{'service': garage, 'kind': 'licence',
                        'amount': Decimal(210000),
                        'start_date': dt.date(2027, 1, 1)}])

    @with_transaction()
    def test_licences_are_subscription_lines(self):
        pool = Pool()
        Licence = pool.get('mycar.partner.licence')
        Line = pool.get('sale.subscription.line')
        Subscription = pool.get('sale.subscription')
        garage, partner = self.garage_partner()
        licence, = Licence.search([])
        fee, documents = Line.search([('licence', '=', licence.id)],
            order=[('id', 'ASC')])
        self.assertEqual(
            (fee.mycar_kind, fee.quantity, fee.unit_price, fee.start_date),
            ('licence', 2, Decimal(202000), dt.date(2026, 3, 19)))
        self.assertEqual(
            (documents.mycar_kind, documents.service, documents.unit_price),
            ('document', garage.document_service, Decimal(570)))
        subscription = fee.subscription
        self.assertEqual((subscription.state, subscription.party,
                subscription.next_invoice_date),
            ('running', partner.party, None))
        Licence.write([licence], {'end_date': dt.date(2026, 4, 30)})
        self.assertEqual({c.end_date for c in Line.browse([fee, documents])},
            {dt.date(2026, 4, 30)})
        Licence.write([licence], {'start_date': dt.date(2026, 3, 23)})
        self.assertEqual(
            {c.start_date for c in Line.browse([fee, documents])},
            {dt.date(2026, 3, 23)})
        with self.assertRaises(BillingError):  # only through the agreement
            Subscription.draft([subscription])

    @with_transaction()
    def test_a_document_is_consumed_once_when_all_have_signed(self):
        pool = Pool()
        Document = pool.get('mycar.cabinet.document')
        Request = pool.get('mycar.signature.request')
        Consumption = pool.get('sale.subscription.line.consumption')
        garage, partner = self.garage_partner()
        client, = pool.get('party.party').register_clients(
            partner, [("Иван", '+77011234567')])
        document, = Document.create([{'company': partner, 'party': client,
                    'kind': 'act', 'name': "Акт", 'service': garage}])
        requests = Request.create([{'document': document, 'sequence': s,
                    'signer': w, 'state': 'pending'}
                for s, w in [(1, 'partner'), (2, 'client')]])
        signed = dt.datetime(2026, 3, 31, 19, 30)  # 1 April in Almaty
        Request.write(requests[:1], {'state': 'signed',
                'signed_date': signed - dt.timedelta(hours=1)})
        self.assertEqual(Consumption.search([]), [])  # the client has not
        Request.write(requests[1:], {'state': 'signed',
                'signed_date': signed})
        Request.write(requests, {'ip_address': '10.0.0.1'})
        self.assertEqual(
            Consumption.record(period=(dt.date(2026, 4, 1),
                    dt.date(2026, 4, 30))), [])  # already consumed
        consumption, = Consumption.search([])
        self.assertEqual((consumption.document, consumption.quantity,
                consumption.date, consumption.line.mycar_kind),
            (document, 1, dt.date(2026, 4, 1), 'document'))

    def garage_partner(self):
        "MyCar bills; a Partner holds 2 Garage licences from 19 March 2026"
        pool = Pool()
        Configuration = pool.get('mycar.partner.configuration')
        garage, = pool.get('mycar.service').search([('code', '=', 'garage')])
        mycar = create_company("MyCar")
        configuration = Configuration(1)
        configuration.billing_company = mycar
        configuration.save()
        partner = create_company("ТОО «Partner»")
        agreement, = pool.get('mycar.partner.agreement').create([{
                    'company': partner,
                    'effective_date': dt.date(2026, 3, 19)}])
        pool.get('mycar.partner.licence').create([{'agreement': agreement,
                    'company': partner, 'service': garage, 'quantity': 2,
                    'start_date': dt.date(2026, 3, 19)}])
        return garage, partner


del ModuleTestCase
