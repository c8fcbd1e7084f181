"""Building and storing search documents. Runs in the worker (job ``search.index``) for cases
marked stale, so intake and case changes pay nothing for the index."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Value

from openvorgang.cases.models import Case, CaseFile
from openvorgang.search.models import CaseSearch

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
_SPLIT = re.compile(r"[^\w]+", re.UNICODE)
BATCH = 200
MAX_DOCUMENT = 200_000


def fold(text: str) -> str:
    """Lower case, umlauts spelled out, other accents removed: the same on both sides."""
    text = text.translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(fold(text)) if w]


def _number_forms(number: str) -> list[str]:
    """KI-2026-000123 is also found as 000123, 123 and 2026-123."""
    forms = [number]
    for part in re.findall(r"\d+", number):
        stripped = part.lstrip("0")
        if stripped and stripped != part:
            forms.append(stripped)
    return forms


def form_texts(items: Any) -> Iterator[str]:
    stack = list(items) if isinstance(items, list) else []
    while stack:
        item = stack.pop()
        if not isinstance(item, dict):
            continue
        for key in ("label", "value"):
            value = item.get(key)
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                yield str(value)
        children = item.get("items")
        if isinstance(children, list):
            stack.extend(children)


def document_for(case: Case, file_names: Iterable[str]) -> str:
    parts = [
        *_number_forms(case.number),
        case.file_number,
        case.applicant_name,
        case.applicant_email,
        case.applicant_city,
        case.service_name,
        case.service_key,
        case.form_name,
        *file_names,
        *form_texts(case.form_data),
    ]
    # Words only, separated by spaces: the databases' tokenizers then see exactly the words the
    # query is split into (PostgreSQL would read "-2026" in "KI-2026-000123" as a number).
    return " ".join(words(" ".join(p for p in parts if p)))[:MAX_DOCUMENT]


def index_stale(*, limit: int = BATCH) -> int:
    """(Re)build the documents of up to ``limit`` stale cases; returns how many."""
    cases = list(
        Case.objects.filter(search_stale=True)
        .order_by("received_at")
        .only(
            "id", "number", "file_number", "applicant_name", "applicant_email", "applicant_city",
            "service_name", "service_key", "form_name", "form_data", "tenant_id", "version",
        )[:limit]
    )  # fmt: skip
    if not cases:
        return 0
    names: dict[Any, list[str]] = {}
    for case_id, name in CaseFile.objects.filter(case__in=cases).values_list(
        "case_id", "original_name"
    ):
        names.setdefault(case_id, []).append(name)
    with transaction.atomic():
        for case in cases:
            _store(case, document_for(case, names.get(case.pk, [])))
            Case.objects.filter(pk=case.pk, version=case.version).update(search_stale=False)
    return len(cases)


def _store(case: Case, document: str) -> None:
    CaseSearch.objects.update_or_create(
        case=case,
        defaults={
            "tenant_id": case.tenant_id,
            "document": document,
            "indexed_version": case.version,
        },
    )
    if connection.vendor == "postgresql":
        CaseSearch.objects.filter(case=case).update(
            vector=SearchVector(Value(document), config="german")
        )
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE case_id = %s", [case.pk.hex])
            cursor.execute(
                "INSERT INTO search_fts (document, case_id, tenant_id) VALUES (%s, %s, %s)",
                [document, case.pk.hex, case.tenant_id],
            )
