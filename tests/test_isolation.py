# This file is part of the MyCar partner platform.
"""Partner isolation: a Partner's users never read nor write another
Partner's records, in any model of our modules (ARCHITECTURE, Security).
The fixtures here are the records a Partner owns; test_access_matrix tries
them all over the wire, as each role; what stays here is what the wire
matrix does not show (coverage of the fixtures, and moves of a link or an
edition to another Partner)."""
import datetime as dt
import itertools
import unittest
from decimal import Decimal

from trytond.exceptions import UserError
from trytond.model import ModelSQL
from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import create_company
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction

from trytond.modules.mycar_partner.tests.activation import activate

from .mycar import as_user, make_application, our_modules

STARTED = dt.datetime(2026, 3, 2, 6, 0)
MOBILES = itertools.count(1)


def make_deadline(company):
    Deadline = Pool().get('mycar.deadline')
    clock, = Deadline.start([{
                'company': company, 'reference': company,
                'clause': '§4.2.3', 'duration': 10, 'unit': 'working'}],
        started=STARTED)
    return clock


def make_late_row(company):
    pool = Pool()
    Deadline = pool.get('mycar.deadline')
    Late = pool.get('mycar.deadline.late')
    clock = make_deadline(company)
    Deadline.write([clock], {'state': 'late'})
    row, = Late.search([('company', '=', company.id)])
    return row


def make_agreement(company):
    Agreement = Pool().get('mycar.partner.agreement')
    agreement, = Agreement.create([{
                'company': company, 'effective_date': dt.date(2026, 3, 19)}])
    return agreement


def make_licence(company):
    pool = Pool()
    Licence = pool.get('mycar.partner.licence')
    Service = pool.get('mycar.service')
    garage, = Service.search([('code', '=', 'garage')])
    licence, = Licence.create([{
                'agreement': make_agreement(company), 'company': company,
                'service': garage, 'quantity': 2,
                'start_date': dt.date(2026, 3, 19)}])
    return licence


def make_application_service(company):
    return make_application(company).services[0]


def make_application_employee(company):
    return make_application(company).employees[0]


def make_employee_service(company):
    EmployeeService = Pool().get(
        'mycar.partner.application.employee-mycar.service')
    employee = make_application_employee(company)
    line, = EmployeeService.search([('employee', '=', employee.id)])
    return line


def make_breach(company):
    Breach = Pool().get('mycar.partner.breach')
    breach, = Breach.create([{
                'agreement': make_agreement(company), 'clause': '§4.2.3',
                'description': "Logo", 'date': dt.date(2026, 3, 20)}])
    return breach


def make_force_majeure(company):
    ForceMajeure = Pool().get('mycar.partner.force_majeure')
    record, = ForceMajeure.create([{
                'agreement': make_agreement(company), 'affected': 'partner',
                'start_date': dt.date(2026, 3, 20), 'description': "Flood"}])
    return record


def make_claim(company):
    Claim = Pool().get('mycar.partner.claim')
    claim, = Claim.create([{
                'agreement': make_agreement(company), 'subject': "Repair",
                'parties': "Client", 'received_date': STARTED}])
    return claim


def make_api_request(company):
    Request = Pool().get('mycar.api.request')
    request, = Request.create([{
                'company': company, 'key': f'key-{company.id}',
                'endpoint': 'employees', 'digest': '0', 'status': 201,
                'response': '{}'}])
    return request


def make_client_link(company):
    pool = Pool()
    Party = pool.get('party.party')
    Link = pool.get('mycar.client.link')
    party, = Party.register_clients(
        company, [("Клиент", '+7701%07d' % next(MOBILES))])
    link, = Link.search([
            ('company', '=', company.id), ('party', '=', party.id)])
    return link


def make_consent(company):
    Consent = Pool().get('mycar.client.consent')
    consent, = Consent.give(
        company, [make_client_link(company).party], 'marketing', 'intake')
    return consent


def make_notification(company):
    Notification = Pool().get('mycar.notification')
    notification, = Notification.create([{
                'company': company, 'channel': 'sms', 'purpose': 'service',
                'text': "ТО", 'date': STARTED,
                'recipients': [('add', [make_client_link(company).party.id])],
                }])
    return notification


