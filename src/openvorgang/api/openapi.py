"""How the OpenAPI document describes our authentication schemes (drf-spectacular)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

# An error answer: application/problem+json (RFC 9457).
PROBLEM = OpenApiResponse(description="application/problem+json")

# A case file download (UI API and pull API): streamed, or refused while the virus scan has
# not finished or after it found malware.
FILE_DOWNLOAD_RESPONSES = {
    (200, "application/octet-stream"): OpenApiTypes.BINARY,
    403: PROBLEM,
    404: PROBLEM,
    409: PROBLEM,
}
FILE_DOWNLOAD_NOTE = (
    "403 `file_quarantined`: the virus scan found malware; 409 "
    "`file_scan_pending`: the scan has not finished yet."
)


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "openvorgang.accounts.authentication.ApiTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Persönliches Token: `Authorization: Token ov_…`",
        }


class SenderTokenScheme(OpenApiAuthenticationExtension):
    target_class = "openvorgang.intake.drf.SenderAuthentication"
    name = "senderToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer", "description": "Token eines Absenders"}


class ConnectorTokenScheme(OpenApiAuthenticationExtension):
    target_class = "openvorgang.records.auth.ConnectorAuthentication"
    name = "connectorToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Token einer Anbindung (DMS oder Fachverfahren)",
        }


class RoutingSenderScheme(OpenApiAuthenticationExtension):
    target_class = "openvorgang.intake.routing_api._SenderBearer"
    name = "routingSenderToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer", "description": "Token eines Absenders"}


RATE_LIMITED_SCHEMES = {"senderToken", "routingSenderToken"}
UNAVAILABLE = {
    "description": "Vorübergehend nicht verfügbar, z. B. die Datenbank (problem+json); "
    "nichts wurde angenommen: nach `Retry-After` Sekunden erneut senden.",
    "headers": {
        "Retry-After": {
            "schema": {"type": "integer"},
            "description": "Sekunden bis zum nächsten Versuch",
        }
    },
}


def add_common_problems(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Every operation may answer 500 and, while the database is away, 503 with
    ``Retry-After`` (retry later: nothing was accepted). Every operation that needs
    credentials may answer 401; those of the intake, whose failed authentications are counted
    per address, also 429 (all as problem+json)."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            responses.setdefault("500", {"description": "Interner Fehler (problem+json)"})
            responses.setdefault("503", UNAVAILABLE)
            if not operation.get("security"):
                continue
            responses.setdefault("401", {"description": "Nicht angemeldet (problem+json)"})
            schemes = {name for requirement in operation["security"] for name in requirement}
            if schemes & RATE_LIMITED_SCHEMES:
                responses.setdefault("429", {"description": "Zu viele Anfragen (problem+json)"})
    return result
