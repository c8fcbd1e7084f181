"""Zuständigkeitsfindung: which org unit receives a submission, and why.

In this order: an explicit org unit id the directory knows → a rule for the service(s) at the
most specific known region (the region key sent, else a Gemeinde key found in the form data)
and upwards → the default org unit of the tenant, when the tenant is known (the sender's
tenant, or the tenant of the region or of its Amt) → the Land's clearing inbox. Two org units
responsible at the same level is ambiguity: clearing, with both named, never a guess.

``route`` works on the in-memory snapshot only: no queries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from openvorgang.directory import snapshot as snapshots
from openvorgang.directory.snapshot import Snapshot, UnitInfo


class Step:
    ORG_UNIT = "org_unit"
    RULE = "rule"
    TENANT = "tenant"
    CLEARING = "clearing"


@dataclass(frozen=True)
class Decision:
    step: str
    explanation: str
    org_unit_id: int | None = None
    tenant_id: int | None = None
    rule_id: int | None = None
    region_ars: str = ""
    in_clearing: bool = False
    candidates: tuple[dict[str, Any], ...] = ()
    notes: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "explanation": self.explanation,
            "orgUnitId": self.org_unit_id,
            "tenantId": self.tenant_id,
            "ruleId": self.rule_id,
            "region": self.region_ars,
            "inClearing": self.in_clearing,
            "candidates": list(self.candidates),
            "notes": list(self.notes),
        }


def route(
    *,
    leika_keys: Sequence[str] = (),
    ars: str = "",
    oe_id: str = "",
    form_data: object = None,
    sender_tenant_id: int | None = None,
    snap: Snapshot | None = None,
) -> Decision:
    snap = snap or snapshots.current()
    notes: list[str] = []

    def allowed(tenant_id: int) -> bool:
        return sender_tenant_id is None or sender_tenant_id == tenant_id

    if oe_id:
        unit = _unit_by_oe_id(snap, oe_id)
        if unit is not None and unit.usable and allowed(unit.tenant_id):
            return Decision(
                Step.ORG_UNIT,
                f"OrganisationsEinheitID {oe_id} → {unit.label}",
                org_unit_id=unit.id,
                tenant_id=unit.tenant_id,
            )
        notes.append(_oe_note(oe_id, unit, allowed))

    region, source = _region(snap, ars, form_data, notes)
    keys = list(dict.fromkeys(leika_keys))
    if region and keys:
        decision = _by_rules(snap, keys, region, source, allowed, notes)
        if decision is not None:
            return decision
    elif not keys:
        notes.append("kein Leistungsschlüssel")

    tenant_id = sender_tenant_id or _tenant_of_region(snap, region or ars, notes)
    if tenant_id is not None:
        tenant_name = snap.tenant_names.get(tenant_id, str(tenant_id))
        default = snap.default_unit.get(tenant_id)
        why = "; ".join(notes)
        if default is not None:
            unit = snap.units[default]
            return Decision(
                Step.TENANT,
                f"{why} → Standard-Organisationseinheit von {tenant_name}: {unit.name}",
                org_unit_id=unit.id,
                tenant_id=tenant_id,
                region_ars=region,
                notes=tuple(notes),
            )
        return Decision(
            Step.TENANT,
            f"{why} → Posteingang von {tenant_name} (keine Standard-Organisationseinheit)",
            tenant_id=tenant_id,
            region_ars=region,
            in_clearing=True,
            notes=tuple(notes),
        )
    return Decision(
        Step.CLEARING,
        "; ".join(notes) + " → Clearingstelle des Landes",
        region_ars=region,
        in_clearing=True,
        notes=tuple(notes),
    )


def _unit_by_oe_id(snap: Snapshot, oe_id: str) -> UnitInfo | None:
    pk = snap.unit_by_oe_id.get(oe_id)
    return snap.units.get(pk) if pk is not None else None


def _oe_note(oe_id: str, unit: UnitInfo | None, allowed: Any) -> str:
    if unit is None:
        return f"OrganisationsEinheitID {oe_id} unbekannt"
    if not unit.usable:
        return f"OrganisationsEinheitID {oe_id} ({unit.label}) ist inaktiv"
    return f"OrganisationsEinheitID {oe_id} gehört nicht zum Mandanten des Absenders"


def _region(snap: Snapshot, ars: str, form_data: object, notes: list[str]) -> tuple[str, str]:
    """The most specific known region of the submission and where it came from."""
    if ars:
        known = _known_region(snap, ars)
        if known:
            return known, f"ARS {ars}"
        notes.append(f"Regionalschlüssel {ars} unbekannt")
    for name, value in _region_fields(form_data):
        known = _known_region(snap, value)
        if known:
            return known, f"Formularfeld „{name}“ = {value}"
        notes.append(f"Formularfeld „{name}“ = {value} ist keine bekannte Region")
    if not ars:
        notes.append("kein Regionalschlüssel")
    return "", ""


def _known_region(snap: Snapshot, key: str) -> str:
    key = key.strip()
    if len(key) == 12 and key in snap.regions:
        return key
    if len(key) == 8 and key in snap.ars_by_ags:
        return snap.ars_by_ags[key]
    if len(key) == 9 and key + "000" in snap.regions:  # a Gemeindeverband key
        return key + "000"
    return ""


def _region_fields(form_data: object) -> Iterable[tuple[str, str]]:
    names = {n.lower() for n in settings.OPENVORGANG_ROUTING_REGION_FIELDS}
    stack = list(reversed(form_data)) if isinstance(form_data, list) else []
    while stack:
        item = stack.pop()
        if not isinstance(item, dict):
            continue
        name = str(item.get("name", ""))
        value = item.get("value")
        if name.lower() in names and isinstance(value, str | int) and str(value).isdigit():
            yield name, str(value)
        children = item.get("items")
        if isinstance(children, list):
            stack.extend(reversed(children))


def _by_rules(
    snap: Snapshot,
    keys: list[str],
    region: str,
    source: str,
    allowed: Any,
    notes: list[str],
) -> Decision | None:
    lineage = snap.lineage(region)
    for key in keys:
        for level in lineage:
            rules = snap.rules.get((key, level))
            if not rules:
                continue
            usable = [r for r in rules if allowed(snap.units[r.unit_id].tenant_id)]
            if not usable:
                notes.append(
                    f"Regel für LeiKa {key} in {_region_label(snap, level)} führt zu einem "
                    "anderen Mandanten als dem des Absenders"
                )
                break
            unit_ids = list(dict.fromkeys(r.unit_id for r in usable))
            if len(unit_ids) == 1:
                unit = snap.units[unit_ids[0]]
                rule = usable[0]
                return Decision(
                    Step.RULE,
                    f"LeiKa {key} + {source} → {unit.label}, "
                    f"nach Zuständigkeitsregel #{rule.id} ({_region_label(snap, level)})",
                    org_unit_id=unit.id,
                    tenant_id=unit.tenant_id,
                    rule_id=rule.id,
                    region_ars=region,
                    notes=tuple(notes),
                )
            candidates = tuple(
                {
                    "orgUnitId": u.id,
                    "name": u.label,
                    "ruleId": next(r.id for r in usable if r.unit_id == u.id),
                }
                for u in (snap.units[i] for i in unit_ids)
            )
            tenants = {snap.units[i].tenant_id for i in unit_ids}
            names = " und ".join(f"{c['name']} (Regel #{c['ruleId']})" for c in candidates)
            tenant_id = next(iter(tenants)) if len(tenants) == 1 else None
            where = (
                f"Posteingang von {snap.tenant_names[tenant_id]}"
                if tenant_id is not None
                else "Clearingstelle des Landes"
            )
            return Decision(
                Step.CLEARING,
                f"LeiKa {key} + {source}: mehrdeutig, zuständig sind {names} → {where}",
                tenant_id=tenant_id,
                region_ars=region,
                in_clearing=True,
                candidates=candidates,
                notes=tuple(notes),
            )
        else:
            notes.append(
                f"keine Zuständigkeitsregel für LeiKa {key} in "
                f"{_region_label(snap, region)} oder darüber"
            )
    return None


def _region_label(snap: Snapshot, ars: str) -> str:
    info = snap.regions.get(ars)
    return f"{info.name} ({ars})" if info else ars


def _tenant_of_region(snap: Snapshot, ars: str, notes: list[str]) -> int | None:
    """The tenant whose ARS is the region's, or that of the Amt administering the Gemeinde."""
    if not ars:
        return None
    candidates = [ars]
    info = snap.regions.get(ars)
    if info is not None and info.parent_ars:
        parent = snap.regions.get(info.parent_ars)
        if parent is not None and parent.kind == "amt":
            candidates.append(parent.ars)
    for key in candidates:
        tenants = snap.tenants_by_ars.get(key, ())
        if len(tenants) == 1:
            return tenants[0]
        if len(tenants) > 1:
            notes.append(f"mehrere Mandanten mit ARS {key}")
            return None
    return None
