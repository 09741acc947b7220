# This file is part of the MyCar partner platform.
"""The page a Partner's employee opens from the login e-mail to set a
password (§2.7, §3.5)."""
import html

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model.exceptions import ValidationError
from trytond.protocols.wrappers import Response, with_pool, with_transaction
from trytond.transaction import Transaction
from trytond.wsgi import app

LANGUAGES = ['ru', 'kk']


def language(request):
    return (request.args.get('lang')
        or request.accept_languages.best_match(LANGUAGES) or 'ru')


def page(request, message, status=200, form=True):
    def text(name):
        return html.escape(gettext('mycar_partner.msg_set_password_' + name))
    token = html.escape(request.values.get('token', ''))
    form = '' if not form else f"""<form method="post">
<input type="hidden" name="token" value="{token}">
<label>{text('new')}<br><input type="password" name="password"
 autocomplete="new-password" required minlength="8"></label><br>
<label>{text('repeat')}<br><input type="password" name="confirm"
 autocomplete="new-password" required minlength="8"></label><br>
<button type="submit">{text('submit')}</button></form>"""
    content = f"""<!doctype html><html lang="{language(request)}">
<meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>MyCar</title><h1>{text('title')}</h1>
<p role="status">{html.escape(message)}</p>{form}</html>"""
    return Response(content, status, content_type='text/html')


@app.route('/<database_name>/mycar/set-password', methods={'GET', 'POST'})
@with_pool
@with_transaction()
def set_password(request, pool):
    User = pool.get('res.user')
    with Transaction().set_context(language=language(request)):
        if request.method == 'GET':
            return page(request, '')
        password = request.form.get('password', '')
        if password != request.form.get('confirm', ''):
            return page(request, gettext(
                    'mycar_partner.msg_set_password_mismatch'), 400)
        try:
            user = User.set_password_with_token(
                request.form.get('token'), password)
        except (UserError, ValidationError) as error:
            Transaction().rollback()
            return page(request, error.message, 400)
        if not user:
            return page(request, gettext(
                    'mycar_partner.msg_set_password_invalid'), 400)
        return page(request, gettext(
                'mycar_partner.msg_set_password_done', login=user.login),
            form=False)
