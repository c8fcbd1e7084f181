"""Polling on a schedule (``fitconnect.poll_all``) and on callback (``fitconnect.poll``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from openvorgang.intake.channels.fitconnect.models import Destination
from openvorgang.intake.channels.fitconnect.subscriber import poll
from openvorgang.jobs.registry import PermanentError, job
from openvorgang.jobs.services import job_enqueue


def enqueue_poll(destination: Destination) -> None:
    job_enqueue(
        name="fitconnect.poll",
        payload={"destination": destination.pk},
        unique_key=f"fitconnect.poll:{destination.pk}",
        max_attempts=3,
    )


@job("fitconnect.poll_all")
def poll_all(payload: dict[str, Any]) -> None:
    for destination in Destination.objects.filter(active=True):
        enqueue_poll(destination)


@job("fitconnect.poll")
def poll_one(payload: dict[str, Any]) -> None:
    destination = Destination.objects.filter(pk=payload["destination"], active=True).first()
    if destination is None:
        raise PermanentError(gettext("Zustellpunkt unbekannt oder inaktiv"))
    poll(destination)