def make_notification_recipient(company):
    Recipient = Pool().get('mycar.notification-party.party')
    notification = make_notification(company)
    recipient, = Recipient.search([('notification', '=', notification.id)])
    return recipient


def make_delivery(company):
    Delivery = Pool().get('mycar.notification.delivery')
    notification = make_notification(company)
    delivery, = Delivery.create([{
                'notification': notification,
                'party': notification.recipients[0], 'channel': 'sms',
                'date': STARTED, 'state': 'sent'}])
    return delivery


def make_document(company):
    Document = Pool().get('mycar.cabinet.document')
    document, = Document.create([{
                'company': company, 'party': make_client_link(company).party,
                'kind': 'invoice', 'name': "Счёт"}])
    return document


def make_signature_request(company):
    Request = Pool().get('mycar.signature.request')
    request, = Request.create([{
                'document': make_document(company), 'sequence': 1,
                'signer': 'partner', 'state': 'pending'}])
    return request


def make_payment_request(company):
    Request = Pool().get('mycar.payment.request')
    request, = Request.create([{
                'document': make_document(company), 'amount': 1000,
                'state': 'pending', 'payment_id': f'pay-{next(MOBILES)}',
                'merchant_order': f'order-{next(MOBILES)}'}])
    return request


def make_act(company):
    pool = Pool()
    Act = pool.get('mycar.billing.act')
    Service = pool.get('mycar.service')
    garage, = Service.search([('code', '=', 'garage')])
    act, = Act.create([{
                'number': f'АВР-{next(MOBILES)}', 'company': company,
                'agreement': make_agreement(company),
                'date': dt.date(2026, 4, 1),
                'period_start': dt.date(2026, 3, 1),
                'period_end': dt.date(2026, 3, 31),
                'vat_rate': Decimal('0.16'),
                'total_amount': 202000,
                'tax_amount': Decimal('27862.07'),
                'lines': [('create', [{
                                'service': garage, 'kind': 'licence',
                                'quantity': 1, 'unit_price': 202000,
                                'amount': 202000,
                                'tax_amount': Decimal('27862.07'),
                                }])],
                }])
    return act


def make_act_line(company):
    return make_act(company).lines[0]


def make_esf(company):
    pool = Pool()
    ESF = pool.get('mycar.billing.esf')
    Invoice = pool.get('account.invoice')
    Type = pool.get('account.account.type')
    Account = pool.get('account.account')
    act = make_act(company)
    receivable, = Account.create([{
                'company': company, 'name': "1210", 'type': Type.create([{
                            'company': company, 'name': "Receivable",
                            'statement': 'balance', 'assets': True,
                            'receivable': True,
                            }])[0]}])
    address, = pool.get('party.address').create([{
                'party': company.party}])
    invoice, = Invoice.create([{
                'company': company, 'type': 'out', 'account': receivable,
                'party': company.party, 'invoice_address': address,
                'currency': company.currency,
                'invoice_date': dt.date(2026, 4, 3)}])
    esf, = ESF.create([{
                'company': company, 'act': act, 'invoice': invoice,
                'number': f'INV-{next(MOBILES)}',
                'date': dt.date(2026, 4, 3),
                'turnover_date': dt.date(2026, 3, 31)}])
    return esf


def make_billing_payment(company):
    Payment = Pool().get('mycar.billing.payment')
    payment, = Payment.create([{
                'company': company, 'date': dt.date(2026, 5, 2),
                'amount': 1000, 'reference': f'BANK-{next(MOBILES)}'}])
    return payment


def make_penalty(company):
    Penalty = Pool().get('mycar.billing.penalty')
    esf = make_esf(company)
    penalty, = Penalty.create([{
                'company': company, 'invoice': esf.invoice,
                'due_date': dt.date(2026, 4, 17), 'debt': 1000, 'days': 15,
                'amount': 15, 'computed_date': dt.date(2026, 5, 2)}])
    return penalty


