"""JSON from outside, parsed strictly: what Python's ``json`` module accepts but a database,
another system or our own recursion cannot take is refused with the path of the first
offending value.

- ``NaN``, ``Infinity``, ``-Infinity`` and numbers beyond the float range (``1e999``) are not
  JSON (RFC 8259) and cannot be stored in PostgreSQL's ``jsonb``;
- nesting deeper than ``MAX_DEPTH`` levels (objects and arrays) is refused: no form needs it,
  and thousands of levels exhaust the recursion of every consumer;
- NUL characters and lone UTF-16 surrogates (``\\u0000``, ``\\udc00``) cannot be stored
  (``lib.text``)."""

from __future__ import annotations

import json
import math
from typing import Any

from django.utils.translation import gettext

from openvorgang.lib.text import UNSTORABLE

MAX_DEPTH = 32


class JsonRefused(ValueError):
    """``code``: ``invalid_characters``, ``invalid_number`` or ``too_deep``."""

    def __init__(self, path: str, reason: str, code: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.code = code


class _NonFinite:
    __slots__ = ("token",)

    def __init__(self, token: str) -> None:
        self.token = token


def _number(token: str) -> float | _NonFinite:
    value = float(token)
    return value if math.isfinite(value) else _NonFinite(token)


def loads(raw: bytes | str) -> Any:
    """Parse ``raw``; ``ValueError`` for text that is not JSON, ``JsonRefused`` (a
    ``ValueError`` too) for JSON we do not take."""
    try:
        document = json.loads(raw, parse_constant=_NonFinite, parse_float=_number)
    except RecursionError:
        raise JsonRefused(
            "/",
            gettext("tiefer als %(max_depth)s Ebenen verschachtelt") % {"max_depth": MAX_DEPTH},
            "too_deep",
        ) from None
    check(document)
    return document


def check(value: Any) -> None:
    """Refuse a parsed document (also one parsed elsewhere, e.g. by DRF) as ``loads`` does."""
    found = _first_problem(value, "", 0)
    if found is not None:
        raise JsonRefused(*found)


_CHARACTERS = "enthält ein unzulässiges Steuerzeichen (NUL) oder Ersatzzeichen"


def _first_problem(value: Any, path: str, depth: int) -> tuple[str, str, str] | None:
    here = path or "/"
    if isinstance(value, str):
        return (here, _CHARACTERS, "invalid_characters") if UNSTORABLE.search(value) else None
    if isinstance(value, _NonFinite):
        return (here, f"„{value.token}“ ist keine endliche Zahl", "invalid_number")
    if isinstance(value, float) and not math.isfinite(value):
        return (here, "keine endliche Zahl", "invalid_number")
    if not isinstance(value, dict | list):
        return None
    if depth >= MAX_DEPTH:
        return (here, f"tiefer als {MAX_DEPTH} Ebenen verschachtelt", "too_deep")
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        label = key.encode("unicode_escape").decode() if isinstance(key, str) else str(key)
        if isinstance(key, str) and UNSTORABLE.search(key):
            return (f"{path}/{label}", _CHARACTERS, "invalid_characters")
        found = _first_problem(item, f"{path}/{label}", depth + 1)
        if found is not None:
            return found
    return None
