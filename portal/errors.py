# This file is part of the MyCar partner platform.
"""What a client sees when something is refused: the platform's
translated message, on the page they came from (its transaction rolled
back), or on an error page."""
from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, NotFound

from .i18n import translate


def back_to(endpoint):
    "Decorator: refusals of this view go back to the endpoint's page"
    def decorator(view):
        view.back = endpoint
        return view
    return decorator


def refused(error):
    view = current_app.view_functions.get(request.endpoint)
    back = getattr(view, 'back', None)
    if back and (request.method == 'POST' or back != request.endpoint):
        flash(error.description, 'error')
        return redirect(url_for(back, **(request.view_args or {})))
    return render_template('error.html', message=error.description), 400


def csrf_refused(error):
    "A form without its token, or from a session that has ended"
    return render_template('error.html', message=translate('csrf')), 400


def not_found(error):
    return render_template('error.html', message=None), 404


def init_app(app):
    app.register_error_handler(CSRFError, csrf_refused)
    app.register_error_handler(BadRequest, refused)
    app.register_error_handler(NotFound, not_found)
