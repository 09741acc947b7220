# This file is part of the MyCar partner platform.
"""The new-car marketplace in the cabinet (Annex 6): the listings of the
dealers selling online, searched by make, model, trim, price, city and
dealer, with the count of each choice, in pages."""
from flask import Blueprint, render_template, request

from .auth import page, pool

bp = Blueprint('marketplace', __name__, url_prefix='/marketplace')


@bp.route('/')
@page()
def index():
    Car = pool().get('mycar.marketplace.car')
    Company = pool().get('company.company')
    found = Car.listings(request.args, request.args.get('page', 1))
    dealers = {c.id: c for c in Company.browse(
            [i for i, _ in found['facets']['company']])}
    query = {k: request.args[k] for k in FILTERS if request.args.get(k)}
    return render_template('marketplace/index.html', dealers=dealers,
        filters=request.args, query=query, **found)


FILTERS = ['make', 'model', 'trim', 'city', 'company', 'price_min',
    'price_max']
