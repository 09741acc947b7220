# This file is part of the MyCar partner platform.
"""Logging in by mobile number and a code sent by SMS; logging out."""
import functools

from flask import (
    Blueprint,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_tryton import tryton_transaction

from .errors import back_to

bp = Blueprint('auth', __name__)


def pool():
    return current_app.extensions['Tryton'].pool


def local(target, default):
    "target if it is a path of this site, else default: no open redirect"
    target = target or ''
    return target if target.startswith('/') and not target.startswith(
        '//') else default


def page(back=None, login=True):
    """Decorator of a cabinet view: in a Tryton transaction, for a logged-in
    client (g.client) unless login is False; refusals go back to back"""
    def decorator(view):
        def client_view(**kwargs):
            if login:
                user = pool().get('web.user').cabinet_user(
                    session.get('key'))
                if not user or not user.party:
                    session.pop('key', None)
                    return redirect(url_for('auth.login', next=request.path))
                g.client = user.party
            return view(**kwargs)

        @back_to(back)
        @functools.wraps(view)
        def transactional(**kwargs):
            # made per request: trytond's backend is known only once the
            # application has read trytond.conf
            return tryton_transaction(readonly=False)(client_view)(**kwargs)
        return transactional
    return decorator


@bp.route('/login', methods=['GET'])
@page(login=False)
def login():
    return render_template('auth/login.html', next=request.args.get('next'))


@bp.route('/login', methods=['POST'])
@page(back='auth.login', login=False)
def send_code():
    phone = pool().get('web.user').send_login_code(
        request.form['phone'], request.remote_addr)
    session['login_phone'] = phone
    return redirect(url_for('auth.code', next=request.form.get('next')))


@bp.route('/login/code', methods=['GET'])
@page(login=False)
def code():
    if not session.get('login_phone'):
        return redirect(url_for('auth.login'))
    return render_template('auth/code.html', phone=session['login_phone'],
        next=request.args.get('next'))


@bp.route('/login/code', methods=['POST'])
@page(back='auth.code', login=False)
def check_code():
    key = pool().get('web.user').login_by_code(
        session.get('login_phone', ''), request.form.get('code', ''))
    lang = session.get('lang')
    session.clear()
    session.update(key=key, lang=lang)
    session.permanent = True
    return redirect(local(request.form.get('next'), url_for('inbox.index')))


@bp.route('/logout', methods=['POST'])
@page(login=False)
def logout():
    if session.get('key'):
        pool().get('web.user').logout(session['key'])
    lang = session.get('lang')
    session.clear()
    session['lang'] = lang
    return redirect(url_for('auth.login'))
