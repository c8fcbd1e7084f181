"""The one service every intake channel ends in: accept a submission exactly once."""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError

from openvorgang.cases import incoming
from openvorgang.cases import services as case_services
from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.formdata import normalize_form_data
from openvorgang.cases.models import Case
from openvorgang.directory import snapshot
from openvorgang.directory.routing import Decision, Step, route
from openvorgang.intake.models import Sender, Submission
from openvorgang.lib.keys import is_ars
from openvorgang.ops.metrics import INTAKE
from openvorgang.tenants.models import OrgUnit, Tenant

logger = logging.getLogger(__name__)


class SubmissionGone(Exception):
    """The submission was accepted before, but its case has since been deleted."""


class FingerprintMismatch(Exception):
    """The same submission id arrived again with different content."""


@dataclass(frozen=True)
class Accepted:
    case: Case
    created: bool


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


def submission_accept(
    *,
    sender: Sender,
    channel: str,
    external_id: str,
    data: incoming.NewCase,
    control: dict[str, object],
    fingerprint: str = "",
    on_created: case_services.CreatedHook | None = None,
) -> Accepted:
    """Create the case for a submission, or return the case of the earlier delivery of the
    same submission (also when both arrive at the same moment). ``on_created`` runs in the
    case's transaction after the submission is recorded.

    A repeated delivery is recognised by the unique submission row, not by a lookup first:
    repeats are rare, and the first delivery then costs one query less. A repeat's files are
    stored and removed again with its rolled-back transaction."""

    def record(case: Case) -> None:
        Submission.objects.create(
            sender=sender,
            channel=channel,
            external_id=external_id,
            case=case,
            case_number=case.number,
            control=control,
            fingerprint=fingerprint,
        )
        if on_created is not None:
            on_created(case)

    try:
        case = case_services.case_create(data=data, on_created=record)
    except IntegrityError:
        # A concurrent delivery of the same submission committed first.
        existing = _existing(sender, channel, external_id, fingerprint)
        if existing is None:
            raise
        return Accepted(case=existing, created=False)
    INTAKE.labels(channel).inc()
    return Accepted(case=case, created=True)


def submission_find(
    *, sender: Sender, channel: str, external_id: str, fingerprint: str = ""
) -> Case | None:
    """The case of an earlier delivery of this submission, if any."""
    return _existing(sender, channel, external_id, fingerprint)


def _existing(sender: Sender, channel: str, external_id: str, fingerprint: str) -> Case | None:
    row = (
        Submission.objects.select_related("case")
        .filter(sender=sender, channel=channel, external_id=external_id)
        .first()
    )
    if row is None:
        return None
    if fingerprint and row.fingerprint and row.fingerprint != fingerprint:
        raise FingerprintMismatch(row.case_number)
    if row.case is None:
        raise SubmissionGone(row.case_number)
    return row.case
