# This file is part of the MyCar partner platform.
"""Helpers the MyCar modules share."""
from sql import Literal
from sql.aggregate import Sum
from sql.conditionals import Case
from trytond.pool import Pool
from trytond.transaction import without_check_access


def model_selection(model_names):
    "The selection of a Reference field over model_names, with their names"
    names = dict(Pool().get('ir.model').get_name_items())
    return [(None, '')] + [(m, names.get(m, m)) for m in model_names]


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
            Company.lock(companies)
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
