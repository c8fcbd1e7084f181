"""The applicant's Antragsraum link.

The link's secret is derived, not stored: HMAC-SHA256(SECRET_KEY, case id + nonce). Only its
SHA-256 is kept for the look-up, so every notice email can carry the same link without the
database ever holding it; revoking means a new nonce."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
import uuid

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from openvorgang.cases.models import Case
from openvorgang.mailbox.models import ApplicantAccess


def _secret(case_id: uuid.UUID, nonce: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"antragsraum:{case_id}:{nonce}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def access_link(*, case: Case) -> str:
    """The Antragsraum URL of the case (created on first use)."""
    access = ApplicantAccess.objects.filter(case=case).first()
    if access is None or access.revoked_at is not None:
        nonce = secrets.token_hex(16)
        secret = _secret(case.pk, nonce)
        ApplicantAccess.objects.update_or_create(
            case=case,
            defaults={
                "nonce": nonce,
                "secret_hash": _hash(secret),
                "created_at": timezone.now(),
                "expires_at": timezone.now()
                + dt.timedelta(days=settings.OPENVORGANG_ANTRAGSRAUM_DAYS),
                "revoked_at": None,
            },
        )
    else:
        secret = _secret(case.pk, access.nonce)
    return settings.BASE_URL.rstrip("/") + reverse("antragsraum", args=[secret])


def access_revoke(*, case: Case) -> None:
    ApplicantAccess.objects.filter(case=case).update(revoked_at=timezone.now())


def case_for_secret(secret: str) -> Case | None:
    """The case of a valid, unrevoked, unexpired secret; None for anything else (the caller
    shows the same neutral page either way)."""
    if not secret or len(secret) > 100:
        return None
    access = (
        ApplicantAccess.objects.select_related("case", "case__tenant")
        .filter(secret_hash=_hash(secret))
        .first()
    )
    if access is None or access.revoked_at is not None or access.expires_at < timezone.now():
        return None
    if not hmac.compare_digest(_secret(access.case_id, access.nonce), secret):
        return None
    return access.case
