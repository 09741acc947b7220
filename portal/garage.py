# This file is part of the MyCar partner platform.
"""The Garage service in the cabinet (Annex 3): the client's vehicles with
their service history, and online service requests."""
import datetime as dt

from flask import (
    Blueprint,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from .auth import page, pool
from .i18n import translate

bp = Blueprint('garage', __name__, url_prefix='/garage')


def requests():
    return pool().get('mycar.garage.request')


@bp.route('/')
@page()
def index():
    return render_template('garage/index.html',
        **requests().cabinet_page(g.client))


@bp.route('/requests', methods=['POST'])
@page(back='garage.index')
def submit():
    form = request.form
    record = requests().submit(g.client, form.get('company'),
        form.get('vehicle'), parse_date(form.get('wished_date')),
        form.get('problem'))
    flash(translate('mycar_garage.request_sent', number=record.number),
        'success')
    return redirect(url_for('garage.index'))


@bp.route('/orders/<int:order_id>/accept', methods=['POST'])
@page(back='garage.index')
def accept(order_id):
    record = pool().get('mycar.garage.order').accept_by_client(
        g.client, order_id)
    flash(translate('mycar_garage.order_accepted', number=record.number),
        'success')
    return redirect(url_for('garage.index'))


def parse_date(value):
    try:
        return dt.date.fromisoformat(value or '')
    except ValueError:
        return None
