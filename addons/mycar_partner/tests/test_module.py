# This file is part of the MyCar partner platform.
import datetime as dt
import unittest
from unittest import mock

import time_machine
from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import (
    CompanyTestMixin,
    PartyCompanyCheckEraseMixin,
    create_company,
)
from trytond.pool import Pool
from trytond.tests.test_tryton import (
    DB_NAME,
    ModuleTestCase,
    with_transaction,
)
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar, kz
from trytond.modules.mycar_partner.bank import is_valid_kz_iban
from trytond.modules.mycar_partner.calendar import end_of_day
from trytond.modules.mycar_partner.exceptions import CalendarError
from trytond.modules.mycar_partner.tests.activation import ActivationMixin

D = dt.date


class KzIdentifierTestCase(unittest.TestCase):
    "Kazakhstan identifiers without a database"

    def test_bin_check_digit(self):
        self.assertTrue(kz.is_valid_bin('191140031171'))  # MyCar Group
        self.assertTrue(kz.is_valid_bin(' 1911 4003 1171 '))
        for wrong in ['191140031172', '19114003117', '19114003117a', '']:
            with self.subTest(wrong=wrong):
                self.assertFalse(kz.is_valid_bin(wrong))

    def test_check_digit_second_pass(self):
        "The second weights are used when the first sum gives 10"
        digits = next(
            f'{n:011d}' for n in range(10 ** 10, 10 ** 11)
            if sum(w * int(d) for w, d in zip(
                    kz.FIRST_WEIGHTS, f'{n:011d}')) % 11 == 10
            and sum(w * int(d) for w, d in zip(
                    kz.SECOND_WEIGHTS, f'{n:011d}')) % 11 != 10)
        second = sum(
            w * int(d) for w, d in zip(kz.SECOND_WEIGHTS, digits)) % 11
        self.assertEqual(kz.check_digit(digits), second)

    def test_legal_name_in_kazakh(self):
        "Kazakh puts the legal form, its own, after the quoted name"
        for name, kazakh in [
                ('ТОО «Astana Motors»', '«Astana Motors» ЖШС'),
                ('АО «Народный Банк Казахстана»',
                    '«Народный Банк Казахстана» АҚ'),
                ('ИП "Ахметов"', '"Ахметов" ЖК'),
                ('Айгерим Сапарова', 'Айгерим Сапарова'),
                ('ТООО «X»', 'ТООО «X»'),
                ]:
            with self.subTest(name=name):
                self.assertEqual(kz.legal_name(name, 'kk'), kazakh)
                self.assertEqual(kz.legal_name(name, 'ru'), name)
        self.assertIsNone(kz.legal_name(None, 'kk'))

    def test_check_digit_impossible(self):
        "A number whose both sums give 10 can never be valid"
        digits = next(
            f'{n:011d}' for n in range(10 ** 10, 10 ** 11)
            if all(sum(w * int(d) for w, d in zip(ws, f'{n:011d}')) % 11
                == 10 for ws in (kz.FIRST_WEIGHTS, kz.SECOND_WEIGHTS)))
        self.assertIsNone(kz.check_digit(digits))
        for last in '0123456789':
            self.assertFalse(kz.is_valid_12(digits + last))

    def test_iin(self):
        iin = '8801013' + '0001'
        iin += str(kz.check_digit(iin))
        self.assertTrue(kz.is_valid_iin(iin))
        self.assertFalse(kz.is_valid_iin('881301300011'))  # month 13

    def test_kz_iban(self):
        self.assertTrue(is_valid_kz_iban('KZ706018771000735551'))
        self.assertTrue(is_valid_kz_iban('KZ70 6018 7710 0073 5551'))
        for wrong in ['KZ706018771000735552', 'KZ70601877100073555',
                'KZ7060187710007355511', 'DE89370400440532013000']:
            with self.subTest(wrong=wrong):
                self.assertFalse(is_valid_kz_iban(wrong))

    def test_email(self):
        self.assertTrue(kz.is_valid_email('Erlan@Astana-Motors.kz'))
        for wrong in ['erlan', 'erlan@kz', 'er lan@a.kz', 'a@@b.kz', '']:
            with self.subTest(wrong=wrong):
                self.assertFalse(kz.is_valid_email(wrong))

    def test_oked(self):
        self.assertTrue(kz.is_valid_oked('45200'))
        self.assertTrue(kz.is_valid_oked('45.200'))
        self.assertFalse(kz.is_valid_oked('4520'))
        self.assertFalse(kz.is_valid_oked('4520a'))


