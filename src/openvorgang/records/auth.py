"""Connector tokens: a DMS posting receipts or a specialist system pulling cases calls the API
with ``Authorization: Bearer <token>`` of its connector (only the SHA-256 is stored)."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from openvorgang.records.models import Connector


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def connector_token_issue(connector: Connector) -> str:
    """A new API token for the connector (shown once; the old one stops working)."""
    token = "ovc_" + secrets.token_urlsafe(32)
    connector.api_token_hash = token_hash(token)
    connector.save(update_fields=["api_token_hash"])
    return token


class ConnectorAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[AnonymousUser, Connector] | None:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None
        token = header.removeprefix("Bearer ").strip()
        connector = (
            Connector.objects.select_related("tenant")
            .filter(api_token_hash=token_hash(token), active=True, tenant__active=True)
            .first()
            if token
            else None
        )
        if connector is None:
            raise exceptions.AuthenticationFailed(gettext("Unbekanntes oder gesperrtes Token."))
        return AnonymousUser(), connector

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="openvorgang-connector"'


class IsConnector(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, Connector)
