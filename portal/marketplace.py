# This file is part of the MyCar partner platform.
"""The new-car marketplace in the cabinet (Annex 6): the listings of the
dealers selling online, searched by make, model, trim, price, city and
dealer, with the count of each choice, in pages; the dealers selling
online (M3); a car's page, from which the buyer buys it. The purchase
then runs on the sale's page, as for every sale."""
from flask import Blueprint, g, redirect, render_template, request, url_for

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


@bp.route('/dealers')
@page()
def dealers():
    return render_template('marketplace/dealers.html',
        dealers=pool().get('company.company').online_dealers())


@bp.route('/cars/<int:car_id>')
@page(back='marketplace.index')
def car(car_id):
    return render_template('marketplace/car.html',
        car=pool().get('mycar.marketplace.car').listed(car_id))


@bp.route('/cars/<int:car_id>/buy', methods=['POST'])
@page(back='marketplace.car')
def buy(car_id):
    "The buyer's purchase of the car, held for them: on the sale's page"
    deal = pool().get('mycar.sales.deal').buy(g.client, car_id,
        request.form.get('price', ''))
    return redirect(url_for('sales.deal', deal_id=deal.id))


FILTERS = ['make', 'model', 'trim', 'city', 'company', 'price_min',
    'price_max']
