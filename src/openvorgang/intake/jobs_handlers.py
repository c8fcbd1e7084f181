"""Background jobs of intake."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

from openvorgang.cases.services import remove_stored
from openvorgang.intake.models import Upload
from openvorgang.jobs.registry import job


@job("intake.sweep_uploads")
def sweep_uploads(payload: dict[str, Any]) -> None:
    """Remove pre-uploaded files that no submission used in time."""
    cutoff = timezone.now() - dt.timedelta(hours=settings.OPENVORGANG_INTAKE_UPLOAD_TTL_HOURS)
    for upload in Upload.objects.filter(created_at__lt=cutoff).order_by("created_at")[:10_000]:
        remove_stored([upload.storage_name])
        upload.delete()
