"""Import and export of the directory as CSV or JSON.

An import is checked completely before anything is written: every bad row is reported with its
line (CSV) or position (JSON), and then nothing at all is written. It is idempotent (rows are
matched by their keys: ARS, LeiKa key, OrganisationsEinheitID, and the triple for rules) and
never deletes: a rule is switched off with ``active`` = false. A dry run reports what would
change. CSV files hold one kind each, recognised by the header; JSON holds any of
``regions``, ``services``, ``org_units`` and ``responsibilities``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from openvorgang.directory import snapshot
from openvorgang.directory.import_plan import Plan
from openvorgang.directory.import_rows import COLUMNS, KINDS, ImportError_, Report, read_rows
from openvorgang.directory.models import DeadlineRule, Region, Responsibility, Service
from openvorgang.tenants.models import OrgUnit, Tenant


def import_directory(
    content: bytes,
    *,
    name: str = "",
    dry_run: bool = False,
    tenant: Tenant | None = None,
    actor_name: str = "",
) -> Report:
    """Check the whole file, then write it (unless ``dry_run`` or any row is bad). With
    ``tenant`` (a tenant admin importing), only rules, deadline rules and org units of that
    tenant are allowed. ``actor_name`` signs the deadline rules' history."""
    rows, ignored = read_rows(content, name=name)
    report = Report(dry_run=dry_run, ignored_columns=ignored)
    plan = Plan(report, tenant, actor_name)
    for row in rows:
        if "__error__" in row.data:
            report.error(row, row.data["__error__"])
            continue
        getattr(plan, f"check_{row.kind}")(row)
    plan.check_region_parents()
    if not report.ok:
        return report
    if dry_run:
        plan.apply(write=False)
        return report
    with transaction.atomic():
        plan.apply(write=True)
        snapshot.changed()
    return report


# --- export ---------------------------------------------------------------------------------


def export_rows(kind: str, *, tenant: Tenant | None = None) -> Iterator[dict[str, str]]:
    if kind == "regions":
        for ars, ags, name, rkind, parent in Region.objects.order_by("ars").values_list(
            "ars", "ags", "name", "kind", "parent__ars"
        ):
            yield {"ars": ars, "ags": ags, "name": name, "kind": rkind, "parent_ars": parent or ""}
    elif kind == "services":
        for key, name, group in Service.objects.order_by("leika_key").values_list(
            "leika_key", "name", "group"
        ):
            yield {"leika_key": key, "name": name, "group": group}
    elif kind == "org_units":
        units = OrgUnit.objects.select_related("tenant").order_by("tenant__slug", "oe_id")
        if tenant is not None:
            units = units.filter(tenant=tenant)
        for u in units:
            yield {
                "tenant": u.tenant.slug, "oe_id": u.oe_id, "name": u.name, "email": u.email,
                "default": _flag(u.is_default), "active": _flag(u.active),
            }  # fmt: skip
    elif kind == "responsibilities":
        rules = Responsibility.objects.order_by("pk")
        if tenant is not None:
            rules = rules.filter(org_unit__tenant=tenant)
        for key, ars, oe_id, active, note in rules.values_list(
            "service__leika_key", "region__ars", "org_unit__oe_id", "active", "note"
        ):
            yield {
                "leika_key": key,
                "ars": ars,
                "oe_id": oe_id,
                "active": _flag(active),
                "note": note,
            }
    elif kind == "deadlines":
        yield from _deadline_rows(tenant)
    else:
        raise ImportError_(gettext("Unbekannte Art %(kind)r.") % {"kind": kind})


def _deadline_rows(tenant: Tenant | None) -> Iterator[dict[str, str]]:
    rules = DeadlineRule.objects.filter(valid_until__isnull=True).select_related(
        "service", "tenant"
    )
    if tenant is not None:
        rules = rules.filter(tenant=tenant)
    for r in rules.order_by("service__leika_key", "tenant__slug"):
        yield {
            "leika_key": r.service.leika_key, "tenant": r.tenant.slug if r.tenant else "",
            "amount": str(r.amount), "unit": r.unit, "starts": r.starts,
            "fiction": _flag(r.fiction), "extension": _flag(r.extension_allowed),
            "legal_basis": r.legal_basis, "applies": _flag(r.applies), "note": r.note,
        }  # fmt: skip


def _flag(value: bool) -> str:
    return "true" if value else "false"


def export_json(*, kinds: Iterable[str] = KINDS, tenant: Tenant | None = None) -> dict[str, Any]:
    return {
        "format": "openvorgang-directory/1",
        **{k: list(export_rows(k, tenant=tenant)) for k in kinds},
    }


def export_csv(kind: str, *, tenant: Tenant | None = None) -> str:
    required, optional = COLUMNS[kind]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*required, *optional], lineterminator="\n")
    writer.writeheader()
    for row in export_rows(kind, tenant=tenant):
        writer.writerow(row)
    return out.getvalue()
