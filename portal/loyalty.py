# This file is part of the MyCar partner platform.
"""Loyalty in the cabinet (Annex 5): per Partner's programme, the balance,
the next expiry, the history and a monthly chart drawn as SVG here."""
from flask import Blueprint, g, render_template

from .auth import page, pool

bp = Blueprint('loyalty', __name__, url_prefix='/loyalty')


@bp.route('/')
@page()
def index():
    return render_template('loyalty/index.html',
        programmes=pool().get('mycar.loyalty.balance').cabinet(g.client))
