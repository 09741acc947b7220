# This file is part of the MyCar partner platform.
"""The syncs of the dealers' stock from their DMS (M1, M2): a full sync
reads the whole stock, an incremental one the changes since the last; each
is a diff: new cars listed, changed ones updated, cars gone withdrawn.
A bad row waits in quarantine with its reason and stops nothing. Every
run is recorded, and MyCar sees each dealer's last successful one."""
import datetime as dt
import json
import time

from sql import Literal, Null
from sql.aggregate import Max
from trytond.backend import MAX_QUERY_PARAMS
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from trytond.modules.mycar_partner import calendar
from trytond.modules.mycar_partner.exceptions import GatewayError
from trytond.modules.mycar_partner.model import HidesForbiddenButtons

from .car import RowInvalid, car_values
from .dms import DealerDMS

KINDS = [('full', "Full"), ('incremental', "Incremental")]


class Sync(HidesForbiddenButtons, ModelSQL, ModelView):
    "Sync of a dealer's stock from its DMS"
    __name__ = 'mycar.marketplace.sync'
    __string__ = "Stock Sync"

    company = fields.Many2One('company.company', "Dealer", required=True,
        readonly=True)
    kind = fields.Selection(KINDS, "Kind", required=True, readonly=True)
    started = fields.DateTime("Started", required=True, readonly=True)
    duration = fields.Float("Duration (s)", digits=(16, 1), readonly=True)
    version = fields.Char("DMS Version", readonly=True,
        help="The DMS's version of the stock the sync reached.")
    received = fields.Integer("Rows Received", readonly=True)
    listed = fields.Integer("Listed", readonly=True)
    updated = fields.Integer("Updated", readonly=True)
    withdrawn = fields.Integer("Withdrawn", readonly=True)
    quarantined = fields.Integer("Quarantined", readonly=True)
    error = fields.Text("Error", readonly=True,
        help="Why the sync failed as a whole (the DMS could not be read).")
    state = fields.Selection([
            ('done', "Done"),
            ('failed', "Failed"),
            ], "State", required=True, readonly=True)
    rows = fields.One2Many('mycar.marketplace.quarantine', 'sync',
        "Quarantined Rows", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.company, Index.Equality()),
                (t.started, Index.Range()), where=t.state == 'done'))
        cls._order = [('started', 'DESC'), ('id', 'DESC')]
        cls._buttons.update({'run_again': {}})

    def get_rec_name(self, name):
        return f'{self.company.rec_name} · {self.kind_string}'

    kind_string = kind.translated('kind')

    @classmethod
    def run(cls, companies, kind='incremental'):
        """Sync the dealers' stock, each in turn: incremental from the last
        version reached, full when none is known or when asked"""
        return [cls.run_one(company, kind) for company in companies
            if company.dms_url]

    @classmethod
    def run_one(cls, company, kind):
        "One dealer's sync, recorded whether it succeeds or not"
        start, clock = calendar.now(), time.monotonic()
        dms = DealerDMS(company.dms_url)
        sync = cls(company=company, started=start, state='done',
            kind=kind if company.dms_version else 'full')
        try:
            changes = (dms.changes(company.dms_version)
                if sync.kind == 'incremental' else None)
            if changes is None:  # a first sync, or the DMS lost our version
                sync.kind = 'full'
                sync.version, rows = dms.snapshot()
            else:
                sync.version, rows = changes
        except GatewayError as error:
            sync.state, sync.error = 'failed', error.message
            sync.duration = round(time.monotonic() - clock, 1)
            sync.save()
            return sync
        cls.apply(sync, rows)
        sync.duration = round(time.monotonic() - clock, 1)
        sync.save()
        company.dms_version = sync.version
        company.save()
        return sync

    @classmethod
    def apply(cls, sync, rows):
        """The diff of rows against the dealer's cars: every listed car
        confirmed, new ones listed, changed ones updated, gone ones
        withdrawn (a full sync withdraws what it did not get, an
        incremental one what the DMS removed); bad rows quarantined"""
        Quarantine = Pool().get('mycar.marketplace.quarantine')
        good, bad, removed = parse(rows)
        sync.quarantined = len(bad)
        sync.rows = [Quarantine(company=sync.company, stock_number=number,
                reason=reason, row=row) for number, reason, row in bad]
        sync.received = len(rows)
        known = Pool().get('mycar.marketplace.car').of_dealers(
            [sync.company])
        if sync.kind == 'full':  # what the whole stock lacks is gone
            got = {v['stock_number'] for v in good} | {
                n for n, _, _ in bad}
            removed = [n for (_, n), (_, _, w) in known.items()
                if n not in got and not w]
        # the DMS answered: its listed cars are confirmed as of now (but
        # those it sent wrong), those it changes or removes written after
        confirm(sync.company, sync.started, [n for n, _, _ in bad])
        cls.upsert(sync, good, known)
        cls.withdraw(sync, removed, known)

    @classmethod
    def upsert(cls, sync, good, known):
        "New cars created, changed ones written, the others confirmed"
        Car = Pool().get('mycar.marketplace.car')
        company, now = sync.company, sync.started
        new, changed = [], []
        for values in good:
            id_, hash_, withdrawn = known.get(
                (company.id, values['stock_number']), (None, None, None))
            if id_ is None:
                new.append({**values, 'company': company.id,
                        'confirmed_date': now})
            elif hash_ != values['dms_hash'] or withdrawn:
                changed.extend(([Car(id_)], {**values, 'confirmed_date': now,
                            'withdrawn_date': None}))
        Car.create(new)
        if changed:
            Car.write(*changed)
        sync.listed, sync.updated = len(new), len(changed) // 2

    @classmethod
    def withdraw(cls, sync, numbers, known):
        "The cars the DMS no longer has are not listed any more"
        Car = Pool().get('mycar.marketplace.car')
        cars = [Car(known[sync.company.id, n][0]) for n in numbers
            if (sync.company.id, n) in known
            and not known[sync.company.id, n][2]]
        if cars:
            Car.write(cars, {'withdrawn_date': sync.started})
        sync.withdrawn = len(cars)

    @classmethod
    @ModelView.button
    def run_again(cls, syncs):
        "Staff run the dealers' syncs again, in full"
        cls.run(list({s.company for s in syncs}), kind='full')

    @classmethod
    def run_due(cls):
        "Cron: every dealer with a DMS and a live Marketplace licence"
        Licence = Pool().get('mycar.partner.licence')
        return cls.run(sorted({c.company for c in Licence.search([
                            ('service.code', '=', 'marketplace'),
                            ('end_date', '=', None),
                            ('company.dms_url', '!=', None)])},
                key=lambda c: c.id))