def make_reconciliation(company):
    Reconciliation = Pool().get('mycar.billing.reconciliation')
    reconciliation, = Reconciliation.create([{
                'company': company, 'start_date': dt.date(2026, 1, 1),
                'end_date': dt.date(2026, 3, 31), 'opening_balance': 0,
                'acts_amount': 0, 'penalties_amount': 0,
                'payments_amount': 0, 'closing_balance': 0}])
    return reconciliation


def make_vehicle(company):
    Vehicle = Pool().get('mycar.vehicle')
    vehicle, = Vehicle.create([{
                'company': company, 'owner': make_client_link(company).party,
                'vin': 'XTA2118009%07d' % next(MOBILES), 'make': "Lada",
                'model': "Vesta"}])
    return vehicle


def make_garage_request(company):
    pool = Pool()
    Request = pool.get('mycar.garage.request')
    vehicle = make_vehicle(company)
    request, = Request.create([{
                'company': company, 'party': vehicle.owner,
                'vehicle': vehicle, 'wished_date': dt.date(2026, 3, 20),
                'problem': "Стук"}])
    return request


def make_garage_order(company):
    pool = Pool()
    Order = pool.get('mycar.garage.order')
    vehicle = make_vehicle(company)
    order, = Order.create([{
                'company': company, 'party': vehicle.owner,
                'vehicle': vehicle, 'lines': [('create', [{
                                'description': "Замена масла",
                                'quantity': 1, 'unit_price': 18500}])]}])
    return order


def make_garage_order_line(company):
    return make_garage_order(company).lines[0]


def make_garage_order_version(company):
    Version = Pool().get('mycar.garage.order.version')
    version, = Version.create([{
                'order': make_garage_order(company), 'accepted_date': STARTED,
                'accepted_how': 'code', 'total_amount': 18500,
                'lines': '[]'}])
    return version


def make_notice(company):
    Notice = Pool().get('mycar.partner.notice')
    notice, = Notice.create([{
                'company': company, 'kind': 'service_change',
                'subject': "Изменение", 'text': "Текст",
                'effective_date': dt.date(2026, 4, 30),
                'services': [('add', [sales_service().id])],
                'recipients': [('create', [{'company': company.id,
                                'email': 'office@example.kz'}])]}])
    return notice


def make_notice_recipient(company):
    return make_notice(company).recipients[0]


def make_notice_service(company):
    Link = Pool().get('mycar.partner.notice-mycar.service')
    link, = Link.search([('notice', '=', make_notice(company).id)])
    return link


def sales_service():
    service, = Pool().get('mycar.service').search([('code', '=', 'sales')])
    return service


def make_sales_template(company):
    Template = Pool().get('mycar.sales.template')
    template, = Template.create([{'company': company, 'name': "Продажа"}])
    return template


def make_sales_template_version(company):
    Version = Pool().get('mycar.sales.template.version')
    version, = Version.create([{
                'template': make_sales_template(company), 'version': '1',
                'start_date': dt.date(2026, 1, 1),
                'source': b'<p>{{ deal.number }}</p>'}])
    Version.write([version], {'state': 'approved'})
    return version


def make_sales_questionnaire(company):
    Questionnaire = Pool().get('mycar.sales.questionnaire')
    questionnaire, = Questionnaire.create([{'company': company,
                'party': make_client_link(company).party,
                'last_name': "Петров"}])
    return questionnaire


def make_sales_deal(company):
    Deal = Pool().get('mycar.sales.deal')
    version = make_sales_template_version(company)
    deal, = Deal.create([{'company': company,
                'party': make_client_link(company).party,
                'template': version.template, 'template_version': version,
                'goods': 'parts', 'payment_terms': "Предоплата",
                'lines': [('create', [{'description': "Шины",
                                'quantity': 4, 'unit_price': 50000}])]}])
    return deal


def make_sales_deal_line(company):
    return make_sales_deal(company).lines[0]


