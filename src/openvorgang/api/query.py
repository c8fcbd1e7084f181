"""Query strings of list and lookup operations are read strictly: a parameter the operation
does not know is an error (400), not silently ignored, so that a typo in a filter never
returns a wider result than the caller meant."""

from __future__ import annotations

from collections.abc import Iterable

from rest_framework.exceptions import ValidationError
from rest_framework.request import Request


def reject_unknown(request: Request, known: Iterable[str]) -> None:
    unknown = sorted(set(request.query_params) - set(known))
    if unknown:
        raise ValidationError({"query": f"Unbekannte Parameter: {', '.join(unknown)}"})


def query_data(request: Request, known: Iterable[str]) -> dict[str, str]:
    """The query string as a plain dict for a serializer (an empty value stays a value and is
    validated as such), after refusing unknown parameters."""
    reject_unknown(request, known)
    return request.query_params.dict()