class MycarPartnerTestCase(ActivationMixin,
        PartyCompanyCheckEraseMixin, CompanyTestMixin, ModuleTestCase):
    "Test MyCar Partner module"
    module = 'mycar_partner'

    @property
    def _skip_company_rule(self):
        # MyCar's own company, in the programme's configuration; the
        # outbox is MyCar's staff's only, and holds messages of no Partner
        # (a login code)
        return super()._skip_company_rule | {
            ('mycar.partner.configuration', 'billing_company'),
            ('mycar.outbox.message', 'company')}

    @with_transaction()
    def test_working_days_across_nauryz(self):
        "3 working days after Friday 2026-03-20 skip Nauryz (21-25 March)"
        CalendarDay = Pool().get('mycar.calendar.day')
        self.assertEqual(
            CalendarDay.add_days(D(2026, 3, 20), 3, 'working'),
            D(2026, 3, 30))
        self.assertEqual(
            CalendarDay.add_days(D(2026, 3, 20), 3, 'calendar'),
            D(2026, 3, 23))
        self.assertFalse(CalendarDay.is_working_day(D(2026, 3, 24)))
        self.assertTrue(CalendarDay.is_working_day(D(2026, 3, 26)))

    @with_transaction()
    def test_working_days_new_year_and_victory_day(self):
        CalendarDay = Pool().get('mycar.calendar.day')
        # 1-2 January off, 3-4 weekend, 7 January Orthodox Christmas
        self.assertEqual(
            CalendarDay.add_days(D(2025, 12, 31), 3, 'working'),
            D(2026, 1, 8))
        # 9 May (Saturday) is carried over to Monday 11 May
        self.assertEqual(
            CalendarDay.add_days(D(2026, 5, 8), 1, 'working'),
            D(2026, 5, 12))

    @with_transaction()
    def test_staff_transferred_days(self):
        "A transferred day off and a weekend made a working day count"
        CalendarDay = Pool().get('mycar.calendar.day')
        CalendarDay.create([{
                    'date': D(2026, 6, 1), 'kind': 'day_off',
                    'description': "Transferred day off"}, {
                    'date': D(2026, 6, 6), 'kind': 'working',
                    'description': "Working Saturday"}])
        # Friday 29 May: Monday 1 June off, Saturday 6 June worked
        self.assertEqual(
            CalendarDay.add_days(D(2026, 5, 29), 1, 'working'),
            D(2026, 6, 2))
        self.assertEqual(
            CalendarDay.add_days(D(2026, 6, 4), 2, 'working'),
            D(2026, 6, 6))

    @with_transaction()
    def test_banking_only_day_off(self):
        CalendarDay = Pool().get('mycar.calendar.day')
        CalendarDay.create([{
                    'date': D(2026, 6, 2), 'kind': 'day_off',
                    'scope': 'banking'}])
        self.assertEqual(
            CalendarDay.add_days(D(2026, 6, 1), 1, 'working'),
            D(2026, 6, 2))
        self.assertEqual(
            CalendarDay.add_days(D(2026, 6, 1), 1, 'banking'),
            D(2026, 6, 3))

    @with_transaction()
    def test_long_working_day_span(self):
        "A long span crosses the look-ahead horizon"
        CalendarDay = Pool().get('mycar.calendar.day')
        CalendarDay.create([{'date': D(2026, 11, 30), 'kind': 'day_off'}])
        days = [D(2026, 1, 1) + dt.timedelta(days=n) for n in range(1, 366)]
        working = [d for d in days if CalendarDay.is_working_day(d)]
        self.assertEqual(len(working), 246)
        self.assertEqual(
            CalendarDay.add_days(D(2026, 1, 1), 245, 'working'),
            working[244])

    @with_transaction()
    def test_due_in_almaty(self):
        "Day clocks end at the end of the Almaty day (UTC+5)"
        CalendarDay = Pool().get('mycar.calendar.day')
        # 2026-03-20 20:00 UTC is already Saturday 21 March in Almaty
        started = dt.datetime(2026, 3, 20, 20, 0)
        self.assertEqual(
            CalendarDay.due(started, 1, 'working'),
            dt.datetime(2026, 3, 26, 18, 59, 59))
        self.assertEqual(end_of_day(D(2026, 3, 26)),
            dt.datetime(2026, 3, 26, 18, 59, 59))
        self.assertEqual(
            CalendarDay.due(started, 30, 'minutes'),
            dt.datetime(2026, 3, 20, 20, 30))

    @with_transaction()
    def test_today_and_now_in_almaty(self):
        "Half past midnight in Almaty is still the day before in UTC"
        new_year = dt.datetime(2027, 1, 1, 0, 30, tzinfo=calendar.ALMATY)
        with time_machine.travel(
                new_year.astimezone(dt.timezone.utc), tick=False):
            self.assertEqual(calendar.today(), D(2027, 1, 1))
            self.assertEqual(Pool().get('ir.date').today(), D(2027, 1, 1))
            self.assertEqual(calendar.now(), dt.datetime(2026, 12, 31, 19, 30))

    @with_transaction()
    def test_links_in_e_mails_use_the_public_url(self):
        "An invitation sent by a task links to the configured address"
        from trytond.config import config
        pool = Pool()
        Invitation = pool.get('res.user.email_invitation', type='report')
        admin = pool.get('res.user')(1)
        config.set('web', 'public_url', 'https://partners.mycar.kz/')
        try:
            context = Invitation.get_context([admin], {}, {})
        finally:
            config.set('web', 'public_url', '')
        self.assertTrue(context['link'].startswith(
                'https://partners.mycar.kz/%s/mycar/set-password?token='
                % Transaction().database.name), context['link'])

    def test_failed_cron_job_leaves_a_log_line_and_a_log(self):
        "Tryton's cron runner meets a refused job: both traces remain"
        with Transaction().start(DB_NAME, 0) as transaction:
            pool = Pool()
            Cron = pool.get('ir.cron')
            Cron.write(Cron.search([]), {'active': False})
            cron, = Cron.create([{'method': 'mycar.deadline|mark_late',
                        'interval_number': 5, 'interval_type': 'minutes',
                        'next_call': dt.datetime(2026, 1, 1)}])
            Deadline = pool.get('mycar.deadline')
            transaction.commit()
        refused = CalendarError("Создайте период на 01.12.2026")
        try:
            with mock.patch.object(Deadline, 'mark_late',
                        side_effect=refused), \
                    self.assertLogs('trytond.modules.mycar_partner.ir',
                        'ERROR') as logged:
                Cron.run(DB_NAME)
            with Transaction().start(DB_NAME, 0):
                log, = Pool().get('ir.cron.log').search(
                    [('cron', '=', cron.id)])
                self.assertEqual(log.error, "Создайте период на 01.12.2026")
                self.assertTrue(log.started <= log.ended)
        finally:
            with Transaction().start(DB_NAME, 0):
                Cron = Pool().get('ir.cron')
                Cron.delete([Cron(cron.id)])
                Cron.write(Cron.search([('active', '=', False)]),
                    {'active': True})
        self.assertIn("mycar.deadline|mark_late", logged.output[0])
        self.assertIn("Создайте период", logged.output[0])

    @with_transaction()
    def test_partner_name_in_kazakh(self):
        "A Partner's name reads with the Kazakh legal form in Kazakh"
        pool = Pool()
        Company = pool.get('company.company')
        company = create_company("ТОО «Astana Motors»")
        with Transaction().set_context(language='kk'):
            self.assertEqual(Company(company.id).rec_name,
                '«Astana Motors» ЖШС')
        with Transaction().set_context(language='ru'):
            self.assertEqual(Company(company.id).rec_name,
                'ТОО «Astana Motors»')
        # found as a Kazakh reader writes it
        for text in ['«Astana Motors» ЖШС', '%«Astana Motors» ЖШС%']:
            with self.subTest(text=text):
                self.assertEqual(Company.search(
                        [('rec_name', 'ilike', text)]), [company])
        self.assertEqual(kz.registered_name('%«X» АҚ'), '%АО «X»')
        self.assertIsNone(kz.registered_name('Astana'))

    @with_transaction()
    def test_deadline_lifecycle(self):
        pool = Pool()
        Deadline = pool.get('mycar.deadline')
        company = create_company()
        started = dt.datetime(2026, 3, 20, 6, 0)
        on_time, late = Deadline.start([{
                    'company': company, 'reference': company.party,
                    'clause': '§2.5', 'duration': 3, 'unit': 'working'}, {
                    'company': company, 'reference': company,
                    'clause': 'A3 §3.2.2', 'duration': 30,
                    'unit': 'minutes'}], started=started)
        self.assertEqual(on_time.due, dt.datetime(2026, 3, 30, 18, 59, 59))
        self.assertEqual(late.due, dt.datetime(2026, 3, 20, 6, 30))

        self.assertEqual(
            Deadline.mark_late(now=dt.datetime(2026, 3, 20, 6, 31)), [late])
        self.assertEqual(late.state, 'late')
        self.assertEqual(on_time.state, 'running')

        Deadline.meet([company.party], when=dt.datetime(2026, 3, 27, 9))
        self.assertEqual(on_time.state, 'met')
        Deadline.meet([company], when=dt.datetime(2026, 3, 20, 7))
        self.assertEqual(late.state, 'late')
        self.assertEqual(late.met, dt.datetime(2026, 3, 20, 7))

    @with_transaction()
    def test_late_summary_by_partner_and_clause(self):
        pool = Pool()
        Deadline = pool.get('mycar.deadline')
        Late = pool.get('mycar.deadline.late')
        company = create_company()
        started = dt.datetime(2026, 3, 2, 6, 0)
        Deadline.start([{
                    'company': company, 'reference': company,
                    'clause': clause, 'duration': 30, 'unit': 'minutes'}
                for clause in ['A3 §3.2.2', 'A3 §3.2.2', '§2.5']],
            started=started)
        Deadline.mark_late(now=dt.datetime(2026, 3, 2, 7, 0))
        rows = Late.search([])
        self.assertEqual(
            [(r.company, r.clause, r.count) for r in rows],
            [(company, 'A3 §3.2.2', 2), (company, '§2.5', 1)])

    @with_transaction()
    def test_party_bin_refused(self):
        Party = Pool().get('party.party')
        with self.assertRaisesRegex(ValidationError, 'BIN "191140031172"'):
            Party.create([{'name': "Wrong", 'identifiers': [('create', [{
                                'type': 'kz_bin',
                                'code': '191140031172'}])]}])
        party, = Party.create([{'name': "MyCar Group", 'identifiers': [
                        ('create', [{'type': 'kz_bin',
                                    'code': '1911 4003 1171'}])]}])
        self.assertEqual(party.identifiers[0].code, '191140031171')
        self.assertEqual(party.tax_identifier.code, '191140031171')

    @with_transaction()
    def test_party_oked_refused(self):
        Party = Pool().get('party.party')
        with self.assertRaisesRegex(ValidationError, 'OKED code "452"'):
            Party.create([{'name': "Wrong", 'oked': '452'}])

    @with_transaction()
    def test_kz_iban_refused(self):
        pool = Pool()
        Account = pool.get('bank.account')
        Bank = pool.get('bank')
        Party = pool.get('party.party')
        party, = Party.create([{'name': "Halyk Bank"}])
        bank, = Bank.create([{'party': party, 'bic': 'HSBKKZKX'}])
        with self.assertRaisesRegex(ValidationError, 'Kazakhstan IBAN'):
            Account.create([{'bank': bank, 'numbers': [('create', [{
                                'type': 'iban',
                                'number': 'KZ706018771000735552'}])]}])
        account, = Account.create([{'bank': bank, 'numbers': [('create', [{
                                'type': 'iban',
                                'number': 'KZ706018771000735551'}])]}])
        self.assertEqual(account.iban, 'KZ70 6018 7710 0073 5551')


del ModuleTestCase
