"""Keyset ("seek") pagination over (timestamp, uuid) ordered lists: constant cost per page at any
depth, no COUNT(*). The cursor is opaque to clients (URL-safe base64)."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

T = TypeVar("T")


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True)
class Cursor:
    at: datetime
    pk: uuid.UUID

    def encode(self) -> str:
        raw = f"{self.at.isoformat()}|{self.pk}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        try:
            padded = token + "=" * (-len(token) % 4)
            at_raw, pk_raw = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
            at = datetime.fromisoformat(at_raw)
            if at.tzinfo is None:
                raise ValueError("naive timestamp")
            return cls(at=at, pk=uuid.UUID(pk_raw))
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidCursor(gettext("Ungültiger Seitenzeiger (cursor).")) from exc


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def keyset_page(
    queryset: QuerySet, *, field: str, cursor: str | None, limit: int, descending: bool = True
) -> Page:
    """Return ``limit`` rows ordered by (field, pk) after ``cursor``, plus the next cursor."""
    if cursor:
        position = Cursor.decode(cursor)
        if descending:
            queryset = queryset.filter(
                Q(**{f"{field}__lt": position.at})
                | Q(**{field: position.at, "pk__lt": position.pk})
            )
        else:
            queryset = queryset.filter(
                Q(**{f"{field}__gt": position.at})
                | Q(**{field: position.at, "pk__gt": position.pk})
            )
    order = (f"-{field}", "-pk") if descending else (field, "pk")
    rows = list(queryset.order_by(*order)[: limit + 1])
    items = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = Cursor(at=getattr(last, field), pk=last.pk).encode()
    return Page(items=items, next_cursor=next_cursor)
