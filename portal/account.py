# This file is part of the MyCar partner platform.
"""The client's consents and profile, and the cabinet's language."""
from flask import (
    Blueprint,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from .auth import local, page, pool
from .i18n import LANGUAGES, translate

bp = Blueprint('account', __name__)


@bp.route('/consents')
@page()
def consents():
    Consent = pool().get('mycar.client.consent')
    return render_template('account/consents.html',
        consents=Consent.of_client(g.client))


@bp.route('/consents/<int:consent_id>/withdraw')
@page(back='account.consents')
def confirm_withdrawal(consent_id):
    "What withdrawing means, asked before it is done"
    return render_template('account/withdraw.html',
        consent=pool().get('mycar.client.consent').live_of_client(
            g.client, consent_id))


@bp.route('/consents/<int:consent_id>/withdraw', methods=['POST'])
@page(back='account.consents')
def withdraw(consent_id):
    pool().get('mycar.client.consent').withdraw_by_client(
        g.client, consent_id)
    return redirect(url_for('account.consents'))


@bp.route('/consents/<int:consent_id>/give', methods=['POST'])
@page(back='account.consents')
def give_again(consent_id):
    pool().get('mycar.client.consent').give_again_by_client(
        g.client, consent_id)
    flash(translate('consent_given'))
    return redirect(url_for('account.consents'))


@bp.route('/profile')
@page()
def profile():
    return render_template('account/profile.html', client=g.client)


@bp.route('/language', methods=['POST'])
def language():
    if request.form.get('lang') in LANGUAGES:
        session['lang'] = request.form['lang']
    return redirect(local(request.form.get('next'), url_for('inbox.index')))
