# This file is part of the MyCar partner platform.
"""The Partners' licences as subscription lines (sale_subscription): each
agreement is one subscription of MyCar's, each licence a line (licences ×
monthly fee, from its start to its end date), and each service that bills
its signed documents a second line whose consumptions are those documents.
MyCar's monthly acts bill them (act.py); the subscriptions never invoice by
themselves: they have no next invoice date."""
import datetime as dt

from sql import Null
from sql.aggregate import Max, Min
from sql.operators import Equal
from trytond.i18n import gettext
from trytond.model import Exclude, Index, ModelView, Workflow, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from trytond.modules.mycar_partner.calendar import to_local

from .billing import utc_bounds
from .exceptions import BillingError

KINDS = [
    ('licence', "Licence"),
    ('document', "Signed document"),
    ]


class Service(metaclass=PoolMeta):
    __name__ = 'mycar.service'

    licence_service = fields.Many2One(
        'sale.subscription.service', "Licence Subscription Service",
        help="The subscription line of a licence of the service.")
    document_service = fields.Many2One(
        'sale.subscription.service', "Document Subscription Service",
        help="When set, the documents signed in the service are consumed "
        "on this subscription line and billed per document.")


class Licence(metaclass=PoolMeta):
    __name__ = 'mycar.partner.licence'

    @classmethod
    def on_modification(cls, mode, licences, field_names=None):
        super().on_modification(mode, licences, field_names=field_names)
        if mode == 'create' or (mode == 'write'
                and {'start_date', 'end_date'} & set(field_names)):
            Pool().get('sale.subscription').subscribe(licences)


class Subscription(metaclass=PoolMeta):
    __name__ = 'sale.subscription'

    agreement = fields.Many2One(
        'mycar.partner.agreement', "Agreement", readonly=True,
        ondelete='RESTRICT',
        help="The accession agreement whose licences the subscription "
        "holds; MyCar's monthly acts bill it.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.agreement, Index.Equality())))
        cls._sql_constraints.append(('agreement_unique',
                Exclude(t, (t.agreement, Equal)),
                'mycar_billing.msg_subscription_agreement_unique'))
        cls.invoice_address.states['required'] &= ~Eval('agreement')
        cls.invoice_address.depends.add('agreement')
        for name in ['draft', 'cancel']:
            cls._buttons[name]['invisible'] |= Eval('agreement', False)
            cls._buttons[name]['depends'].append('agreement')

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, subscriptions):
        cls.check_agreement(subscriptions)
        super().draft(subscriptions)

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, subscriptions):
        cls.check_agreement(subscriptions)
        super().cancel(subscriptions)

    @classmethod
    def check_agreement(cls, subscriptions):
        "The agreements' subscriptions follow their licences only"
        for subscription in subscriptions:
            if subscription.agreement:
                raise BillingError(gettext(
                        'mycar_billing.msg_subscription_of_agreement',
                        subscription=subscription.rec_name,
                        agreement=subscription.agreement.rec_name))

    @classmethod
    def subscribe(cls, licences):
        """Make the licences' subscription lines and keep their start and
        end dates; nothing before MyCar's books exist (bill() catches up
        then)"""
        pool = Pool()
        Configuration = pool.get('mycar.partner.configuration')
        Line = pool.get('sale.subscription.line')
        Tariff = pool.get('mycar.billing.tariff')
        company = Configuration(1).billing_company
        if not company or not licences:
            return
        mirrored = Line.search([('licence', 'in', [c.id for c in licences])])
        lines = [c for c in mirrored if (c.start_date, c.end_date)
            != (c.licence.start_date, c.licence.end_date)]
        for line in lines:
            line.start_date = line.licence.start_date
            line.end_date = line.licence.end_date
        new = set(licences) - {c.licence for c in mirrored}
        starts = {}
        for licence in new | {c.licence for c in lines}:
            starts[licence.agreement] = min(
                starts.get(licence.agreement, licence.start_date),
                licence.start_date)
        subscriptions = cls.of_agreements(company, starts)
        tariffs = {d: Tariff.valid_on(d) for d in {c.start_date for c in new}}
        for licence in sorted(new, key=lambda c: c.id):
            lines.extend(Line.of_licence(subscriptions[licence.agreement],
                    licence, tariffs[licence.start_date]))
        Line.save(lines)

    @classmethod
    def of_agreements(cls, company, starts):
        """{agreement: subscription}, made running for those without one;
        starting no later than the {agreement: date} given"""
        pool = Pool()
        Recurrence = pool.get('sale.subscription.recurrence.rule.set')
        ModelData = pool.get('ir.model.data')
        result = {s.agreement: s for s in cls.search([
                    ('agreement', 'in', [a.id for a in starts]),
                    ])}
        earlier = [s for a, s in result.items() if starts[a] < s.start_date]
        for subscription in earlier:
            subscription.start_date = starts[subscription.agreement]
        cls.save(earlier)
        monthly = Recurrence(ModelData.get_id(
                'mycar_billing', 'recurrence_monthly'))
        new = [cls(company=company, currency=company.currency,
                party=a.company.party, agreement=a,
                invoice_address=a.company.party.address_get(type='invoice'),
                reference=a.number, invoice_recurrence=monthly,
                start_date=start, state='running', number=None)
            for a, start in starts.items() if a not in result]
        if new:
            cls.set_number(new)  # and saves them
            result.update({s.agreement: s for s in new})
        return result

    @classmethod
    def catch_up(cls):
        "Subscribe the licences made before MyCar's books existed"
        pool = Pool()
        Licence = pool.get('mycar.partner.licence')
        Line = pool.get('sale.subscription.line')
        licence, line = Licence.__table__(), Line.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*licence.join(line, 'LEFT',
                condition=line.licence == licence.id).select(licence.id,
                where=line.id == Null))
        cls.subscribe(Licence.browse([i for i, in cursor]))


