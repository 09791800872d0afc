"""Batch certificates of conformance: issue a signed PDF for a batch, and verify one later.

    cert = issue_certificate(index, data_dir, batch, issuer, "out.pdf",
                             exclusions={"GPM-000007": "dropped in handling"}, audit=log)
    result = verify_certificate("out.pdf", data_dir)   # result.verified, result.findings
"""

from rig.certificates.batch import BatchReview, SamplingResult, UnitProblem, review_batch
from rig.certificates.issue import Certificate, CertificateRefused, issue_certificate
from rig.certificates.manifest import Manifest, RecordEntry
from rig.certificates.verify import (
    CertificateUnreadable,
    Finding,
    Verification,
    read_manifest,
    verify_certificate,
)

__all__ = [
    "BatchReview", "Certificate", "CertificateRefused", "CertificateUnreadable", "Finding",
    "Manifest", "RecordEntry", "SamplingResult", "UnitProblem", "Verification", "issue_certificate",
    "read_manifest", "review_batch", "verify_certificate",
]
