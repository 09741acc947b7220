# This file is part of the MyCar partner platform.
import datetime as dt
import pathlib
from decimal import Decimal
from unittest.mock import patch

from trytond.config import config
from trytond.modules.account.tests import create_chart
from trytond.modules.company.tests import create_company
from trytond.modules.mycar_billing import act as act_module
from trytond.modules.mycar_billing.exceptions import BillingError, TariffError
from trytond.modules.mycar_billing.invoice import line_description
from trytond.modules.mycar_billing.payment import names_number
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

from trytond.modules.mycar_partner.tests.activation import ActivationMixin

LOCALE = pathlib.Path(__file__).parent.parent / 'locale'


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

    @with_transaction()
    def test_a_percentage_tariff_bills_the_deals_paid_in_the_month(self):
        """2 % of what a Sales Partner's clients paid through the platform
        in November 2026 (Almaty days), VAT inside (§5.1)"""
        sales, partner, other, acts = self.bill_sales_november()
        act, = [a for a in acts if a.company == partner]
        licence, percentage = act.lines
        self.assertEqual(
            (percentage.service, percentage.kind, percentage.volume,
                percentage.percentage, percentage.quantity,
                percentage.unit_price, percentage.amount,
                percentage.tax_amount),
            (sales, 'percentage', Decimal('1250000.50'), Decimal(2),
                Decimal(1), Decimal('25000.01'), Decimal('25000.01'),
                Decimal('3448.28')))  # 25 000.01 × 16 / 116
        self.assertEqual((licence.kind, licence.amount, licence.volume),
            ('licence', Decimal('5200.00'), None))
        self.assertEqual(line_description(percentage),  # invoice and ESF
            'Sales digitisation: 2 % × 1250000.50')
        self.assertEqual(act.total_amount,
            sum(line.amount for line in act.lines))
        self.assertEqual(act.tax_amount,
            sum(line.tax_amount for line in act.lines))
        theirs, = [a for a in acts if a.company == other]
        self.assertEqual([(line.kind, line.volume) for line in theirs.lines],
            [('licence', None), ('percentage', Decimal('500000.00'))])

    @with_transaction()
    def test_the_act_names_the_percentage_and_the_volume(self):
        pool = Pool()
        _, partner, _, acts = self.bill_sales_november()
        act, = [a for a in acts if a.company == partner]
        # the numbers in the printing user's format, as the act's others
        volume = pool.get('mycar.billing.act', type='report').format_number(
            Decimal('1250000.50'), pool.get('res.user')(
                Transaction().user).language, digits=2)
        for language, text in [
                ('ru', ", 2 % от объёма сделок, оплаченных через сервис, "
                    f"{volume} ₸"),
                ('kk', ", сервис арқылы төленген мәмілелер көлемінің 2 %, "
                    f"{volume} ₸")]:
            with self.subTest(language=language):
                self.assertIn(f'Sales digitisation<span>{text}</span>',
                    self.act_html(act, language))

    @with_transaction()
    def test_an_act_renders_alike_after_hundreds_of_renders(self):
        """A worker renders the month's acts one after another: Tryton
        nested the template's i18n directives one level deeper at each
        render, and the 326th failed on Python's recursion limit"""
        pool = Pool()
        _, partner, _, acts = self.bill_sales_november()
        act, = [a for a in acts if a.company == partner]
        first = {language: self.act_html(act, language)
            for language in ['ru', 'kk']}
        Report = pool.get('mycar.billing.act', type='report')
        action, = pool.get('ir.action.report').search(
            [('report_name', '=', 'mycar.billing.act')])
        context = Report.get_context(type(act).browse([act]), {}, {})
        for _ in range(400):
            Report.render(action, context)
        for language in ['ru', 'kk']:
            self.assertEqual(self.act_html(act, language), first[language])
        self.assertNotEqual(first['ru'], first['kk'])

    @with_transaction()
    def test_delivery_renders_each_pdf_once_in_tasks_of_twenty(self):
        """The month's acts go to the workers 20 a task (one here, to see
        two tasks of two acts); delivering an act renders its Russian PDF
        once, for the cabinet and the e-mail, and its Kazakh one once"""
        pool = Pool()
        Act = pool.get('mycar.billing.act')
        Report = pool.get('mycar.billing.act', type='report')
        Queue = pool.get('ir.queue')
        User = pool.get('res.user')
        role = pool.get('ir.model.data').get_id(
            'mycar_partner', 'role_partner_accountant')
        before = Queue.search_count([])
        worker = config.get('queue', 'worker', default=None)
        config.set('queue', 'worker', 'True')  # tasks queued, as in prod
        try:
            with patch.object(act_module, 'DELIVERY_BATCH', 1):
                _, partner, other, acts = self.bill_sales_november()
        finally:
            if worker is None:
                config.remove_option('queue', 'worker')
            else:
                config.set('queue', 'worker', worker)
        self.assertEqual(Queue.search_count([]) - before, len(acts))
        for act, bin_ in zip(acts, ['191140031101', '191140031111']):
            pool.get('party.identifier').create([{'type': 'kz_bin',
                        'code': bin_, 'party': act.company.party}])
        User.create([{'name': "Бухгалтер", 'login': f'buh{a.company.id}',
                    'email': f'buh{a.company.id}@example.kz',
                    'company': a.company,
                    'companies': [('add', [a.company.id])],
                    'roles': [('create', [{'role': role}])]}
                for a in acts])
        languages = []
        execute = Report.execute

        def counted(ids, data):
            languages.append(Transaction().context.get('language'))
            return execute(ids, data)
        tasks = {q.id for q in Queue.search([])}
        with patch.object(Report, 'execute', counted), \
                Transaction().set_user(0):  # as the queued task runs
            Act.deliver(acts)
        self.assertEqual(sorted(languages), ['kk', 'kk', 'ru', 'ru'])
        self.assertTrue(all(a.pdf.startswith(b'%PDF') for a in acts))
        # the acts' e-mails go to the outbox's workers in one task, as
        # their registrations at the certification centre do
        sending = [q.data['instances'] for q in Queue.search(
                [('id', 'not in', list(tasks))])
            if q.data['model'] == 'mycar.outbox.message']
        Message = pool.get('mycar.outbox.message')
        self.assertEqual(sorted(Message(i).channel for i in sending[0]),
            ['email', 'email'])
        self.assertEqual(len(sending), 2)

    def bill_sales_november(self):
        """Two Partners hold a Sales licence, priced at 2 % of the deals
        from November 2026; their clients paid in and around November;
        MyCar bills November. Return the service, the Partners and the
        acts"""
        pool = Pool()
        self.mycar(chart=True)
        sales, partner = self.licensed_partner('sales', 1, "ТОО «Sales»")
        _, other = self.licensed_partner('sales', 1, "ТОО «Other»")
        garage, = pool.get('mycar.service').search([('code', '=', 'garage')])
        pool.get('mycar.billing.tariff').create([{'service': sales,
                    'kind': 'percentage', 'percentage': Decimal(2),
                    'start_date': dt.date(2026, 11, 1)}])
        self.pay(partner, '+77011234567', [
                # UTC: 1 November 00:00 and 30 November 23:59 in Almaty
                (sales, '1000000.00', dt.datetime(2026, 10, 31, 19, 0)),
                (sales, '250000.50', dt.datetime(2026, 11, 30, 18, 59, 59)),
                # 31 October and 1 December in Almaty
                (sales, '7000.00', dt.datetime(2026, 10, 31, 18, 59, 59)),
                (sales, '9000.00', dt.datetime(2026, 11, 30, 19, 0)),
                (sales, '8000.00', None),  # not paid
                (garage, '6000.00', dt.datetime(2026, 11, 10, 9, 0)),
                ])
        self.pay(other, '+77017654321', [
                (sales, '500000.00', dt.datetime(2026, 11, 10, 9, 0))])
        acts = pool.get('mycar.billing.act').bill(
            dt.date(2026, 11, 1), dt.date(2026, 11, 30))
        return sales, partner, other, acts

    def act_html(self, act, language):
        "The act as its PDF is written, in language (ru or kk)"
        pool = Pool()
        Report = pool.get('mycar.billing.act', type='report')
        action, = pool.get('ir.action.report').search(
            [('report_name', '=', 'mycar.billing.act')])
        pool.get('ir.translation').translation_import(language,
            'mycar_billing', [str(LOCALE / f'{language}.po')])
        with Transaction().set_context(language=language):
            return Report.render(action, Report.get_context(
                    type(act).browse([act]), {}, {}))

    def mycar(self, chart=False):
        "MyCar's company, which bills; with its Kazakh chart (VAT) if chart"
        Configuration = Pool().get('mycar.partner.configuration')
        mycar = create_company("MyCar")
        configuration = Configuration(1)
        configuration.billing_company = mycar
        configuration.save()
        if chart:
            create_chart(mycar, chart='mycar_billing.account_template_kz_root')
        return mycar

    def licensed_partner(self, code, quantity, name="ТОО «Partner»",
            start=dt.date(2026, 3, 19)):
        "A Partner that holds quantity licences of service code from start"
        pool = Pool()
        service, = pool.get('mycar.service').search([('code', '=', code)])
        partner = create_company(name)
        agreement, = pool.get('mycar.partner.agreement').create([{
                    'company': partner, 'effective_date': start}])
        pool.get('mycar.partner.licence').create([{'agreement': agreement,
                    'company': partner, 'service': service,
                    'quantity': quantity, 'start_date': start}])
        return service, partner

    def garage_partner(self):
        "MyCar bills; a Partner holds 2 Garage licences from 19 March 2026"
        self.mycar()
        return self.licensed_partner('garage', 2)

    def pay(self, partner, mobile, payments):
        """A document of the Partner to its client for each (service,
        amount, paid date) of payments, paid then or pending if None"""
        pool = Pool()
        Document = pool.get('mycar.cabinet.document')
        client, = pool.get('party.party').register_clients(
            partner, [("Клиент", mobile)])
        documents = Document.create([{'company': partner, 'party': client,
                    'kind': 'invoice', 'name': "Счёт", 'service': service,
                    'amount': Decimal(amount)}
                for service, amount, _ in payments])
        pool.get('mycar.payment.request').create([{'document': document,
                    'amount': Decimal(amount),
                    'merchant_order': f'order-{document.id}',
                    'state': 'paid' if paid else 'pending',
                    'paid_date': paid}
                for document, (_, amount, paid) in zip(documents, payments)])


del ModuleTestCase
