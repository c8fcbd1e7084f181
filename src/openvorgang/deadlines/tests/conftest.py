"""Deadline test helpers: a service with a Land rule, a case of it received on a chosen day,
and the feed run that brings deadlines in line."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from openvorgang.directory.deadline_rules import RuleValues, rule_replace
from openvorgang.directory.models import DeadlineRule, Service
from openvorgang.tenants.models import Tenant

SERVICE_KEY = "99050012104000"


@pytest.fixture
def service(db: None) -> Service:
    return Service.objects.get_or_create(
        leika_key=SERVICE_KEY, defaults={"name": "Gewerbeanmeldung"}
    )[0]


EARLY = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def set_rule(
    service: Service,
    *,
    tenant: Tenant | None = None,
    since: dt.datetime | None = None,
    **values: Any,
) -> DeadlineRule | None:
    """A rule in force from ``since`` (default: 1 January 2025, before every test case; a
    second rule for the same service and tenant needs a later ``since``)."""
    values.setdefault("amount", 3)
    values.setdefault("unit", "monate")
    with time_machine.travel(since or EARLY, tick=False):
        rule, _ = rule_replace(
            service=service, tenant=tenant, values=RuleValues(**values), changed_by_name="Test"
        )
    return rule


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """A moment on ``day`` in the installation's time zone."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def sync() -> None:
    from openvorgang.deadlines.feed import process_feed

    while process_feed():
        pass
