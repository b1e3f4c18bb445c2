"""Certificate models: templates, completion rules, certificates, numbering, bulk jobs."""

from .certificate import Certificate, NumberSequence
from .jobs import BulkIssueChunk, BulkIssueJob
from .rules import CompletionCheck, CompletionRule, ProgrammeCertificateSettings
from .templates import CertificateTemplate, Signatory

__all__ = [
    "BulkIssueChunk",
    "BulkIssueJob",
    "Certificate",
    "CertificateTemplate",
    "CompletionCheck",
    "CompletionRule",
    "NumberSequence",
    "ProgrammeCertificateSettings",
    "Signatory",
]