def parse(rows):
    """(values of the good rows, (stock number, reason, row) of the bad
    ones, stock numbers of the removed ones)"""
    good, bad, removed = [], [], []
    for row in rows:
        if isinstance(row, dict) and row.get('removed'):
            removed.append(str(row.get('stock_number')))
            continue
        try:
            good.append(car_values(row))
        except (TypeError, ValueError, ArithmeticError) as error:
            reason = error if isinstance(error, RowInvalid) else gettext(
                'mycar_marketplace.msg_row_malformed', error=str(error)[:200])
            number = row.get('stock_number') if isinstance(row, dict) \
                else None
            bad.append((str(number or ''), str(reason), json.dumps(
                        row, ensure_ascii=False, default=str)[:10000]))
    return good, bad, removed


def confirm(company, now, but=()):
    """The dealer's listed cars are confirmed now, in one statement, but
    those of the stock numbers but"""
    table = Pool().get('mycar.marketplace.car').__table__()
    where = (table.company == company.id) & (table.withdrawn_date == Null)
    if but:
        where &= ~table.stock_number.in_(list(but))
    Transaction().connection.cursor().execute(*table.update(
            [table.confirmed_date], [Literal(now)], where=where))


class Quarantine(ModelSQL, ModelView):
    "DMS row that could not be listed"
    __name__ = 'mycar.marketplace.quarantine'
    __string__ = "Quarantined DMS Row"

    sync = fields.Many2One('mycar.marketplace.sync', "Sync", required=True,
        readonly=True, ondelete='CASCADE')
    company = fields.Many2One('company.company', "Dealer", required=True,
        readonly=True)
    stock_number = fields.Char("Stock Number", readonly=True)
    reason = fields.Char("Reason", readonly=True)
    row = fields.Text("Row", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.sync, Index.Equality())))


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    dms_url = fields.Char("DMS URL",
        help="Where the dealer's DMS serves its new-car stock (A6 §3.3.5).")
    dms_version = fields.Char("DMS Version Synced", readonly=True)
    last_sync = fields.Function(fields.DateTime("Last Successful Sync"),
        'get_last_sync')

    @classmethod
    def get_last_sync(cls, companies, name):
        "The start of each dealer's last successful sync, in one query"
        sync = Pool().get('mycar.marketplace.sync').__table__()
        cursor = Transaction().connection.cursor()
        result = dict.fromkeys([c.id for c in companies])
        for sub_ids in grouped_slice(
                [c.id for c in companies], MAX_QUERY_PARAMS):
            cursor.execute(*sync.select(sync.company, Max(sync.started),
                    where=sync.company.in_(list(sub_ids))
                    & (sync.state == 'done'), group_by=[sync.company]))
            result.update({c: to_datetime(v) for c, v in cursor})
        return result


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection += [
            ('mycar.marketplace.sync|run_due',
                "Sync the Dealers' New-Car Stock"),
            ('mycar.marketplace.hold|lapse_due',
                "Release the Cars Whose Hold Lapsed"),
            ]


def to_datetime(value):
    "A datetime as the database returns it (SQLite gives text)"
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    return value
