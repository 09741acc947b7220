# This file is part of the MyCar partner platform.
"""Signatures of cabinet documents through the certification centre:
the Partner signs first, then the client (A3 §4.1.5-4.1.6, A4 §1.4.3)."""
import hashlib
import logging

from cryptography.x509.oid import NameOID
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool

from trytond.modules.mycar_partner import calendar

from . import cms
from .certification import CertificationCentre
from .exceptions import SignatureError

logger = logging.getLogger(__name__)
SIGNERS = [('partner', "The Partner"), ('client', "The client")]


class SignatureRequest(ModelSQL, ModelView):
    "Signature of a cabinet document by one signer"
    __name__ = 'mycar.signature.request'
    __string__ = "Signature Request"

    document = fields.Many2One('mycar.cabinet.document', "Document",
        required=True, readonly=True, ondelete='CASCADE')
    sequence = fields.Integer("Order", required=True, readonly=True)
    signer = fields.Selection(SIGNERS, "Signer", required=True,
        readonly=True)
    signer_string = signer.translated('signer')
    centre_reference = fields.Char("Centre Reference", readonly=True)
    document_hash = fields.Char("Document SHA-256", readonly=True)
    state = fields.Selection([
            ('pending', "Pending"),
            ('signed', "Signed"),
            ], "State", required=True, readonly=True)
    cms = fields.Binary("Signature (CMS)", readonly=True)
    signer_subject = fields.Char("Signer Certificate", readonly=True)
    signer_name = fields.Char("Signed by", readonly=True,
        help="The common name of the signer's certificate.")
    signed_date = fields.DateTime("Signed", readonly=True)
    ip_address = fields.Char("IP Address", readonly=True)
    user_agent = fields.Char("User Agent", readonly=True)
    recorded_by = fields.Many2One('res.user', "Recorded by", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls.__access__.add('document')
        cls._sql_indexes.add(Index(t, (t.document, Index.Equality())))
        cls._order = [
            ('document', 'ASC'), ('sequence', 'ASC'), ('id', 'ASC')]

    @classmethod
    def request(cls, documents):
        "Register each document with the centre, for the Partner and client"
        centre = CertificationCentre()
        requests = []
        for document in documents:
            reference = centre.register(document.name, document.pdf)
            digest = hashlib.sha256(document.pdf).hexdigest()
            requests.extend(cls(document=document, sequence=sequence,
                    signer=signer, centre_reference=reference,
                    document_hash=digest, state='pending')
                for sequence, (signer, _) in enumerate(SIGNERS, 1))
        cls.save(requests)
        return requests

    @classmethod
    def fetch(cls, documents, ip_address=None, user_agent=None):
        """Take the signatures made at the centre, verified, in the
        signing order; the documents signed by all become signed"""
        pool = Pool()
        Document = pool.get('mycar.cabinet.document')
        centre = CertificationCentre()
        ca = centre.ca_certificate()
        requests = cls.search([('document', 'in', [d.id for d in documents])])
        now = calendar.now()
        by_document = {}
        for request in requests:
            by_document.setdefault(request.document, []).append(request)
        for document, lines in by_document.items():
            signatures = centre.signatures(lines[0].centre_reference)
            for request, signature in zip(lines, signatures):
                if request.state == 'signed':
                    continue
                certificate = verified(document, document.pdf, signature, ca)
                request.state, request.cms = 'signed', signature
                request.signer_subject, request.signer_name = subject_of(
                    certificate)
                request.signed_date = now
                request.ip_address, request.user_agent = ip_address, user_agent
        cls.save(requests)
        Document.signed([d for d, lines in by_document.items()
                if all(r.state == 'signed' for r in lines)
                and d.state == 'delivered'])


def verified(record, pdf, signature, ca):
    """The signer's certificate of signature, a valid CMS signature of pdf
    by a certificate of the CA; refuse any other with a message on record"""
    try:
        return cms.verify(signature, pdf, ca)
    except cms.SignatureInvalid as reason:
        logger.warning("signature of %s refused: %s", record, reason)
        raise SignatureError(gettext(
                'mycar_cabinet.msg_signature_invalid',
                document=record.rec_name))


def subject_of(certificate):
    "The certificate's subject and its common name"
    return (certificate.subject.rfc4514_string(), ', '.join(
            a.value for a in certificate.subject.get_attributes_for_oid(
                NameOID.COMMON_NAME)))