def make_marketplace_car(company, stock_number='A-1'):
    Car = Pool().get('mycar.marketplace.car')
    car, = Car.create([{'company': company, 'stock_number': stock_number,
                'make': "Toyota", 'model': "Camry", 'price': 18500000,
                'availability': 'in_stock', 'city': "Алматы",
                'vin': 'JTNB11HK003012345', 'confirmed_date': STARTED}])
    return car


def make_marketplace_hold(company):
    Hold = Pool().get('mycar.marketplace.hold')
    deal = make_sales_deal(company)
    hold, = Hold.create([{'car': make_marketplace_car(company, 'H-1'),
                'deal': deal, 'company': company, 'party': deal.party,
                'expires': STARTED}])
    return hold


def make_marketplace_sync(company):
    Sync = Pool().get('mycar.marketplace.sync')
    sync, = Sync.create([{'company': company, 'kind': 'full',
                'started': STARTED, 'state': 'done', 'rows': [('create', [{
                                'company': company, 'stock_number': 'A-2',
                                'reason': "No price"}])]}])
    return sync


def make_marketplace_quarantine(company):
    return make_marketplace_sync(company).rows[0]


def make_loyalty_programme(company):
    "The company's programme (one a Partner: made once)"
    Programme = Pool().get('mycar.loyalty.programme')
    programme, = Programme.search([('company', '=', company.id)]) or \
        Programme.create([{'company': company, 'name': "Бонус",
                    'overdraft': 'refuse'}])
    return programme


def make_loyalty_version(company):
    Version = Pool().get('mycar.loyalty.programme.version')
    version, = Version.create([{
                'programme': make_loyalty_programme(company),
                'effective_date': dt.date(2026, 1, 1),
                'document': b'%PDF-1.4 rules', 'filename': 'rules.pdf'}])
    return version


def loyalty_values(company):
    programme = make_loyalty_programme(company)
    return {'programme': programme, 'company': company,
        'party': make_client_link(company).party}


def make_loyalty_purchase(company):
    Purchase = Pool().get('mycar.loyalty.purchase')
    purchase, = Purchase.create([{**loyalty_values(company),
                'external_id': 'P-1', 'amount': 100000,
                'occurred': STARTED}])
    return purchase


def make_loyalty_entry(company):
    Entry = Pool().get('mycar.loyalty.entry')
    entry, = Entry.post([{**loyalty_values(company), 'kind': 'accrual',
                'points': 100, 'external_id': 'A-1', 'occurred': STARTED}])
    return entry


def make_loyalty_balance(company):
    Balance = Pool().get('mycar.loyalty.balance')
    entry = make_loyalty_entry(company)
    balance, = Balance.search([('party', '=', entry.party.id),
            ('programme', '=', entry.programme.id)])
    return balance


def make_loyalty_allocation(company):
    pool = Pool()
    entry = make_loyalty_entry(company)
    pool.get('mycar.loyalty.entry').post([{'programme': entry.programme,
                'company': company, 'party': entry.party,
                'kind': 'write_off', 'points': -40, 'external_id': 'W-1',
                'occurred': STARTED}])
    allocation, = pool.get('mycar.loyalty.allocation').search(
        [('credit', '=', entry.id)])
    return allocation


def make_loyalty_event(company):
    Event = Pool().get('mycar.loyalty.event')
    event, = Event.create([{'company': company, 'external_id': 'E-1',
                'kind': 'purchase', 'digest': '0' * 64, 'body': '{}',
                'occurred': STARTED, 'received': STARTED,
                'state': 'applied'}])
    return event


def make_people(company, user):
    "{model: record} of company's party, requisites and people"
    pool = Pool()
    Party = pool.get('party.party')
    Employee = pool.get('company.employee')
    Bank = pool.get('bank')
    Account = pool.get('bank.account')
    party = company.party
    address, = pool.get('party.address').create([{
                'party': party, 'street': "Абая 1"}])
    mechanism, = pool.get('party.contact_mechanism').create([{
                'party': party, 'type': 'email',
                'value': f'office{company.id}@example.kz'}])
    identifier, = pool.get('party.identifier').create([{
                'party': party, 'type': 'kz_bin',
                'code': '050540004455'}])
    bank, = Bank.create([{'party': Party.create([{
                            'name': f"Bank {company.id}"}])[0].id}])
    account, = Account.create([{'bank': bank, 'owners': [
                    ('add', [party.id])]}])
    employee, = Employee.create([{'company': company,
                'party': Party.create([{
                            'name': f"Employee {company.id}"}])[0].id}])
    records = {
        'party.party': party, 'party.address': address,
        'party.contact_mechanism': mechanism,
        'party.identifier': identifier, 'bank.account': account,
        'company.company': company, 'company.employee': employee,
        }
    if user:
        client = make_client_link(company).party
        records['res.user'] = user
        records['web.user'], = pool.get('web.user').search([
                ('party', '=', client.id)])
    return records


