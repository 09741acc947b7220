# This file is part of the MyCar partner platform.
"""The client's questionnaire (Анкета, A4 §1.4.1): who the client is,
their identity document, address and contacts, filled in the cabinet (or
by the sales manager from the paper one, A4 §1.5), saved as a draft and
checked when submitted; submitting it records the client's consent to
the Partner's processing of their data (X1)."""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval

from trytond.modules.mycar_cabinet.phone import normalise
from trytond.modules.mycar_cabinet.signature import iin_of, record_iin
from trytond.modules.mycar_partner import calendar, kz
from trytond.modules.mycar_partner.model import HidesForbiddenButtons

from . import named
from .exceptions import QuestionnaireError

DRAFT = {'readonly': Eval('state') != 'draft'}
DOCUMENT_KINDS = [
    (None, ""),
    ('id_card', "Identity card of a citizen of Kazakhstan"),
    ('passport', "Passport of a citizen of Kazakhstan"),
    ('residence_permit', "Residence permit of a foreigner"),
    ('foreign_passport', "Foreign passport"),
    ]
# what the client fills, in the order the form asks it
ANSWERS = ['last_name', 'first_name', 'patronymic', 'iin', 'birth_date',
    'document_kind', 'document_number', 'document_issuer', 'document_date',
    'address', 'phone', 'email']
REQUIRED = ['last_name', 'first_name', 'iin', 'birth_date', 'document_kind',
    'document_number', 'document_issuer', 'document_date', 'address',
    'phone']
DATES = {'birth_date', 'document_date'}


