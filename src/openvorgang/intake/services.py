"""The one service every intake channel ends in: accept a submission exactly once."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import IntegrityError

from openvorgang.cases import services as case_services
from openvorgang.cases.models import Case
from openvorgang.intake.models import Sender, Submission
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


def target_for(
    *, sender: Sender, oe_id: str, ars: str = ""
) -> tuple[OrgUnit | None, Tenant | None]:
    """Until routing lands: the org unit named by the sender if known (and, for a tenant's own
    sender, of that tenant); else the one active tenant with the given ARS; else the sender's
    tenant without org unit; else the clearing inbox (no tenant). Nothing is rejected for an
    unknown target."""
    if oe_id:
        unit = OrgUnit.objects.select_related("tenant").filter(oe_id=oe_id, active=True).first()
        allowed = unit is not None and sender.tenant_id in (None, unit.tenant_id)
        if unit is not None and allowed and unit.tenant.active:
            return unit, unit.tenant
    if ars:
        tenants = list(Tenant.objects.filter(ars=ars, active=True)[:2])
        if len(tenants) == 1 and sender.tenant_id in (None, tenants[0].pk):
            return None, tenants[0]
    return None, sender.tenant if sender.tenant and sender.tenant.active else None


def submission_accept(
    *,
    sender: Sender,
    channel: str,
    external_id: str,
    data: case_services.NewCase,
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