# model name -> function(company) that makes one record owned by company.
# Every model of our modules with a company field must have one.
FIXTURES = {
    'mycar.deadline': make_deadline,
    'mycar.deadline.late': make_late_row,
    'mycar.partner.application': make_application,
    'mycar.partner.application.service': make_application_service,
    'mycar.partner.application.employee': make_application_employee,
    'mycar.partner.application.employee-mycar.service':
        make_employee_service,
    'mycar.partner.agreement': make_agreement,
    'mycar.partner.licence': make_licence,
    'mycar.partner.breach': make_breach,
    'mycar.partner.force_majeure': make_force_majeure,
    'mycar.partner.claim': make_claim,
    'mycar.api.request': make_api_request,
    'mycar.client.link': make_client_link,
    'mycar.client.consent': make_consent,
    'mycar.notification': make_notification,
    'mycar.notification-party.party': make_notification_recipient,
    'mycar.notification.delivery': make_delivery,
    'mycar.cabinet.document': make_document,
    'mycar.signature.request': make_signature_request,
    'mycar.payment.request': make_payment_request,
    'mycar.billing.act': make_act,
    'mycar.billing.act.line': make_act_line,
    'mycar.billing.esf': make_esf,
    'mycar.billing.payment': make_billing_payment,
    'mycar.billing.penalty': make_penalty,
    'mycar.billing.reconciliation': make_reconciliation,
    'mycar.vehicle': make_vehicle,
    'mycar.garage.request': make_garage_request,
    'mycar.garage.order': make_garage_order,
    'mycar.garage.order.line': make_garage_order_line,
    'mycar.garage.order.version': make_garage_order_version,
    'mycar.partner.notice': make_notice,
    'mycar.partner.notice.recipient': make_notice_recipient,
    'mycar.partner.notice-mycar.service': make_notice_service,
    'mycar.sales.template': make_sales_template,
    'mycar.sales.template.version': make_sales_template_version,
    'mycar.sales.questionnaire': make_sales_questionnaire,
    'mycar.sales.deal': make_sales_deal,
    'mycar.sales.deal.line': make_sales_deal_line,
    'mycar.marketplace.car': make_marketplace_car,
    'mycar.marketplace.sync': make_marketplace_sync,
    'mycar.marketplace.quarantine': make_marketplace_quarantine,
    'mycar.marketplace.hold': make_marketplace_hold,
    'mycar.loyalty.programme': make_loyalty_programme,
    'mycar.loyalty.programme.version': make_loyalty_version,
    'mycar.loyalty.purchase': make_loyalty_purchase,
    'mycar.loyalty.entry': make_loyalty_entry,
    'mycar.loyalty.balance': make_loyalty_balance,
    'mycar.loyalty.event': make_loyalty_event,
    'mycar.loyalty.allocation': make_loyalty_allocation,
    }

# Models of our modules Partner users may not read at all
PRIVATE = {
    'mycar.otp',
    'mycar.otp.request',
    'mycar.outbox.message',
    'mycar.billing.month',
    'mycar.notification.word',
    'mycar.garage.figures',
    }

# Models of our modules that hold MyCar's reference data shared by all
# Partners: they carry no company and Partner users may only read them.
SHARED = {
    'mycar.calendar.day',
    'mycar.service',
    'mycar.partner.configuration',
    'res.user-mycar.service',
    'mycar.billing.tariff',
    }


