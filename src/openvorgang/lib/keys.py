"""Validation of German official keys: Amtlicher Regionalschlüssel (ARS) and LeiKa service keys."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_ARS_RE = re.compile(r"^[0-9]{12}$")
_LEIKA_RE = re.compile(r"^[0-9]{14}$")


def validate_ars(value: str) -> None:
    """An ARS has 12 digits: Land (2, 01–16), Regierungsbezirk (1), Kreis (2),
    Gemeindeverband (4) and Gemeinde (3)."""
    if not isinstance(value, str) or not _ARS_RE.match(value):
        raise ValidationError(
            "Der Regionalschlüssel (ARS) muss aus genau 12 Ziffern bestehen.", code="ars_format"
        )
    land = int(value[:2])
    if not 1 <= land <= 16:
        raise ValidationError(
            "Der Regionalschlüssel (ARS) beginnt nicht mit einem gültigen Länderschlüssel (01–16).",
            code="ars_land",
        )


def validate_leika_key(value: str) -> None:
    if not isinstance(value, str) or not _LEIKA_RE.match(value):
        raise ValidationError(
            "Der Leistungsschlüssel (LeiKa) muss aus genau 14 Ziffern bestehen.", code="leika"
        )
