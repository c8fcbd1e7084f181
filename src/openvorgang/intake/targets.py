"""Zuständigkeitsfindung for a submission: where it goes (an org unit, a tenant or the
Land's clearing inbox) and why, from the directory's current snapshot."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.formdata import normalize_form_data
from openvorgang.directory import snapshot
from openvorgang.directory.routing import Decision, Step, route
from openvorgang.lib.keys import is_ars
from openvorgang.tenants.models import OrgUnit, Tenant


@dataclass(frozen=True)
class Target:
    """Where a submission goes (Zuständigkeitsfindung) and why."""

    org_unit: OrgUnit | None
    tenant: Tenant | None
    decision: Decision
    region_key: str = ""

    def case_fields(self) -> dict[str, Any]:
        """The NewCase arguments for this target."""
        return {
            "tenant": self.tenant,
            "org_unit": self.org_unit,
            "region_key": self.region_key,
            "routing": self.decision.as_json(),
            "in_clearing": self.decision.in_clearing,
        }


def target_for(
    *,
    sender_tenant_id: int | None,
    oe_id: str = "",
    ars: str = "",
    leika_keys: Sequence[str] = (),
    form_data: object = None,
) -> Target:
    """Route a submission through the directory (see ``openvorgang.directory.routing``). A
    tenant-bound sender delivers only into its own tenant. Nothing is rejected for an unknown
    target: it lands in a clearing inbox."""
    try:
        items = normalize_form_data(form_data) if form_data is not None else None
    except InvalidInput:
        items = None  # case creation reports the bad form data
    decision = route(
        leika_keys=leika_keys,
        ars=ars,
        oe_id=oe_id,
        form_data=items,
        sender_tenant_id=sender_tenant_id,
    )
    region_key = decision.region_ars or (ars if is_ars(ars) else "")
    version = snapshot.current().version
    if decision.org_unit_id is not None:
        unit = _unit(version, decision.org_unit_id)
        if unit is not None:
            return Target(unit, unit.tenant, decision, region_key)
    elif decision.tenant_id is not None:
        tenant = _tenant(version, decision.tenant_id)
        if tenant is not None:
            return Target(None, tenant, decision, region_key)
    if decision.step != Step.CLEARING:  # the unit or tenant vanished since the snapshot
        decision = Decision(
            Step.CLEARING,
            decision.explanation + " (inzwischen entfernt) → Clearingstelle des Landes",
            in_clearing=True,
            region_ars=decision.region_ars,
        )
    return Target(None, None, decision, region_key)


# The org units and tenants submissions go to, per directory version: the hot few hundred stay
# in memory, so routing a submission costs no query. A directory change is a new version.
@functools.lru_cache(maxsize=2048)
def _unit(version: str, pk: int) -> OrgUnit | None:
    return OrgUnit.objects.select_related("tenant").filter(pk=pk).first()


@functools.lru_cache(maxsize=2048)
def _tenant(version: str, pk: int) -> Tenant | None:
    return Tenant.objects.filter(pk=pk).first()