class Questionnaire(HidesForbiddenButtons, Workflow, ModelSQL, ModelView):
    "Client's questionnaire for a sale"
    __name__ = 'mycar.sales.questionnaire'
    __string__ = "Client Questionnaire"

    company = fields.Many2One('company.company', "Partner", required=True,
        readonly=True)
    party = fields.Many2One('party.party', "Client", required=True,
        readonly=True)
    last_name = fields.Char("Last Name", states=DRAFT)
    first_name = fields.Char("First Name", states=DRAFT)
    patronymic = fields.Char("Patronymic", states=DRAFT)
    iin = fields.Char("IIN", size=12, states=DRAFT)
    birth_date = fields.Date("Date of Birth", states=DRAFT)
    document_kind = fields.Selection(DOCUMENT_KINDS, "Identity Document",
        states=DRAFT)
    document_kind_string = document_kind.translated('document_kind')
    document_number = fields.Char("Document Number", states=DRAFT)
    document_issuer = fields.Char("Issued by", states=DRAFT)
    document_date = fields.Date("Issued on", states=DRAFT)
    address = fields.Char("Address", states=DRAFT,
        help="Where the client lives, as the contract prints it.")
    phone = fields.Char("Mobile", states=DRAFT)
    email = fields.Char("E-mail", states=DRAFT)
    consent = fields.Boolean("Consent to the Partner", states=DRAFT,
        help="The client consents to the Partner processing the data of "
        "the questionnaire for the contract (X1).")
    source = fields.Selection([
            ('cabinet', "In the client's cabinet"),
            ('paper', "From the paper questionnaire"),
            ], "Filled", required=True, readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('submitted', "Submitted"),
            ], "State", required=True, readonly=True, sort=False)
    state_string = state.translated('state')
    submitted_date = fields.DateTime("Submitted", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.party, Index.Equality()),
                (t.company, Index.Equality())))
        cls._transitions |= {('draft', 'submitted')}
        cls._buttons.update({
                'submit': {'invisible': Eval('state') != 'draft',
                    'depends': ['state']},
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_source(cls):
        return 'paper'

    def get_rec_name(self, name):
        return ' '.join(filter(None, [self.last_name, self.first_name,
                    self.patronymic])) or self.party.rec_name

    @property
    def full_name(self):
        return ' '.join(filter(None, [
                    self.last_name, self.first_name, self.patronymic]))

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('iin'):
            values['iin'] = kz.compact(values['iin'])
        if values.get('email'):
            values['email'] = values['email'].strip().lower()
        return values

    @classmethod
    def for_deals(cls, deals):
        """New draft questionnaires of the deals' clients, filled with what
        each client last submitted"""
        last = {}  # what each client told this Partner, never another
        for questionnaire in cls.search([
                    ('party', 'in', [d.party.id for d in deals]),
                    ('company', 'in', list({d.company.id for d in deals})),
                    ('state', '=', 'submitted'),
                    ], order=[('submitted_date', 'ASC'), ('id', 'ASC')]):
            last[questionnaire.company, questionnaire.party] = questionnaire
        questionnaires = []
        for deal in deals:
            known = last.get((deal.company, deal.party))
            questionnaires.append(cls(company=deal.company,
                    party=deal.party, source='cabinet', consent=False,
                    **({n: getattr(known, n) for n in ANSWERS} if known
                        else {'phone': deal.party.client_mobile})))
        cls.save(questionnaires)
        return questionnaires

    @classmethod
    @ModelView.button
    def submit(cls, questionnaires):
        "The sales manager enters the client's paper questionnaire"
        cls.submit_from(questionnaires, 'paper')

    @classmethod
    @Workflow.transition('submitted')
    def submit_from(cls, questionnaires, source):
        """Checked whole: every answer, the IIN's check digit, the dates;
        the client's consent recorded, their IIN kept"""
        Consent = Pool().get('mycar.client.consent')
        for questionnaire in questionnaires:
            questionnaire.check_answers()
        for questionnaire in questionnaires:
            Consent.give(questionnaire.company, [questionnaire.party],
                'personal_data', source)
            # the client's own IIN, given in their cabinet; a Partner's
            # user never sets it (the contract still expects this one)
            if source == 'cabinet' and not iin_of(questionnaire.party):
                record_iin(questionnaire.party, questionnaire.iin)
        cls.write(questionnaires, {'submitted_date': calendar.now(),
                'source': source})

    @classmethod
    def check_modification(cls, mode, questionnaires, values=None,
            external=False):
        """From outside, a questionnaire is submitted only by its button,
        its client and Partner never change, and a submitted one is kept
        as it was"""
        super().check_modification(
            mode, questionnaires, values=values, external=external)
        if not external or mode == 'delete':
            return
        if mode == 'create':
            forged = any(q.state != 'draft' for q in questionnaires)
        else:
            forged = bool(set(values) & {'state', 'submitted_date', 'source',
                    'party', 'company'}) or any(
                q.state != 'draft' for q in questionnaires)
        if forged:
            raise QuestionnaireError(gettext(
                    'mycar_sales.msg_questionnaire_workflow_only'))

    def check_answers(self):
        "Refuse, naming the answer, what the contract cannot be made of"
        missing = [n for n in REQUIRED if not getattr(self, n)]
        if missing:
            raise QuestionnaireError(gettext(
                    'mycar_sales.msg_questionnaire_missing',
                    fields=', '.join(self.label(n) for n in missing)))
        if not kz.is_valid_iin(self.iin):
            raise QuestionnaireError(gettext(
                    'mycar_sales.msg_questionnaire_iin', iin=self.iin))
        known = iin_of(self.party)
        if known and known != self.iin:
            raise QuestionnaireError(gettext(
                    'mycar_sales.msg_questionnaire_iin_other', iin=self.iin))
        century = 1800 + 100 * ((int(self.iin[6]) - 1) // 2)
        if (self.iin[:6] != self.birth_date.strftime('%y%m%d')
                or not century <= self.birth_date.year < century + 100):
            raise QuestionnaireError(gettext(
                    'mycar_sales.msg_questionnaire_birth_date',
                    iin=self.iin))
        today = calendar.today()
        if not (self.birth_date < self.document_date <= today):
            raise QuestionnaireError(gettext(
                    'mycar_sales.msg_questionnaire_document_date'))
        if self.email and not kz.is_valid_email(self.email):
            raise QuestionnaireError(gettext(
                    'mycar_sales.msg_questionnaire_email',
                    email=self.email))
        if not self.consent:
            raise QuestionnaireError(gettext(
                    'mycar_sales.msg_questionnaire_consent',
                    partner=self.company.rec_name))

    @classmethod
    def label(cls, name):
        "The field's label in the reader's language"
        return cls.fields_get([name])[name]['string']

    def template_values(self):
        "The client's named fields of the contract"
        day = named.day
        return {'full_name': self.full_name, 'iin': self.iin,
            'birth_date': day(self.birth_date),
            'document': {'kind': self.document_kind_string or '',
                'number': self.document_number or '',
                'issuer': self.document_issuer or '',
                'date': day(self.document_date)},
            'address': self.address or '', 'phone': self.phone or '',
            'email': self.email or ''}

    # the client's cabinet
    @classmethod
    def of_client(cls, party, questionnaire_id):
        "The client's questionnaire, else refused"
        found = cls.search([('id', '=', int(questionnaire_id or -1)),
                ('party', '=', party.id)], limit=1)
        if not found:
            raise QuestionnaireError(gettext(
                    'mycar_sales.msg_questionnaire_unknown'))
        return found[0]

    @classmethod
    def answer(cls, party, questionnaire_id, form, submit=False):
        """Keep the client's answers (form: the ANSWERS as text, consent
        'on' when given) as a draft, and submit them when asked. Return
        the questionnaire and, when it is not submitted for a wrong or
        missing answer, why: the draft keeps what the client wrote, to
        correct"""
        questionnaire = cls.of_client(party, questionnaire_id)
        if questionnaire.state != 'draft':
            raise QuestionnaireError(gettext(
                    'mycar_sales.msg_questionnaire_submitted'))
        values = parsed(form)
        values['consent'] = form.get('consent') == 'on'
        cls.write([questionnaire], values)
        questionnaire = cls(questionnaire.id)
        if submit:
            try:
                questionnaire.check_answers()
            except QuestionnaireError as refusal:
                return questionnaire, refusal.message
            cls.submit_from([questionnaire], 'cabinet')
        return cls(questionnaire.id), None


def parsed(form):
    "The answers of a cabinet form as values; a wrong date names its field"
    Questionnaire = Pool().get('mycar.sales.questionnaire')
    values = {}
    for name in ANSWERS:
        text = (form.get(name) or '').strip()
        if name in DATES:
            try:
                values[name] = dt.date.fromisoformat(text) if text else None
            except ValueError:
                raise QuestionnaireError(gettext(
                        'mycar_sales.msg_questionnaire_date',
                        field=Questionnaire.label(name), value=text))
        elif name == 'phone' and text:
            values[name] = normalise(text)
        elif name == 'document_kind':
            values[name] = text if text in dict(DOCUMENT_KINDS) else None
        else:
            values[name] = text or None
    return values
