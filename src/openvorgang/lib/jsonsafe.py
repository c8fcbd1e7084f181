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

from openvorgang.lib.text import UNSTORABLE, json_text_maybe_unstorable

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
    """Refuse a parsed document (also one parsed elsewhere, e.g. by DRF) as ``loads`` does.
    A clean document (nearly all) is recognised without visiting every value in Python: its
    depth from the containers alone, numbers and characters from its JSON text in C. Only a
    suspicious one is walked, to name the path."""
    if _too_deep(value) or _suspicious(value):
        found = _first_problem(value, "", 0)
        if found is not None:
            raise JsonRefused(*found)


def _too_deep(value: Any) -> bool:
    level = [value] if isinstance(value, dict | list) else []
    depth = 0
    while level:
        if depth >= MAX_DEPTH:
            return True
        below: list[Any] = []
        for container in level:
            values = container.values() if isinstance(container, dict) else container
            below.extend(v for v in values if isinstance(v, dict | list))
        level, depth = below, depth + 1
    return False


def _suspicious(value: Any) -> bool:
    """A non-finite number (or anything not JSON) makes ``dumps`` fail; NUL and surrogates
    show in its text."""
    try:
        text = json.dumps(value, allow_nan=False, ensure_ascii=False, check_circular=False)
    except (TypeError, ValueError):
        return True
    return json_text_maybe_unstorable(text)


def _characters() -> str:
    return gettext("enthält ein unzulässiges Steuerzeichen (NUL) oder Ersatzzeichen")


def _first_problem(value: Any, path: str, depth: int) -> tuple[str, str, str] | None:
    here = path or "/"
    if isinstance(value, str):
        return (here, _characters(), "invalid_characters") if UNSTORABLE.search(value) else None
    if isinstance(value, _NonFinite):
        return (
            here,
            gettext("„%(token)s“ ist keine endliche Zahl") % {"token": value.token},
            "invalid_number",
        )
    if isinstance(value, float) and not math.isfinite(value):
        return (here, gettext("keine endliche Zahl"), "invalid_number")
    if not isinstance(value, dict | list):
        return None
    if depth >= MAX_DEPTH:
        return (
            here,
            gettext("tiefer als %(max_depth)s Ebenen verschachtelt") % {"max_depth": MAX_DEPTH},
            "too_deep",
        )
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        label = key.encode("unicode_escape").decode() if isinstance(key, str) else str(key)
        if isinstance(key, str) and UNSTORABLE.search(key):
            return (f"{path}/{label}", _characters(), "invalid_characters")
        found = _first_problem(item, f"{path}/{label}", depth + 1)
        if found is not None:
            return found
    return None
