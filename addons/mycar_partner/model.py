# This file is part of the MyCar partner platform.
"""Helpers the MyCar modules share."""
from sql import Literal
from sql.aggregate import Sum
from sql.conditionals import Case
from trytond.pool import Pool


def model_selection(model_names):
    "The selection of a Reference field over model_names, with their names"
    names = dict(Pool().get('ir.model').get_name_items())
    return [(None, '')] + [(m, names.get(m, m)) for m in model_names]


def number(records, sequence):
    "Give the unsaved numbers of the sequence to the records, in one call"
    for record, value in zip(records, sequence.get_many(len(records))):
        record.number = value


def counted(condition):
    "SQL: how many rows of the group meet condition"
    return Sum(Case((condition, Literal(1)), else_=Literal(0)))
