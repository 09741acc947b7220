# This file is part of the MyCar partner platform.
"""Signatures of cabinet documents through the certification centre:
the Partner signs first, then the client (A3 §4.1.5-4.1.6, A4 §1.4.3)."""
import hashlib
import logging

from cryptography.x509.oid import NameOID
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import without_check_access

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
    signer_serial = fields.Char("Certificate Serial", readonly=True,
        help="The serial number of the signer's certificate, in hex.")
    expected_bin = fields.Char("Expected BIN", readonly=True,
        help="The BIN the signer's certificate must carry: the Partner's.")
    expected_iin = fields.Char("Expected IIN", readonly=True,
        help="The IIN of the person who must sign: the client, or the "
        "Partner's signatory when one is set. A client whose IIN is not "
        "known yet is known by it from their first signature.")
    refusal = fields.Char("Refused Signature", readonly=True,
        help="The last signature made by someone else than the expected "
        "signer, refused.")
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
        """The Partner's then the client's signature of each document,
        registered at the centre"""
        for document in documents:
            document.signatures = [cls(signer=s) for s, _ in SIGNERS]
        cls.complete(documents)
        Pool().get('mycar.cabinet.document').save(documents)
        cls.register(documents)
        return [r for d in documents for r in d.signatures]

    @classmethod
    def complete(cls, documents):
        """Complete the unsaved signatures of the documents: their order,
        the document's hash, who is expected to sign"""
        for document in documents:
            digest = hashlib.sha256(document.pdf).hexdigest()
            for sequence, request in enumerate(document.signatures, 1):
                request.sequence, request.document_hash = sequence, digest
                request.state = 'pending'
                for name, value in expected_signer(
                        document, request.signer).items():
                    setattr(request, name, value)

    @classmethod
    def register(cls, documents):
        "Register the saved documents at the centre, through the outbox"
        Pool().get('mycar.outbox.message').queue([
                registration(d, d.name, d.pdf, d.company)
                for d in documents])

    @classmethod
    def registered(cls, messages):
        "The centre registered the documents of the messages: its ids"
        requests = cls.search([('document', 'in',
                    [m.origin.id for m in messages])])
        reference = {m.origin: m.answer['id'] for m in messages}
        for request in requests:
            request.centre_reference = reference[request.document]
        cls.save(requests)

    @classmethod
    def fetch(cls, documents, ip_address=None, user_agent=None,
            by_client=False):
        """Take the signatures made at the centre, verified, each from the
        signer expected in the signing order; the documents signed by all
        become signed. A client not known by IIN yet is known by the last
        signature made as a person, when by_client: taken in the client's
        own session of the cabinet, never elsewhere. Return {document:
        refusal} for the documents only someone else signed since."""
        pool = Pool()
        Document = pool.get('mycar.cabinet.document')
        centre = CertificationCentre()
        ca = centre.ca_certificate()
        requests = cls.search([('document', 'in', [d.id for d in documents]),
                ('centre_reference', '!=', None)])  # registered
        now = calendar.now()
        by_document, refused = {}, {}
        for request in requests:
            by_document.setdefault(request.document, []).append(request)
        for document, lines in by_document.items():
            kept = {bytes(r.cms) for r in lines if r.state == 'signed'}
            made = [(s, verified(document, document.pdf, s, ca))
                for s in centre.signatures(lines[0].centre_reference)
                if s not in kept]
            pending = [r for r in lines if r.state == 'pending']
            taken = []
            for request in pending:  # in order: none signs before the last
                match = next(((s, c) for s, c in reversed(made)
                        if request.accepts(c, by_client)), None)
                if match is None:
                    break
                made.remove(match)
                taken.append(request.take(*match, now, ip_address,
                        user_agent))
            strangers = [c for _, c in made
                if not any(r.accepts(c, by_client) for r in pending)]
            if strangers and not taken:
                refused[document] = pending[0].refuse(strangers[-1])
        cls.save(requests)
        Document.signed([d for d, lines in by_document.items()
                if all(r.state == 'signed' for r in lines)
                and d.state == 'delivered'])
        return refused

    @classmethod
    def fetch_or_refuse(cls, documents):
        """fetch() for a person who asked for it (a button): when every
        document was signed only by someone else, say so, naming whom
        each waits for"""
        refused = cls.fetch(documents)
        if documents and len(refused) == len(set(documents)):
            raise SignatureError('\n'.join(refused.values()))

    def expected(self):
        "The BIN and IIN the signer's certificate must carry, when known"
        return self.expected_bin, self.expected_iin or (
            iin_of(self.document.party) if self.signer == 'client' else None)

    def accepts(self, certificate, by_client=False):
        """Whether the certificate is the expected signer's: a client signs
        as a person, with no legal entity's BIN; a client not known by IIN
        only in their own session"""
        bin_, iin = self.expected()
        if self.signer == 'client' and not iin and not by_client:
            return False
        return identifies(certificate, bin_, iin,
            person=self.signer == 'client')

    def take(self, signature, certificate, now, ip_address, user_agent):
        "Keep the signature; a client unknown by IIN is known by it now"
        self.state, self.cms, self.refusal = 'signed', signature, None
        self.signer_subject, self.signer_name = subject_of(certificate)
        self.signer_serial = f'{certificate.serial_number:X}'
        self.signed_date = now
        self.ip_address, self.user_agent = ip_address, user_agent
        if self.signer == 'client' and not iin_of(self.document.party):
            record_iin(self.document.party, cms.identity(certificate)['iin'])
        return self

    def refuse(self, certificate):
        "Note a signature by someone else; the message naming the expected"
        found = cms.identity(certificate)
        _, name = subject_of(certificate)
        bin_, iin = self.expected()
        expected = ', '.join([self.document.company.rec_name
                if self.signer == 'partner'
                else self.document.party.rec_name]
            + labelled({'bin': bin_, 'iin': iin}))
        self.refusal = gettext('mycar_cabinet.msg_signature_wrong_signer',
            document=self.document.rec_name, name=name,
            identity=', '.join(labelled(found)), expected=expected)
        logger.warning("signature of %s refused: %s", self.document,
            self.refusal)
        return self.refusal


