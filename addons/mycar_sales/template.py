# This file is part of the MyCar partner platform.
"""The Partner's sale-contract templates (S1, A4 §2.2.1, §2.3.1-2.3.2):
HTML with named fields, in versions that MyCar's moderator approves or
rejects; an approved version never changes, and an update takes effect
only when submitted at least 10 working days before its start."""
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from trytond.modules.mycar_cabinet.moderation import Moderated
from trytond.modules.mycar_partner import calendar, clauses
from trytond.modules.mycar_partner.model import (
    HidesForbiddenButtons,
    local_date,
)

from . import named, render
from .exceptions import TemplateError

DRAFT = {'readonly': Eval('state') != 'draft'}
GROUNDS = [
    (None, ""),
    ('unlawful', "Clauses that break the law of Kazakhstan"),
    ('certification', "Does not meet the certification centre's "
        "requirements"),
    ('other', "Other"),
    ]


class Template(ModelSQL, ModelView):
    "Sale-contract template of a Partner"
    __name__ = 'mycar.sales.template'
    __string__ = "Contract Template"

    company = fields.Many2One('company.company', "Partner", required=True,
        readonly=True)
    name = fields.Char("Name", required=True,
        help="What the sales managers choose it by, e.g. \"New car sale\".")
    service = fields.Selection([
            ('sales', "Sales digitisation"),
            ], "Service", required=True,
        states={'readonly': Eval('id', -1) >= 0},
        help="The service whose contracts it makes: the sales managers' "
        "sales, or the buyers' purchases of new cars.")
    language = fields.Selection([
            ('ru', "Russian"),
            ('kk', "Kazakh"),
            ], "Language", required=True,
        states={'readonly': Eval('id', -1) >= 0},
        help="The language the contract is written in: the fields are "
        "filled in it (document kinds, the price in words).")
    versions = fields.One2Many('mycar.sales.template.version', 'template',
        "Versions")
    current_version = fields.Function(fields.Many2One(
            'mycar.sales.template.version', "Version in Force"),
        'get_current_version')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.company, Index.Equality())))

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_service(cls):
        return 'sales'

    @classmethod
    def default_language(cls):
        return 'ru'

    @property
    def update_clause(self):
        "The clause of how early an update of the template is submitted"
        return clauses.SALES_TEMPLATE_UPDATE

    @classmethod
    def check_modification(cls, mode, templates, values=None,
            external=False):
        """A template's service and language stay what it was made for:
        its approved versions were moderated as such"""
        super().check_modification(
            mode, templates, values=values, external=external)
        if mode == 'write' and external and {'service', 'language'} & set(
                values):
            raise TemplateError(gettext(
                    'mycar_sales.msg_template_kind_locked',
                    template=', '.join(t.rec_name for t in templates)))

    @classmethod
    def get_current_version(cls, templates, name):
        Version = Pool().get('mycar.sales.template.version')
        in_force = Version.in_force(templates, calendar.today())
        return {t.id: in_force[t].id if t in in_force else None
            for t in templates}


