"""Reads of Nachforderungen: those of a case (the case page), the open ones with their items
(the Antragsraum), and the documents a caseworker picks from."""

from __future__ import annotations

from django.db.models import Q

from openvorgang.cases.models import Case
from openvorgang.document_requests.models import (
    DocumentRequest,
    RequestableDocument,
    RequestState,
)


def requests_of(*, case: Case) -> list[DocumentRequest]:
    return list(
        DocumentRequest.objects.filter(case=case)
        .prefetch_related("items", "items__case_file")
        .order_by("-created_at", "-id")[:50]
    )


def open_requests(*, case: Case) -> list[DocumentRequest]:
    return list(
        DocumentRequest.objects.filter(case=case)
        .exclude(state=RequestState.FULFILLED)
        .prefetch_related("items")
        .order_by("created_at", "id")
    )


def requestable(*, case: Case, limit: int = 100) -> list[str]:
    """The tenant's documents to pick from for the case's service (and for all services)."""
    if case.tenant_id is None:
        return []
    rows = RequestableDocument.objects.filter(tenant_id=case.tenant_id).filter(
        Q(service_key="") | Q(service_key=case.service_key)
    )
    return list(rows.order_by("label").values_list("label", flat=True).distinct()[:limit])