def labelled(identity):
    "The IIN and BIN of identity as the user reads them: ['IIN …', 'BIN …']"
    return [gettext(f'mycar_cabinet.msg_signature_identity_{kind}',
            code=identity[kind])
        for kind in ['iin', 'bin'] if identity.get(kind)]


def identifies(certificate, bin_=None, iin=None, person=False):
    """Whether the certificate is of a person (an IIN), of the legal entity
    bin_ and of the person iin, when they are given; of no legal entity
    when person"""
    found = cms.identity(certificate)
    return bool(found['iin'] and (not bin_ or found['bin'] == bin_)
        and (not iin or found['iin'] == iin)
        and not (person and found['bin']))


def expected_signer(document, signer):
    """Who must sign the document as signer: the Partner (its BIN, and its
    signatory's IIN when set), or the client (their IIN when known)"""
    if signer == 'partner':
        party = document.company.party
        if not bin_of(party):
            raise SignatureError(gettext(
                    'mycar_cabinet.msg_signature_partner_no_bin',
                    partner=document.company.rec_name,
                    document=document.name))
        return {'expected_bin': bin_of(party),
            'expected_iin': document.company.signatory_iin}
    return {'expected_iin': iin_of(document.party)}


def bin_of(party):
    return next((i.code for i in party.identifiers if i.type == 'kz_bin'),
        None)


def iin_of(party):
    return next((i.code for i in party.identifiers if i.type == 'kz_iin'),
        None)


def record_iin(party, iin):
    "The IIN a client first signed with, as the client's identifier"
    with without_check_access():
        Pool().get('party.identifier').create([{
                    'party': party.id, 'type': 'kz_iin', 'code': iin}])


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


def registration(origin, title, pdf, company):
    "The unsaved outbox message registering pdf at the centre for signing"
    return Pool().get('mycar.outbox.message')(channel='certification',
        recipient=title, company=company, origin=origin,
        payload={'title': title}, data=pdf)
