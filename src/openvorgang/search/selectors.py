"""Full-text search over the cases a user may see: ranked, prefix-tolerant ("Schäf" finds
Schäfer, "123" finds KI-2026-000123), umlaut-tolerant (ä = ae), with highlighted matches."""

from __future__ import annotations

import html
import uuid
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F
from django.utils.safestring import SafeString, mark_safe

from openvorgang.accounts.models import User
from openvorgang.cases.models import Case
from openvorgang.cases.selectors import LIST_COLUMNS, cases_visible_to
from openvorgang.search.indexing import fold, form_texts, words

MAX_TERMS = 8
CANDIDATES = 500


@dataclass(frozen=True)
class Hit:
    case: Case
    number: SafeString
    applicant: SafeString
    snippet: SafeString


def search(*, user: User, text: str, limit: int = 50) -> list[Hit]:
    terms = words(text)[:MAX_TERMS]
    if not terms:
        return []
    if connection.vendor == "postgresql":
        cases = _postgres(user, terms, limit)
    else:
        cases = _sqlite(user, terms, limit)
    return [_hit(case, terms) for case in cases]


def _columns() -> tuple[str, ...]:
    return (*LIST_COLUMNS, "form_data")


def _postgres(user: User, terms: list[str], limit: int) -> list[Case]:
    query = SearchQuery(" & ".join(f"{t}:*" for t in terms), search_type="raw", config="german")
    return list(
        cases_visible_to(user)
        .filter(search_doc__vector=query)
        .annotate(rank=SearchRank(F("search_doc__vector"), query))
        .select_related("org_unit", "assignee")
        .only(*_columns())
        .order_by("-rank", "-received_at")[:limit]
    )


def _sqlite(user: User, terms: list[str], limit: int) -> list[Case]:
    if user.tenant_id is None:
        return []
    match = " AND ".join(f'"{t}"*' for t in terms)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT case_id FROM search_fts WHERE search_fts MATCH %s AND tenant_id = %s "
            "ORDER BY bm25(search_fts) LIMIT %s",
            [match, user.tenant_id, CANDIDATES],
        )
        ranked = [uuid.UUID(row[0]) for row in cursor.fetchall()]
    found = {
        case.pk: case
        for case in cases_visible_to(user)
        .filter(pk__in=ranked)
        .select_related("org_unit", "assignee")
        .only(*_columns())
    }
    return [found[pk] for pk in ranked if pk in found][:limit]


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` HTML-escaped, words starting with a search term marked."""
    out = []
    for token in _tokens(text):
        escaped = html.escape(token)
        folded = fold(token)
        if folded.strip() and any(folded.startswith(t) for t in terms):
            escaped = f"<mark>{escaped}</mark>"
        out.append(escaped)
    # every piece is escaped above
    return mark_safe("".join(out))  # noqa: S308 # nosec B308 B703 # nosemgrep: ov-no-mark-safe


def _tokens(text: str) -> list[str]:
    import re

    return re.findall(r"\w+|\W+", text, re.UNICODE)


def _hit(case: Case, terms: list[str]) -> Hit:
    snippet = ""
    for value in form_texts(case.form_data):
        folded = words(value)
        if any(w.startswith(t) for w in folded for t in terms):
            snippet = value if len(value) <= 160 else value[:157] + "…"
            break
    return Hit(
        case=case,
        number=highlight(case.number, terms),
        applicant=highlight(case.applicant_name, terms),
        snippet=highlight(snippet, terms),
    )
