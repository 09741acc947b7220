# This file is part of the MyCar partner platform.
"""Helpers the MyCar modules share."""
import functools

from sql import Cast, Column, For, Literal
from sql.aggregate import Sum
from sql.conditionals import Case
from sql.functions import CurrentTimestamp
from trytond import backend
from trytond.backend import MAX_QUERY_PARAMS
from trytond.config import config
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access
from trytond.url import http_host


def model_selection(model_names):
    "The selection of a Reference field over model_names, with their names"
    names = dict(Pool().get('ir.model').get_name_items())
    return [(None, '')] + [(m, names.get(m, m)) for m in model_names]


def public_url():
    """The back office's address as its users reach it ([web] public_url,
    scheme and port included), for links that leave the platform: an
    e-mail is sent by a queued task, which knows no request to take the
    address from"""
    return (config.get('web', 'public_url', default='')
        or http_host()).rstrip('/')


def local_date(value):
    """A date (or a stored UTC datetime's day in Almaty) as the reader's
    language writes it"""
    from . import calendar
    if value is None:
        return ''
    if hasattr(value, 'hour'):
        value = calendar.to_local(value).date()
    return Pool().get('ir.lang').get().strftime(value)


def origins_with(records, method):
    "The records whose origin's model has method"
    pool = Pool()
    return [r for r in records
        if r.origin and hasattr(pool.get(r.origin.__name__), method)]


class TellsOrigins:
    """A model whose records come from an origin (a Reference field origin)
    it tells what became of them: after the commit, in a queued task of its
    own, so that an error of the origin's code never undoes what happened
    to the records (it is kept as a task error for MyCar's staff)"""
    __slots__ = ()

    @classmethod
    def tell_origins_later(cls, records, method):
        "Call method of the records' origins' models that have it, later"
        told = origins_with(records, method)
        if told:
            cls.__queue__.tell_origins(told, method)

    @classmethod
    def tell_origins(cls, records, method):
        "The queued task of tell_origins_later"
        call_origins(records, method)


class HidesForbiddenButtons:
    """A model whose views show a user only the buttons that user may
    click: Tryton greys the others out; a Partner's user does not see
    MyCar's tools at all (views are cached per set of groups). Every model
    of ours with buttons is one (tests/test_role_tools.py)"""
    __slots__ = ()

    @classmethod
    def parse_view(cls, tree, type, view_id=None, field_children=None,
            level=0, view_depends=None):
        pool = Pool()
        Button = pool.get('ir.model.button')
        ModelAccess = pool.get('ir.model.access')
        User = pool.get('res.user')
        groups = set(User.get_groups())
        writes = ModelAccess.get_access([cls.__name__])[cls.__name__]['write']
        for element in tree.xpath('//button[@name]'):
            allowed = Button.get_groups(cls.__name__, element.get('name'))
            # as Tryton greys them out: a button with groups for those
            # groups, one without for those who may write the model
            if (groups & allowed) if allowed else writes:
                continue
            element.getparent().remove(element)
        return super().parse_view(tree, type, view_id=view_id,
            field_children=field_children, level=level,
            view_depends=view_depends)


def call_origins(records, method):
    """Call method of each origin's model with the records that come from
    it (records with a Reference field origin), when it has one: what
    happened to them, told without searching across the modules"""
    pool = Pool()
    by_model = {}
    for record in records:
        if record.origin:
            by_model.setdefault(record.origin.__name__, []).append(record)
    for name, group in by_model.items():
        Model = pool.get(name)
        if hasattr(Model, method):
            getattr(Model, method)(group)


def lock_waiting(records):
    """Lock the records' rows for the transaction, waiting for another
    transaction that holds them (Tryton's lock() refuses at once: under
    concurrent requests that is a busy error rather than a short wait)"""
    if not records:
        return
    Model = records[0].__class__
    transaction = Transaction()
    database = transaction.database
    if not database.has_select_for():
        return  # SQLite writes one transaction at a time
    table = Model.__table__()
    query = table.select(table.id,
        where=table.id.in_([r.id for r in records]), order_by=[table.id])
    query.for_ = For('UPDATE')
    transaction.connection.cursor().execute(*query)


def number(records, sequence):
    "Give the unsaved numbers of the sequence to the records, in one call"
    for record, value in zip(records, sequence.get_many(len(records))):
        record.number = value