class PartnerIsolationTestCase(unittest.TestCase):
    "Partner isolation across every model of our modules"

    @classmethod
    def setUpClass(cls):
        activate(our_modules())

    def our_models(self):
        pool = Pool()
        IrModel = pool.get('ir.model')
        models = IrModel.search([('module', 'in', our_modules())])
        return [m.name for m in models
            if issubclass(pool.get(m.name), ModelSQL)]

    def partner_user(self, company, role='role_partner_admin'):
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        user, = User.create([{
                    'name': f"Admin of {company.rec_name}",
                    'login': f'admin_{company.id}',
                    'companies': [('add', [company.id])],
                    'company': company.id,
                    'roles': [('create', [{'role': ModelData.get_id(
                                        'mycar_partner', role)}])],
                    }])
        return user

    def staff_user(self):
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        user, = User.create([{
                    'name': "Partner manager", 'login': 'manager',
                    'roles': [('create', [{'role': ModelData.get_id(
                                        'mycar_partner',
                                        'role_mycar_partner_manager')}])],
                    }])
        return user

    @with_transaction()
    def test_every_model_is_covered(self):
        "Each model is either isolated by company or shared read-only"
        pool = Pool()
        for name in self.our_models():
            with self.subTest(model=name):
                Model = pool.get(name)
                company = Model._fields.get('company')
                if name in PRIVATE:
                    continue  # Partner users read none of it
                if (company and company.model_name == 'company.company'
                        or Model.__access__):
                    self.assertIn(name, FIXTURES,
                        f"{name} has no isolation fixture in FIXTURES")
                else:
                    self.assertIn(name, SHARED | PRIVATE,
                        f"{name} has no company: list it in SHARED or "
                        "PRIVATE")

    @with_transaction()
    def test_partner_cannot_take_another_partners_client(self):
        "A Partner cannot point its link or consent at another's client"
        pool = Pool()
        Link = pool.get('mycar.client.link')
        Consent = pool.get('mycar.client.consent')
        company_a = create_company("Partner A")
        company_b = create_company("Partner B")
        user_a = self.partner_user(company_a)
        own = make_consent(company_a)
        theirs = make_client_link(company_b).party
        link, = Link.search([('company', '=', company_a.id)])
        Party = pool.get('party.party')
        with as_user(user_a), self.assertRaises(AccessError):
            # the client's login is theirs: no taking over their cabinet
            Party.write([Party(link.party.id)],
                {'client_mobile': '+77070000000'})
        for Model, record in [(Link, link), (Consent, own)]:
            for values in [{'party': theirs.id}, {'company': company_b.id}]:
                with self.subTest(model=Model.__name__, values=values), \
                        as_user(user_a):
                    with self.assertRaises(AccessError):
                        Model.write([Model(record.id)], values)
        # a client both serve: neither renames nor deletes them, nor
        # learns who else serves them
        shared, = Party.register_clients(
            company_a, [("Общий клиент", theirs.client_mobile)])
        self.assertEqual(shared, theirs)
        with as_user(user_a):
            for attempt in [
                    lambda: Party.write([Party(shared.id)], {'name': "X"}),
                    lambda: Party.write([Party(shared.id)], {'active': False}),
                    lambda: Party.delete([Party(link.party.id)]),
                    lambda: Party.read([shared.id], ['partner_companies']),
                    ]:
                with self.assertRaises(AccessError):
                    attempt()

    @with_transaction()
    def test_partner_cannot_file_edition_of_other_agreement(self):
        "An edition that names another Partner's agreement is refused"
        pool = Pool()
        Application = pool.get('mycar.partner.application')
        company_a = create_company("Partner A")
        company_b = create_company("Partner B")
        agreement_b = make_agreement(company_b)
        agreement_b.edition = make_application(company_b)
        agreement_b.save()
        make_agreement(company_a)
        user_a = self.partner_user(company_a)
        draft = make_application(company_a)
        with as_user(user_a):
            with self.assertRaises(UserError) as raised:
                Application.write(
                    [Application(draft.id)], {'agreement': agreement_b.id})
        self.assertIn("another Partner", raised.exception.message)