class Version(Moderated, HidesForbiddenButtons, Workflow, ModelSQL,
        ModelView):
    "Version of a sale-contract template"
    __name__ = 'mycar.sales.template.version'
    __string__ = "Contract Template Version"

    template = fields.Many2One('mycar.sales.template', "Template",
        required=True, ondelete='CASCADE', states=DRAFT)
    company = fields.Function(fields.Many2One('company.company', "Partner"),
        'on_change_with_company', searcher='search_company')
    version = fields.Char("Version", required=True, states=DRAFT,
        help="The Partner's own number of the version, e.g. \"2.1\".")
    start_date = fields.Date("Planned Start", required=True, states=DRAFT,
        help="From this day deals use it. An update must be submitted at "
        "least 10 working days before (A4 §2.3.2).")
    source = fields.Binary("HTML Template", required=True,
        filename='source_name', states=DRAFT,
        help="The contract as HTML (UTF-8), its named fields written "
        "{{ client.full_name }}; see the list of fields below.")
    source_name = fields.Char("File Name", states=DRAFT)
    preview = fields.Binary("Preview (PDF)", filename='preview_name',
        readonly=True,
        help="The version filled with a sample, as submitted to MyCar.")
    preview_name = fields.Function(fields.Char("Preview File Name"),
        'get_preview_name')
    field_list = fields.Function(fields.Text("Named Fields"),
        'get_field_list')
    rejection_ground = fields.Selection(GROUNDS, "Ground of Rejection",
        states={'readonly': Eval('state') != 'submitted',
            'required': Eval('state') == 'rejected'},
        help="A4 §2.2.1: MyCar rejects a template with clauses that break "
        "the law, or that does not meet the certification centre's "
        "requirements.")
    state = fields.Selection([
            ('draft', "Draft"),
            ('submitted', "Submitted"),
            ('approved', "Approved"),
            ('rejected', "Rejected"),
            ], "State", required=True, readonly=True, sort=False)
    state_string = state.translated('state')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.template, Index.Equality()),
                (t.start_date, Index.Range()), where=t.state == 'approved'))
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls.__access__.add('template')

    @classmethod
    def default_state(cls):
        return 'draft'

    def get_rec_name(self, name):
        return f'{self.template.name} {self.version}'

    @fields.depends('template', '_parent_template.company')
    def on_change_with_company(self, name=None):
        return self.template.company if self.template else None

    @classmethod
    def search_company(cls, name, clause):
        return [('template.company',) + tuple(clause[1:])]

    def get_preview_name(self, name):
        return f'{self.rec_name}.pdf'

    def get_field_list(self, name):
        return named.described()

    def render(self, values):
        "The PDF of the version filled with values; refused when invalid"
        try:
            return render.render_pdf(self.source, values)
        except render.TemplateInvalid as reason:
            raise TemplateError(gettext(
                    f'mycar_sales.msg_template_{reason.kind}',
                    template=self.rec_name, detail=reason.detail))

    @classmethod
    def check_submission(cls, versions):
        """Once a Partner has a template of a service in force, every
        version of that service it submits is an update: it starts no
        sooner than 10 working days from now"""
        super().check_submission(versions)
        updating = cls.in_force_services(
            list({v.template.company for v in versions}))
        for version in versions:
            template = version.template
            clause = template.update_clause
            earliest = earliest_update_start(clause)
            if ((template.company, template.service) in updating
                    and version.start_date < earliest):
                raise TemplateError(gettext(
                        'mycar_sales.msg_template_update_late',
                        template=version.rec_name,
                        start=local_date(version.start_date),
                        earliest=local_date(earliest), clause=clause.id))

    @classmethod
    @ModelView.button
    @Workflow.transition('submitted')
    def submit(cls, versions):
        """To MyCar, with the preview it moderates: the version filled with
        the sample (a template that cannot be filled safely is refused);
        the Partners' first templates are provided"""
        previews = [v.render(named.sample()) for v in versions]
        super().submit(versions)
        if versions:
            cls.write(*[x for v, p in zip(versions, previews)
                    for x in ([v], {'preview': p})])
        Pool().get('mycar.partner.licence').templates_submitted(versions)

    @classmethod
    def check_modification(cls, mode, versions, values=None,
            external=False):
        "An approved version never changes, nor goes"
        super().check_modification(
            mode, versions, values=values, external=external)
        if mode == 'write' and external and 'preview' in values:
            raise TemplateError(gettext(
                    'mycar_sales.msg_template_preview_locked'))
        if mode == 'delete' or (mode == 'write'
                and values.keys() - {'state'} - MODERATION_FIELDS):
            for version in versions:
                if version.state in {'submitted', 'approved'} or (
                        mode == 'delete' and version.state != 'draft'):
                    raise TemplateError(gettext(
                            'mycar_sales.msg_template_version_locked',
                            template=version.rec_name,
                            state=version.state_string))

    @classmethod
    def in_force_services(cls, companies):
        """The (Partner, service) of companies with a template version in
        force today"""
        return {(v.template.company, v.template.service)
            for v in cls.search([
                    ('template.company', 'in', [c.id for c in companies]),
                    ('state', '=', 'approved'),
                    ('start_date', '<=', calendar.today()),
                    ])}

    @classmethod
    def preprocess_values(cls, mode, values):
        "A new source is previewed again when submitted"
        values = super().preprocess_values(mode, values)
        if mode == 'write' and 'source' in values:
            values['preview'] = None
        return values

    @classmethod
    def in_force(cls, templates, date):
        """{template: version} of the approved versions in force on date:
        the latest started"""
        result = {}
        for version in cls.search([
                    ('template', 'in', [t.id for t in templates]),
                    ('state', '=', 'approved'),
                    ('start_date', '<=', date),
                    ], order=[('start_date', 'ASC'), ('id', 'ASC')]):
            result[version.template] = version
        return result


MODERATION_FIELDS = {'submitted_by', 'submitted_date', 'moderation_note',
    'moderated_by', 'moderated_date', 'rejection_ground', 'preview'}


def earliest_update_start(clause):
    "The first day an update submitted today may start under clause"
    CalendarDay = Pool().get('mycar.calendar.day')
    return CalendarDay.add_days(calendar.today(), clause.duration,
        clause.unit)


class Licence(metaclass=PoolMeta):
    "The first templates' clock runs from the Sales licence (A4 §2.3.1)"
    __name__ = 'mycar.partner.licence'

    @classmethod
    def _accession_clocks(cls):
        return {**super()._accession_clocks(), 'sales': [
                (clauses.SALES_TEMPLATE, 'mycar_sales.msg_clock_templates')]}

    @classmethod
    def templates_submitted(cls, versions):
        "The Partners submitted templates: their first clocks are met"
        cls.services_provided(
            list({v.template.company for v in versions
                    if v.template.service == 'sales'}),
            [clauses.SALES_TEMPLATE])
