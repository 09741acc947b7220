# This file is part of the MyCar partner platform.
"""Verification of detached CMS (PKCS#7) signatures: cryptography signs
CMS but cannot verify it, so the structure is read with asn1crypto and
each check done with cryptography."""
import datetime as dt
import hashlib
import re

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID


class SignatureInvalid(ValueError):
    "Why a signature is not valid, in English for the log"


def _signer_certificate(signed, signer):
    sid = signer['sid'].chosen
    for choice in signed['certificates'] or []:
        cert = choice.chosen
        if (cert.serial_number == sid['serial_number'].native
                and cert.issuer == sid['issuer']):
            return x509.load_der_x509_certificate(cert.dump())
    raise SignatureInvalid("no certificate of the signer")


def _check_signature(certificate, signature, signed_bytes):
    key = certificate.public_key()
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, signed_bytes, ec.ECDSA(hashes.SHA256()))
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, signed_bytes, padding.PKCS1v15(),
                hashes.SHA256())
        else:
            raise SignatureInvalid("unsupported key")
    except InvalidSignature:
        raise SignatureInvalid("the signature does not match")


def verify(cms_der, document, ca_certificate):
    """The signer's certificate when cms_der is a valid signature of
    document by a certificate the CA issued; raise SignatureInvalid"""
    try:
        signed = cms.ContentInfo.load(cms_der)['content']
        signer = signed['signer_infos'][0]
        attributes = signer['signed_attrs']
        digest = next(a['values'][0].native for a in attributes
            if a['type'].native == 'message_digest')
    except (ValueError, KeyError, IndexError, StopIteration, TypeError):
        raise SignatureInvalid("not a CMS signature")
    if digest != hashlib.sha256(document).digest():
        raise SignatureInvalid("it signs another document")
    certificate = _signer_certificate(signed, signer)
    # the signature covers the attributes as a SET, not as tagged [0]
    _check_signature(certificate, signer['signature'].native,
        b'\x31' + attributes.dump()[1:])
    try:
        certificate.verify_directly_issued_by(ca_certificate)
    except (ValueError, TypeError, InvalidSignature):
        raise SignatureInvalid("the certificate is not the CA's")
    now = dt.datetime.now(dt.timezone.utc)
    if not (certificate.not_valid_before_utc <= now
            <= certificate.not_valid_after_utc):
        raise SignatureInvalid("the certificate is not valid now")
    return certificate


def identity(certificate):
    """The IIN and BIN an NCA RK certificate's subject carries: the
    person's in SERIALNUMBER (IIN + 12 digits), the legal entity's in OU
    (BIN + 12 digits); None for one absent, malformed or given twice"""
    found = {}
    for kind, oid in [('iin', NameOID.SERIAL_NUMBER),
            ('bin', NameOID.ORGANIZATIONAL_UNIT_NAME)]:
        values = [str(a.value) for a in
            certificate.subject.get_attributes_for_oid(oid)
            if str(a.value).upper().startswith(kind.upper())]
        code = values[0][3:] if len(values) == 1 else ''
        found[kind] = code if re.fullmatch(r'\d{12}', code) else None
    return found
