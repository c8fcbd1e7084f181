"""Every saved or deleted directory entry (and tenant or org unit, which routing reads too)
makes the routing snapshots stale."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from openvorgang.directory import snapshot
from openvorgang.directory.models import Region, Responsibility, Service
from openvorgang.tenants.models import OrgUnit, Tenant


def _changed(**_: Any) -> None:
    snapshot.changed()


def connect() -> None:
    for model in (Region, Service, Responsibility, OrgUnit, Tenant):
        post_save.connect(_changed, sender=model, dispatch_uid=f"directory-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"directory-{model.__name__}-del")
