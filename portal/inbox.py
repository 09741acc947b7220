# This file is part of the MyCar partner platform.
"""The client's inbox: documents, each with its PDF, to sign and to pay."""
from flask import (
    Blueprint,
    Response,
    abort,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from .auth import page, pool

bp = Blueprint('inbox', __name__)


def documents():
    return pool().get('mycar.cabinet.document')


@bp.route('/')
@page()
def index():
    return render_template('inbox/index.html',
        documents=documents().inbox(g.client))


@bp.route('/documents/<int:document_id>')
@page()
def document(document_id):
    record = documents().client_document(g.client, document_id)
    if record is None:
        abort(404)
    return render_template('inbox/document.html', document=record)


@bp.route('/documents/<int:document_id>/pdf')
@page()
def pdf(document_id):
    record = documents().client_document(g.client, document_id)
    if record is None or not record.pdf:
        abort(404)
    return Response(bytes(record.pdf), mimetype='application/pdf',
        headers={'Content-Disposition':
            f'inline; filename="document-{record.id}.pdf"'})


@bp.route('/documents/<int:document_id>/sign', methods=['POST'])
@page(back='inbox.document')
def sign(document_id):
    back = url_for('inbox.signed', document_id=document_id, _external=True)
    return redirect(documents().signing_page(g.client, document_id, back))


@bp.route('/documents/<int:document_id>/signed')
@page(back='inbox.document')
def signed(document_id):
    "Where the certification centre sends the client back"
    documents().collect_signatures(g.client, document_id,
        request.remote_addr, request.user_agent.string)
    return redirect(url_for('inbox.document', document_id=document_id))


@bp.route('/documents/<int:document_id>/pay', methods=['POST'])
@page(back='inbox.document')
def pay(document_id):
    "Open the payment; its page is known once the organisation answers"
    back = url_for('inbox.document', document_id=document_id, _external=True)
    documents().open_payment(g.client, document_id, back)
    return redirect(url_for('inbox.payment', document_id=document_id))


@bp.route('/documents/<int:document_id>/payment')
@page(back='inbox.document')
def payment(document_id):
    "To the organisation's page, or wait for it a moment"
    url = documents().payment_page(g.client, document_id)
    if url:
        return redirect(url)
    return render_template('inbox/payment.html', document_id=document_id)