def number_per_company(records, field, template):
    """Give the unsaved records numbers from their company's own sequence,
    kept in field of company.company. A company's first number makes its
    sequence, a copy of the template (under a lock of the company: two
    first numbers at once make one sequence)."""
    pool = Pool()
    Company = pool.get('company.company')
    Sequence = pool.get('ir.sequence')
    companies = list({r.company for r in records})
    with without_check_access():
        if [c for c in companies if not getattr(c, field)]:
            lock_waiting(companies)
            companies = Company.browse(companies)  # read after the lock
            missing = [c for c in companies if not getattr(c, field)]
            sequences = Sequence.create([{
                        'name': f'{template.name} · {c.rec_name}',
                        'sequence_type': template.sequence_type.id,
                        'prefix': template.prefix, 'suffix': template.suffix,
                        'padding': template.padding, 'company': c.id}
                    for c in missing])
            for company, sequence in zip(missing, sequences):
                setattr(company, field, sequence)
            Company.save(missing)
        by_company = {}
        for record in records:
            by_company.setdefault(record.company.id, []).append(record)
        for company in companies:
            group = by_company[company.id]
            for record, value in zip(
                    group, getattr(company, field).get_many(len(group))):
                record.number = value


def counted(condition):
    "SQL: how many rows of the group meet condition"
    return Sum(Case((condition, Literal(1)), else_=Literal(0)))


def only_from(states, message):
    """Decorator of a workflow transition: refused with message for a
    record in any other of states, by the model's check_state(records,
    states, message) (a transition alone would skip it silently)"""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(cls, records, *args, **kwargs):
            cls.check_state(records, states, message)
            return func(cls, records, *args, **kwargs)
        return wrapper
    return decorator


def shown_in(buttons):
    """The _buttons states of {button: [states]}: each button shown only in
    its states"""
    return {name: {'invisible': ~Eval('state').in_(states),
            'depends': ['state']}
        for name, states in buttons.items()}


def claim(records):
    """Take the records' rows for the transaction by updating them: another
    transaction claiming one waits, and once this one commits starts again
    (a concurrent update, retried as trytond and the cabinet retry), so
    it sees what this one wrote. Serialises the work on one record (a
    car's purchases, a Partner's bonus batches) without deadlocks"""
    if not records:
        return
    table = records[0].__class__.__table__()
    Transaction().connection.cursor().execute(*table.update(
            [table.write_date], [CurrentTimestamp()],
            where=table.id.in_(sorted(r.id for r in records))))



def numeric(column):
    "The Numeric column as a number in SQL (SQLite keeps a Decimal as bytes)"
    return Cast(column, 'NUMERIC') if backend.name == 'sqlite' else column


def append(Model, vlist):
    """Insert the rows of vlist (complete values the caller has checked);
    their ids, in order. With COPY on PostgreSQL, ids taken from the
    sequence first; a row at a time on SQLite, which writes one
    transaction at a time anyway. For append-only rows a batch writes by
    the thousand (a bonus ledger): Tryton's create reads each row back to
    validate it, which costs more than the insert. The database's own
    constraints (not null, unique, foreign keys) still hold; no trigger,
    default or validation runs"""
    if not vlist:
        return []
    from . import calendar
    transaction = Transaction()
    database, connection = transaction.database, transaction.connection
    cursor = connection.cursor()
    table = Model.__table__()
    names = sorted(set().union(*vlist))
    columns = [table.create_uid, table.create_date] + [
        getattr(table, n) for n in names]
    formats = [Model._fields[n].sql_format for n in names]
    now = calendar.now()
    rows = [[transaction.user, now] + [
            f(getattr(v.get(n), 'id', v.get(n)))
            for f, n in zip(formats, names)] for v in vlist]
    if not hasattr(cursor, 'copy'):  # SQLite
        ids = []
        for row in rows:
            cursor.execute(*table.insert(columns, [row]))
            ids.append(database.lastid(cursor))
        return ids
    ids = database.nextid(connection, Model._table, count=len(rows))
    ids = ids if len(rows) > 1 else [ids]
    with cursor.copy('COPY "%s" (%s) FROM STDIN' % (Model._table,
                ', '.join('"%s"' % c.name for c in columns + [table.id]))
            ) as copy:
        for row, number in zip(rows, ids):
            copy.write_row(row + [number])
    return ids


def update_each(Model, name, values, **common):
    """Set the field name of each row to its value in values ({id:
    value}), and the fields of common to one value, in one UPDATE a
    thousand rows (Tryton's write makes one a distinct value); for rows
    the caller has locked and checked, without trigger nor validation"""
    if not values:
        return
    transaction = Transaction()
    cursor = transaction.connection.cursor()
    table = Model.__table__()
    fields_ = Model._fields
    columns = [Column(table, name), table.write_uid, table.write_date] + [
        Column(table, c) for c in sorted(common)]
    constants = [transaction.user, CurrentTimestamp()] + [
        fields_[c].sql_format(common[c]) for c in sorted(common)]
    for ids in grouped_slice(sorted(values), MAX_QUERY_PARAMS // 3):
        ids = list(ids)
        cursor.execute(*table.update(columns, [Case(*(
                            (table.id == i, fields_[name].sql_format(
                                    values[i])) for i in ids))] + constants,
                where=table.id.in_(ids)))
