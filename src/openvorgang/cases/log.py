"""The history entry for something that happened around a case without changing it. Its own
module, below ``services`` and ``scanning``, because both write such entries."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from openvorgang.accounts.models import User
from openvorgang.cases.models import Case, CaseEvent, EventKind


def case_log(
    *,
    case: Case,
    kind: EventKind,
    actor_name: str,
    after: dict[str, Any],
    actor: User | None = None,
    action: str = "",
    reason: str = "",
) -> CaseEvent:
    """A history entry for something that happened around the case without changing it (an
    export delivered, a receipt from the DMS). The version stays, so caseworkers working on
    the case meanwhile are not interrupted by a conflict."""
    return CaseEvent.objects.create(
        case=case,
        at=timezone.now(),
        actor=actor,
        actor_name=actor_name,
        kind=kind,
        action=action,
        after=after,
        reason=reason,
        case_version=Case.objects.filter(pk=case.pk).values_list("version", flat=True).first()
        or case.version,
    )
