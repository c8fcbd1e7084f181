"""Decisions (Bescheide): issuing them (``issue``: from a template, uploaded, or recorded as
issued elsewhere) and the tenant's templates (``templates``)."""

from openvorgang.decisions.services.issue import (
    HEADINGS,
    MAX_FREITEXT,
    Draft,
    decision_issue,
    decision_preview,
    decision_record_external,
    decision_upload,
    draft,
    pdf_of,
)
from openvorgang.decisions.services.templates import template_preview, template_save

__all__ = [
    "HEADINGS",
    "MAX_FREITEXT",
    "Draft",
    "decision_issue",
    "decision_preview",
    "decision_record_external",
    "decision_upload",
    "draft",
    "pdf_of",
    "template_preview",
    "template_save",
]
