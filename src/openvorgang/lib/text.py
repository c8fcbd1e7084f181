"""Text that a database cannot store: NUL characters (PostgreSQL refuses them in text and
JSON) and lone UTF-16 surrogates (from JSON escapes like ``\\udc00``; not encodable as
UTF-8). Input carrying them is refused at the boundary with the path of the first one."""

from __future__ import annotations

import re
from typing import Any

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_path(value: Any, path: str = "") -> str | None:
    """The path of the first string (or mapping key) in ``value`` that cannot be stored."""
    if isinstance(value, str):
        return path or "/" if UNSTORABLE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and UNSTORABLE.search(key):
                return f"{path}/{key.encode('unicode_escape').decode()}"
            found = unstorable_path(item, f"{path}/{key}")
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = unstorable_path(item, f"{path}/{index}")
            if found:
                return found
    return None
