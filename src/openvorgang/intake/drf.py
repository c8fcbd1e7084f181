"""Sender authentication for DRF views of intake channels."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from openvorgang.intake.auth import sender_for_request
from openvorgang.intake.models import Sender


class SenderAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>`` (and/or source network) of a registered sender."""

    def authenticate(self, request: Request) -> tuple[AnonymousUser, Sender] | None:
        sender = sender_for_request(request._request)
        if sender is None:
            if request.headers.get("Authorization"):
                raise exceptions.AuthenticationFailed(
                    gettext("Unbekannter oder gesperrter Absender.")
                )
            return None
        return AnonymousUser(), sender

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="openvorgang-intake"'


class IsSender(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, Sender)
