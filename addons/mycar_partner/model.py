# This file is part of the MyCar partner platform.
"""Helpers the MyCar modules share."""
from trytond.pool import Pool


def model_selection(model_names):
    "The selection of a Reference field over model_names, with their names"
    names = dict(Pool().get('ir.model').get_name_items())
    return [(None, '')] + [(m, names.get(m, m)) for m in model_names]
