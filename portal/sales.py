# This file is part of the MyCar partner platform.
"""Sales digitisation in the cabinet (Annex 4): the client's intended
deals with their documents (A4 §1.4.5), and the questionnaire the
contract is made from (A4 §1.4.1). Signing and paying happen on each
document's page, as for every service."""
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

bp = Blueprint('sales', __name__, url_prefix='/sales')


def deals():
    return pool().get('mycar.sales.deal')


@bp.route('/')
@page()
def index():
    return render_template('sales/index.html',
        deals=deals().of_client_all(g.client))


@bp.route('/deals/<int:deal_id>')
@page()
def deal(deal_id):
    return render_template('sales/deal.html',
        deal=deals().of_client(g.client, deal_id))


@bp.route('/deals/<int:deal_id>/questionnaire', methods=['POST'])
@page(back='sales.deal')
def questionnaire(deal_id):
    "Kept as a draft, submitted when asked: a refusal keeps the draft"
    submit = request.form.get('action') == 'submit'
    _, refusal = deals().answer_questionnaire(g.client, deal_id,
        request.form, submit=submit)
    if refusal:
        flash(refusal, 'error')
    else:
        flash(translate('mycar_sales.questionnaire_'
                + ('submitted' if submit else 'saved')), 'success')
    return redirect(url_for('sales.deal', deal_id=deal_id))
