"""Text that a database cannot store: NUL characters (PostgreSQL refuses them in text and
JSON) and lone UTF-16 surrogates (from JSON escapes like ``\\udc00``; not encodable as
UTF-8). Input carrying them is refused at the boundary with the path of the first one."""

from __future__ import annotations

import json
import re
from typing import Any

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def maybe_unstorable(value: Any) -> bool:
    """False when ``value`` certainly holds nothing unstorable: one pass in C over its JSON
    text instead of a walk in Python over every string (the walk then finds the path)."""
    try:
        text = json.dumps(value, ensure_ascii=False, check_circular=False)
    except (TypeError, ValueError, RecursionError):
        return True
    return json_text_maybe_unstorable(text)


def json_text_maybe_unstorable(text: str) -> bool:
    """In ``json.dumps(…, ensure_ascii=False)`` a lone surrogate stays as it is and NUL becomes
    ``\\u0000`` (so does a backslash followed by "u0000": a false alarm the walk settles)."""
    if "\\u0000" in text:
        return True
    return not text.isascii() and _SURROGATE.search(text) is not None


def unstorable_path(value: Any, path: str = "") -> str | None:
    """The path of the first string (or mapping key) in ``value`` that cannot be stored."""
    if isinstance(value, dict | list) and not maybe_unstorable(value):
        return None
    return _walk(value, path)


def _walk(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path or "/" if UNSTORABLE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and UNSTORABLE.search(key):
                return f"{path}/{key.encode('unicode_escape').decode()}"
            found = _walk(item, f"{path}/{key}")
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _walk(item, f"{path}/{index}")
            if found:
                return found
    return None
