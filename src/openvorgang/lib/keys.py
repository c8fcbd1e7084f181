"""German official keys, checked in one place: Amtlicher Regionalschlüssel (ARS, 12 digits),
Amtlicher Gemeindeschlüssel (AGS, 2, 5 or 8 digits), a region key of either kind (8 or 12)
and LeiKa service keys (14 digits). Digits are ASCII only: ``\\d`` and ``str.isdigit`` would
take full-width or Arabic-Indic digits, which no register contains."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

LEIKA_PATTERN = r"^[0-9]{14}$"
ARS_PATTERN = r"^[0-9]{12}$"
AGS_PATTERN = r"^(?:[0-9]{2}|[0-9]{5}|[0-9]{8})$"
REGION_PATTERN = r"^(?:[0-9]{8}|[0-9]{12})$"
_LEIKA = re.compile(LEIKA_PATTERN)
_ARS = re.compile(ARS_PATTERN)
_AGS = re.compile(AGS_PATTERN)
_REGION = re.compile(REGION_PATTERN)


def is_leika(value: object) -> bool:
    return isinstance(value, str) and _LEIKA.fullmatch(value) is not None


def is_ars(value: object) -> bool:
    return isinstance(value, str) and _ARS.fullmatch(value) is not None


def is_ags(value: object) -> bool:
    return isinstance(value, str) and _AGS.fullmatch(value) is not None


def is_region_key(value: object) -> bool:
    """An AGS of a municipality (8 digits) or an ARS (12 digits)."""
    return isinstance(value, str) and _REGION.fullmatch(value) is not None


def validate_ars(value: str) -> None:
    """An ARS has 12 digits: Land (2, 01–16), Regierungsbezirk (1), Kreis (2),
    Gemeindeverband (4) and Gemeinde (3)."""
    if not is_ars(value):
        raise ValidationError(
            gettext("Der Regionalschlüssel (ARS) muss aus genau 12 Ziffern bestehen."),
            code="ars_format",
        )
    land = int(value[:2])
    if not 1 <= land <= 16:
        raise ValidationError(
            gettext(
                "Der Regionalschlüssel (ARS) beginnt nicht mit einem gültigen "
                "Länderschlüssel (01–16)."
            ),
            code="ars_land",
        )


def validate_leika_key(value: str) -> None:
    if not is_leika(value):
        raise ValidationError(
            gettext("Der Leistungsschlüssel (LeiKa) muss aus genau 14 Ziffern bestehen."),
            code="leika",
        )
