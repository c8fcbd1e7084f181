"""Keyset ("seek") pagination over (timestamp, uuid) ordered lists: constant cost per page at any
depth, no COUNT(*). The cursor is opaque to clients (URL-safe base64).

``seek_page`` also sorts on a column that may be empty (a due date): an empty value counts as
greater than every other, so it comes last going up and first going down, which is how
PostgreSQL orders NULL by default and so can walk a plain index either way."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
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


# --- seek pages over any sort: (column, ..., pk), both directions -------------------------

KINDS: dict[str, Callable[[Any], object]] = {
    "d": datetime.fromisoformat,
    "D": date.fromisoformat,
    "u": uuid.UUID,
    "s": str,
    "i": int,
    "n": lambda raw: None,
}


def _encode_value(value: object) -> list[object]:
    if value is None:
        return ["n", ""]
    if isinstance(value, datetime):
        return ["d", value.isoformat()]
    if isinstance(value, date):
        return ["D", value.isoformat()]
    if isinstance(value, uuid.UUID):
        return ["u", str(value)]
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"cannot seek on {type(value).__name__}")
    return ["s" if isinstance(value, str) else "i", value]


@dataclass(frozen=True)
class SeekCursor:
    """A position in a sorted list: the sort values of one row and whether the page wanted
    lies before it (back) or after it (forward)."""

    values: tuple[object, ...]
    back: bool = False

    def encode(self) -> str:
        body = {"v": [_encode_value(v) for v in self.values], "b": self.back}
        raw = json.dumps(body, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, *, width: int) -> SeekCursor:
        try:
            padded = token + "=" * (-len(token) % 4)
            body = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
            values = tuple(KINDS[kind](raw) for kind, raw in body["v"])
            if len(values) != width or not isinstance(body["b"], bool):
                raise ValueError("cursor of another sort")
            for value in values:
                if isinstance(value, datetime) and value.tzinfo is None:
                    raise ValueError("naive timestamp")
            return cls(values=values, back=body["b"])
        except (ValueError, TypeError, KeyError, UnicodeDecodeError) as exc:
            raise InvalidCursor(gettext("Ungültiger Seitenzeiger (cursor).")) from exc


@dataclass(frozen=True)
class SeekPage(Generic[T]):
    items: list[T]
    next_cursor: str | None
    prev_cursor: str | None


NOTHING = Q(pk__in=[])


def _past(name: str, value: object, *, lower: bool) -> Q:
    """Rows whose ``name`` lies strictly beyond ``value``; empty (None) is above all values."""
    if value is None:
        return Q(**{f"{name}__isnull": False}) if lower else NOTHING
    step = Q(**{f"{name}__{'lt' if lower else 'gt'}": value})
    return step if lower else step | Q(**{f"{name}__isnull": True})


def _equal(name: str, value: object) -> Q:
    return Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})


def _beyond(
    fields: tuple[str, ...],
    values: tuple[object, ...],
    *,
    lower: bool,
    nullable: frozenset[str] = frozenset(),
) -> Q:
    """Rows strictly beyond ``values`` in the order of ``fields``: (a, b) < (x, y) is
    a < x OR (a = x AND b < y), written out so that every database can use the index."""
    op = "lt" if lower else "gt"
    condition: Q | None = None
    for name, value in reversed(list(zip(fields, values, strict=True))):
        if name in nullable:
            step, same = _past(name, value, lower=lower), _equal(name, value)
        else:
            step, same = Q(**{f"{name}__{op}": value}), Q(**{name: value})
        condition = step if condition is None else step | (same & condition)
    assert condition is not None
    return condition


def _order(name: str, *, lower: bool, nullable: frozenset[str]) -> str | OrderBy:
    if name not in nullable:
        return f"-{name}" if lower else name
    return F(name).desc(nulls_first=True) if lower else F(name).asc(nulls_last=True)


def seek_page(
    queryset: QuerySet,
    *,
    fields: tuple[str, ...],
    cursor: str | None,
    limit: int,
    descending: bool,
    nullable: frozenset[str] = frozenset(),
) -> SeekPage:
    """``limit`` rows ordered by ``fields`` (the last one unique, e.g. pk), all in one
    direction, forward or back from ``cursor``. Constant cost at any depth, no COUNT.
    Fields in ``nullable`` may be empty: empty sorts above every value."""
    position = SeekCursor.decode(cursor, width=len(fields)) if cursor else None
    if position is not None and any(
        value is None and name not in nullable
        for name, value in zip(fields, position.values, strict=True)
    ):
        raise InvalidCursor(gettext("Ungültiger Seitenzeiger (cursor)."))
    back = position is not None and position.back
    toward_lower = descending != back
    if position is not None:
        queryset = queryset.filter(
            _beyond(fields, position.values, lower=toward_lower, nullable=nullable)
        )
    order = [_order(name, lower=toward_lower, nullable=nullable) for name in fields]
    rows = list(queryset.order_by(*order)[: limit + 1])
    more = len(rows) > limit
    items = rows[:limit]
    if back:
        items.reverse()

    def at(row: object, *, going_back: bool) -> str:
        return SeekCursor(tuple(getattr(row, f) for f in fields), back=going_back).encode()

    if not items:
        return SeekPage(items=[], next_cursor=None, prev_cursor=None)
    has_next = more if not back else True
    has_prev = (position is not None) if not back else more
    return SeekPage(
        items=items,
        next_cursor=at(items[-1], going_back=False) if has_next else None,
        prev_cursor=at(items[0], going_back=True) if has_prev else None,
    )