class Line(metaclass=PoolMeta):
    __name__ = 'sale.subscription.line'

    licence = fields.Many2One(
        'mycar.partner.licence', "Licence", readonly=True,
        ondelete='CASCADE')
    mycar_kind = fields.Selection(
        [(None, "")] + KINDS, "Billed", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.licence, Index.Equality())))

    @classmethod
    def of_licence(cls, subscription, licence, tariffs):
        """The unsaved lines of a licence, its fee then its documents,
        priced by the tariffs valid on its start"""
        lines = []
        for kind, service in [
                ('licence', licence.service.licence_service),
                ('document', licence.service.document_service)]:
            if not service:
                continue
            tariff = tariffs.get((licence.service.id, kind))
            lines.append(cls(subscription=subscription, licence=licence,
                    mycar_kind=kind, service=service,
                    description=licence.service.name,
                    quantity=licence.quantity if kind == 'licence' else None,
                    unit=service.product.default_uom,
                    unit_price=tariff.amount if tariff else None,
                    start_date=licence.start_date,
                    end_date=licence.end_date))
        return lines


class Consumption(metaclass=PoolMeta):
    __name__ = 'sale.subscription.line.consumption'

    document = fields.Many2One(
        'mycar.cabinet.document', "Document", readonly=True,
        ondelete='RESTRICT',
        help="The signed document this consumption bills.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints.append(('document_unique',
                Exclude(t, (t.document, Equal),
                    where=t.document != Null),
                'mycar_billing.msg_consumption_document_unique'))

    @classmethod
    def record(cls, documents=None, period=None):
        """Consume the documents signed by all their signers, once each, on
        the Partner's document line, dated on the Almaty day of the last
        signature; of the documents given, or of those signed in period"""
        pool = Pool()
        Line = pool.get('sale.subscription.line')
        signed = completed(documents, period)
        if not signed:
            return []
        companies = list({c for _, c, _, _ in signed})
        lines = {}
        for line in Line.search([
                    ('mycar_kind', '=', 'document'),
                    ('licence.company', 'in', companies),
                    ], order=[('start_date', 'ASC'), ('id', 'ASC')]):
            licence = line.licence
            lines.setdefault(
                (licence.company.id, licence.service.id), []).append(line)
        consumptions = []
        for document, company, service, date in signed:
            candidates = lines.get((company, service))
            if candidates:
                consumptions.append(cls(line=covering(candidates, date),
                        document=document, quantity=1, date=date))
        cls.save(consumptions)
        return consumptions


class SignatureRequest(metaclass=PoolMeta):
    __name__ = 'mycar.signature.request'

    @classmethod
    def on_modification(cls, mode, requests, field_names=None):
        super().on_modification(mode, requests, field_names=field_names)
        if mode == 'create' or (
                mode == 'write' and 'state' in field_names):
            Pool().get('sale.subscription.line.consumption').record(
                list({r.document for r in requests}))


def covering(lines, date):
    "The line held on date, else the last one started before, else the first"
    started = [c for c in lines if c.start_date <= date] or lines[:1]
    held = [c for c in started if not c.end_date or c.end_date >= date]
    return (held or started)[-1]


def completed(documents=None, period=None):
    """[(document, company id, service id, Almaty date)] of the documents,
    not yet consumed, of the services billed per document whose signers
    all signed (the document's state follows the signatures)"""
    pool = Pool()
    Document = pool.get('mycar.cabinet.document')
    Signature = pool.get('mycar.signature.request')
    Service = pool.get('mycar.service')
    Consumption = pool.get('sale.subscription.line.consumption')
    document, signature = Document.__table__(), Signature.__table__()
    service, consumption = Service.__table__(), Consumption.__table__()
    where = consumption.id == Null
    if documents is not None:
        where &= document.id.in_([d.id for d in documents] or [-1])
    having = Min(signature.state) == 'signed'
    if period is not None:
        start, end = utc_bounds(*period)
        having &= (Max(signature.signed_date) >= start)
        having &= (Max(signature.signed_date) < end)
    query = (document
        .join(service, condition=(service.id == document.service)
            & (service.document_service != Null))
        .join(signature, condition=signature.document == document.id)
        .join(consumption, 'LEFT',
            condition=consumption.document == document.id)
        .select(document.id, document.company, document.service,
            Max(signature.signed_date),
            where=where,
            group_by=[document.id, document.company, document.service],
            having=having))
    cursor = Transaction().connection.cursor()
    cursor.execute(*query)
    rows = cursor.fetchall()
    records = Document.browse([r[0] for r in rows])
    return [(record, company, service_id, almaty_day(last))
        for record, (_, company, service_id, last) in zip(records, rows)]


def almaty_day(value):
    "The Almaty date of a naive UTC timestamp as the database returns it"
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return to_local(value).date()
