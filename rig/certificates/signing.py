"""Sign a certificate PDF (PAdES, through pyHanko) and check a signature against the station's list."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime

from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from pyhanko import stamp
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from rig.keys import SigningKey, TrustedKey, fingerprint_of

SIGNATURE_FIELD = "QualitySignature"
# Bottom right of page 1, above the footer rule: free on every page 1 the layout makes.
_STAMP_BOX = (A4[0] - 16 * mm - 92 * mm, 16 * mm, A4[0] - 16 * mm, 40 * mm)
_STAMP_TEXT = ("Digitally signed by %(signer)s\nMeaning: %(meaning)s\n"
               "Time: %(ts)s\nKey: %(key)s")


@dataclass
class SignatureCheck:
    """What a certificate's signature says: who signed, and what is wrong with it."""

    signed: bool
    signer: str = ""
    fingerprint: str = ""
    reason: str = ""
    signed_at: str = ""
    problems: list[str] = field(default_factory=list)


def sign_pdf(pdf: bytes, key: SigningKey, *, meaning: str, signer_name: str,
             location: str) -> bytes:
    """Return the PDF with a PAdES signature by the key, its meaning in the reason and stamp."""
    signer = signers.SimpleSigner.load(str(key.key_path), str(key.certificate_path))
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, md_algorithm="sha256", reason=meaning, name=signer_name,
        location=location, subfilter=fields.SigSeedSubFilter.PADES)
    style = stamp.TextStampStyle(stamp_text=_STAMP_TEXT, border_width=1)
    pdf_signer = signers.PdfSigner(
        metadata, signer=signer, stamp_style=style,
        new_field_spec=fields.SigFieldSpec(SIGNATURE_FIELD, on_page=0, box=_STAMP_BOX))
    out = pdf_signer.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        appearance_text_params={"meaning": meaning, "key": key.fingerprint[:16]})
    return out.getvalue()


def check_signature(pdf: bytes, trusted: dict[str, TrustedKey],
                    issued_seq: int | None = None) -> SignatureCheck:
    """Validate the PDF's signature against the station's list of keys.

    ``issued_seq`` is the audit entry that issued the certificate, when the
    station has it: a key retired by an earlier entry may not have signed it.

    A problem is named for: no signature while the station signs, more than
    one, a key not on the list, a key used after it was retired, a signature
    that does not match the bytes, or bytes added after signing.
    """
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    signatures = reader.embedded_signatures
    if not signatures:
        check = SignatureCheck(signed=False)
        if trusted:
            check.problems.append("the PDF carries no signature, but this station signs every "
                                  "certificate it issues")
        return check
    if len(signatures) > 1:
        return SignatureCheck(True, problems=[f"{len(signatures)} signatures; a certificate "
                                              f"carries exactly one"])
    embedded = signatures[0]
    certificate = embedded.signer_cert
    fingerprint = fingerprint_of(certificate.dump())
    signed_at = embedded.self_reported_timestamp
    check = SignatureCheck(True, certificate.subject.native.get("common_name", ""), fingerprint,
                           str(embedded.sig_object.get("/Reason", "")),
                           signed_at.isoformat(timespec="seconds") if signed_at else "")
    key = trusted.get(fingerprint)
    if key is None:
        check.problems.append(f"signed by a key not on the station's list "
                              f"(fingerprint {fingerprint[:16]}, '{check.signer}')")
        return check
    if _signed_after_retirement(key, signed_at, issued_seq):
        check.problems.append(f"signed at {check.signed_at} with a key retired at "
                              f"{key.retired_at}")
    root = _certificate(key.certificate_pem)
    status = validate_pdf_signature(embedded, ValidationContext(
        trust_roots=[root], allow_fetching=False, moment=signed_at))
    if not status.intact or not status.valid:
        check.problems.append("the signature does not match the document (changed after "
                              "signing)")
    elif status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        check.problems.append("bytes were added to the PDF after it was signed")
    if not status.trusted:
        check.problems.append("the signing certificate does not validate against the "
                              "station's list")
    return check


def _signed_after_retirement(key: TrustedKey, signed_at: datetime | None,
                             issued_seq: int | None) -> bool:
    if key.retired_seq is None:
        return False
    if issued_seq is not None:  # the audit chain orders issue and rotation exactly
        return issued_seq > key.retired_seq
    # Otherwise only the signer's own clock, kept to the second, is there to go by.
    retired = datetime.fromisoformat(key.retired_at).astimezone(UTC).replace(microsecond=0)
    return signed_at is not None and signed_at.astimezone(UTC) > retired


def _certificate(pem_text: str) -> asn1_x509.Certificate:
    _, _, der = asn1_pem.unarmor(pem_text.encode("ascii"))
    return asn1_x509.Certificate.load(der)
