# This file is part of the MyCar partner platform.
"""A Partner's bonus programme (L3, A5 §3.3.2, §3.4.1): its rules as a
document in versions with their effective dates, each new one notified
to MyCar by e-mail through the outbox; how it treats a write-off larger
than the balance; whether points expire, and whether they may be
fractional."""
import logging
from email.message import EmailMessage

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from trytond.modules.mycar_partner import calendar, clauses
from trytond.modules.mycar_partner.model import HidesForbiddenButtons
from trytond.modules.mycar_partner.outbox import email_message

from .exceptions import LoyaltyError

logger = logging.getLogger(__name__)

POLICIES = [
    ('refuse', "Refuse it"),
    ('debt', "Allow a debt the next accruals repay"),
    ]


class Programme(HidesForbiddenButtons, ModelSQL, ModelView):
    "Bonus programme of a Partner"
    __name__ = 'mycar.loyalty.programme'
    __string__ = "Bonus Programme"

    company = fields.Many2One('company.company', "Partner", required=True,
        readonly=True)
    name = fields.Char("Name", required=True, translate=True,
        help="As the buyers read it in their cabinet.")
    overdraft = fields.Selection(POLICIES, "Write-off Beyond the Balance",
        required=True,
        help="What a write-off larger than the buyer's balance does.")
    lifetime_days = fields.Integer("Points Expire After (days)",
        domain=['OR', ('lifetime_days', '=', None),
            ('lifetime_days', '>', 0)],
        help="Each accrual expires this many days after it; empty: never.")
    fractional = fields.Boolean("Fractional Points",
        help="Whether points may have hundredths.")
    versions = fields.One2Many('mycar.loyalty.programme.version',
        'programme', "Rules")
    checked = fields.DateTime("Balances Checked", readonly=True)
    drift = fields.Text("Balances Off Their Ledger", readonly=True,
        states={'invisible': ~Eval('drift')},
        help="The last check's balances that differ from the sum of their "
        "entries: none, unless something wrote around the ledger.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('company_unique', Unique(t, t.company),
                'mycar_loyalty.msg_programme_unique'),
            ]
        cls._buttons.update({'check_balances': {}})

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_overdraft(cls):
        return 'refuse'

    @classmethod
    def create(cls, vlist):
        "A Partner's programme entered: the service is set up (A5 §3.1.1)"
        Licence = Pool().get('mycar.partner.licence')
        programmes = super().create(vlist)
        with without_check_access():  # MyCar's clocks, not the Partner's
            Licence.services_provided([p.company for p in programmes],
                [clauses.LOYALTY_SETUP])
        return programmes

    @classmethod
    @ModelView.button
    def check_balances(cls, programmes):
        """Prove each balance equals its ledger; the ones that do not are
        noted on the programme and logged"""
        Balance = Pool().get('mycar.loyalty.balance')
        drifted = {}
        for balance, total in Balance.drift(programmes):
            drifted.setdefault(balance.programme, []).append(
                f'{balance.party.rec_name}: {balance.points} / {total}')
        for programme, lines in drifted.items():
            logger.warning("bonus balances off their ledger in %s: %s",
                programme.rec_name, '; '.join(lines))
        for programme in programmes:
            programme.checked = calendar.now()
            programme.drift = '\n'.join(drifted.get(programme, [])) or None
        cls.save(programmes)

    @classmethod
    def check_all(cls):
        "Every programme's balances against their ledger (cron)"
        cls.check_balances(cls.search([]))

    @classmethod
    def of_companies(cls, companies):
        "{company: programme} of the companies that have one"
        return {p.company: p for p in cls.search(
                [('company', 'in', [c.id for c in companies])])}


class Version(ModelSQL, ModelView):
    "Rules of a bonus programme, as a document in force from a date"
    __name__ = 'mycar.loyalty.programme.version'
    __string__ = "Programme Rules"

    programme = fields.Many2One('mycar.loyalty.programme', "Programme",
        required=True, ondelete='CASCADE',
        states={'readonly': Eval('id', -1) >= 0})
    effective_date = fields.Date("Effective", required=True,
        states={'readonly': Eval('id', -1) >= 0})
    document = fields.Binary("Rules (PDF)", filename='filename',
        required=True, states={'readonly': Eval('id', -1) >= 0},
        help="The accrual and write-off mechanism, as the Partner "
        "publishes it (A5 §3.3.2).")
    filename = fields.Char("File Name", states={
            'readonly': Eval('id', -1) >= 0})
    notified = fields.DateTime("MyCar Notified", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls.__access__.add('programme')
        cls._sql_indexes.add(Index(t, (t.programme, Index.Equality())))
        cls._order = [('effective_date', 'DESC'), ('id', 'DESC')]

    def get_rec_name(self, name):
        return f'{self.programme.rec_name} {self.effective_date}'

    @classmethod
    def create(cls, vlist):
        "Each new version of the rules is notified to MyCar (A5 §3.4.1)"
        versions = super().create(vlist)
        cls.notify(versions)
        return versions

    @classmethod
    def check_modification(cls, mode, versions, values=None,
            external=False):
        "A version of the rules is a fact: a change is a new version"
        super().check_modification(
            mode, versions, values=values, external=external)
        # the notification's own stamp is written within the user's create
        if external and mode in {'write', 'delete'} and (
                mode == 'delete' or set(values) - {'notified'}):
            raise_locked(versions)

    @classmethod
    def notify(cls, versions):
        """An e-mail with the rules to MyCar's partner managers, through
        the outbox"""
        pool = Pool()
        Message = pool.get('mycar.outbox.message')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        managers = [u.email for u in User.search([
                    ('groups', '=', ModelData.get_id('mycar_partner',
                            'group_mycar_partner_manager')),
                    ('email', '!=', None)])]
        messages = []
        for version in versions if managers else []:
            values = {'partner': version.programme.company.rec_name,
                'date': version.effective_date.strftime('%d.%m.%Y')}
            mail = EmailMessage()
            mail['To'] = ', '.join(sorted(managers))
            mail['Subject'] = gettext('mycar_loyalty.msg_rules_subject',
                **values)
            mail.set_content(gettext('mycar_loyalty.msg_rules_body',
                    **values))
            mail.add_attachment(version.document, maintype='application',
                subtype='pdf', filename=version.filename or 'rules.pdf')
            messages.append(email_message(mail,
                    key=f'loyalty-rules-{version.id}', origin=None,
                    company=version.programme.company))
        Message.queue(messages)
        cls.write(versions, {'notified': calendar.now()})


def raise_locked(versions):
    raise LoyaltyError(gettext('mycar_loyalty.msg_rules_locked',
            rules=', '.join(v.rec_name for v in versions)))
