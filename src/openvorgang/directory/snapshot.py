"""The directory in memory, for routing without queries. Each server process keeps one
immutable snapshot; it checks the directory's version at most every
``OPENVORGANG_DIRECTORY_CHECK_SECONDS`` and rebuilds when it changed. Changes made in this
process (models saved or deleted, imports) drop the snapshot at once."""

from __future__ import annotations

import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from openvorgang.directory.models import DirectoryVersion, Region, Responsibility, Service
from openvorgang.tenants.models import OrgUnit, Tenant


@dataclass(frozen=True)
class RegionInfo:
    ars: str
    name: str
    kind: str
    parent_ars: str | None


@dataclass(frozen=True)
class UnitInfo:
    id: int
    oe_id: str
    name: str
    tenant_id: int
    tenant_name: str
    usable: bool  # the unit and its tenant are active

    @property
    def label(self) -> str:
        return f"{self.tenant_name}, {self.name}"


@dataclass(frozen=True)
class Rule:
    id: int
    unit_id: int


@dataclass(frozen=True)
class Snapshot:
    version: str
    regions: dict[str, RegionInfo] = field(default_factory=dict)
    ars_by_ags: dict[str, str] = field(default_factory=dict)
    units: dict[int, UnitInfo] = field(default_factory=dict)
    unit_by_oe_id: dict[str, int] = field(default_factory=dict)
    rules: dict[tuple[str, str], tuple[Rule, ...]] = field(default_factory=dict)
    tenants_by_ars: dict[str, tuple[int, ...]] = field(default_factory=dict)
    tenant_names: dict[int, str] = field(default_factory=dict)
    default_unit: dict[int, int] = field(default_factory=dict)
    service_names: dict[str, str] = field(default_factory=dict)
    rule_count: int = 0

    def lineage(self, ars: str) -> list[str]:
        """The region and every region above it, most specific first."""
        chain: list[str] = []
        current: str | None = ars
        while current is not None and current not in chain and len(chain) < 10:
            chain.append(current)
            info = self.regions.get(current)
            current = info.parent_ars if info else None
        return chain


def build() -> Snapshot:
    version = _current_version()
    regions: dict[str, RegionInfo] = {}
    ars_by_ags: dict[str, str] = {}
    for ars, ags, name, kind, parent_ars in Region.objects.values_list(
        "ars", "ags", "name", "kind", "parent__ars"
    ):
        regions[ars] = RegionInfo(ars, name, kind, parent_ars)
        if len(ags) == 8:
            ars_by_ags.setdefault(ags, ars)
    tenant_rows = list(Tenant.objects.values_list("pk", "name", "ars", "active"))
    tenant_names = {pk: name for pk, name, _, _ in tenant_rows}
    tenant_active = {pk: active for pk, _, _, active in tenant_rows}
    by_ars: dict[str, list[int]] = defaultdict(list)
    for pk, _, ars, active in tenant_rows:
        if active:
            by_ars[ars].append(pk)
    units: dict[int, UnitInfo] = {}
    unit_by_oe_id: dict[str, int] = {}
    default_unit: dict[int, int] = {}
    for pk, oe_id, name, tenant_id, active, is_default in OrgUnit.objects.values_list(
        "pk", "oe_id", "name", "tenant_id", "active", "is_default"
    ):
        usable = active and tenant_active.get(tenant_id, False)
        units[pk] = UnitInfo(pk, oe_id, name, tenant_id, tenant_names[tenant_id], usable)
        unit_by_oe_id[oe_id] = pk
        if is_default and usable:
            default_unit[tenant_id] = pk
    rules: dict[tuple[str, str], list[Rule]] = defaultdict(list)
    count = 0
    for pk, leika, ars, unit_id in (
        Responsibility.objects.filter(active=True)
        .order_by("pk")
        .values_list("pk", "service__leika_key", "region__ars", "org_unit_id")
    ):
        if units[unit_id].usable:
            rules[(leika, ars)].append(Rule(pk, unit_id))
            count += 1
    return Snapshot(
        version=version,
        regions=regions,
        ars_by_ags=ars_by_ags,
        units=units,
        unit_by_oe_id=unit_by_oe_id,
        rules={key: tuple(value) for key, value in rules.items()},
        tenants_by_ars={key: tuple(value) for key, value in by_ars.items()},
        tenant_names=tenant_names,
        default_unit=default_unit,
        service_names=dict(Service.objects.values_list("leika_key", "name")),
        rule_count=count,
    )


def _current_version() -> str:
    row = DirectoryVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    return row or ""


class _Holder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.snapshot: Snapshot | None = None
        self.checked_at = 0.0


_holder = _Holder()


def current() -> Snapshot:
    """The snapshot to route with (checked against the database at most every few seconds)."""
    now = time.monotonic()
    snap = _holder.snapshot
    ttl = settings.OPENVORGANG_DIRECTORY_CHECK_SECONDS
    if snap is not None and now - _holder.checked_at < ttl:
        return snap
    with _holder.lock:
        snap = _holder.snapshot
        if snap is None or snap.version != _current_version():
            snap = build()
            _holder.snapshot = snap
        _holder.checked_at = now
    return snap


def forget() -> None:
    with _holder.lock:
        _holder.snapshot = None


def changed() -> None:
    """Record a directory change (call inside the changing transaction): other processes see a
    new version, this one rebuilds on its next use."""
    token = uuid.uuid4().hex
    if not DirectoryVersion.objects.filter(pk=1).update(token=token):
        DirectoryVersion.objects.get_or_create(pk=1, defaults={"token": token})
        DirectoryVersion.objects.filter(pk=1).update(token=token)
    forget()
    transaction.on_commit(forget)
