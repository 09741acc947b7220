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
    return render_template('marketplace/index.html', dealers=dealers,
        filters=request.args, **found)
