# This file is part of the MyCar partner platform.
"""Setting up MyCar's books, for the scenarios and the demo (proteus)."""
import datetime as dt

from proteus import Model
from trytond.modules.account.tests.tools import (
    create_chart,
    create_fiscalyear,
)
from trytond.modules.account_invoice.tests.tools import (
    set_fiscalyear_invoice_sequences,
)

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.tests.tools import make_manager


def set_up_books(mycar, years=(2026,)):
    """MyCar's Kazakh chart, the fiscal years of years and of today (in
    Almaty) with invoice sequences, its bank transfers, and MyCar as the
    company that bills; the scenario's user becomes a MyCar manager.
    Return the user."""
    Account = Model.get('account.account')
    Journal = Model.get('account.journal')
    Method = Model.get('account.invoice.payment.method')
    Configuration = Model.get('mycar.partner.configuration')
    manager = make_manager()
    create_chart(mycar, chart='mycar_billing.account_template_kz_root')
    cover_years(mycar, years)
    bank, = Account.find([('code', '=', '1030')])
    method = Method(name="Банковский перевод",
        journal=Journal.find([('type', '=', 'cash')])[0],
        debit_account=bank, credit_account=bank)
    method.save()
    configuration = Configuration(1)
    configuration.billing_company = mycar
    configuration.billing_payment_method = method
    configuration.save()
    return manager


def cover_years(company, years):
    """Calendar fiscal years, with their periods and invoice sequences, for
    years and the current one in Almaty, where missing; return them.

    Documents signed or claimed "today" are posted on today's date, so the
    books must hold it whatever day the scenario or the demo runs."""
    FiscalYear = Model.get('account.fiscalyear')
    held = {f.start_date.year for f in FiscalYear.find(
            [('company', '=', company.id)])}
    created = []
    for year in sorted(set(years) | {calendar.today().year}):
        if year in held:
            continue
        fiscalyear = set_fiscalyear_invoice_sequences(create_fiscalyear(
                company, today=(dt.date(year, 1, 1), dt.date(year, 12, 31))))
        fiscalyear.click('create_period')
        created.append(fiscalyear)
    return created
