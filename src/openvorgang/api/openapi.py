"""How the OpenAPI document describes our authentication schemes (drf-spectacular)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
    target_class = "openvorgang.directory.api._SenderBearer"
    name = "routingSenderToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer", "description": "Token eines Absenders"}
