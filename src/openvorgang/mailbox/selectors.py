"""Reads of the case mailbox."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from openvorgang.cases.models import Case
from openvorgang.mailbox.delivery import CHANNELS, DeliveryChannel, decision_allowed
from openvorgang.mailbox.models import Direction, DispatchSetting, Message


def dispatch_setting(*, tenant_id: int | None) -> DispatchSetting | None:
    """The tenant's dispatch settings (letterhead, channel order, Bekanntgabe); None for the
    Land's clearing cases and tenants that never saved any (the defaults apply)."""
    if tenant_id is None:
        return None
    return DispatchSetting.objects.filter(tenant_id=tenant_id).first()


def thread(*, case: Case) -> list[Message]:
    return list(
        Message.objects.filter(case=case)
        .prefetch_related("files__case_file")
        .order_by("created_at", "id")
    )


def unread_case_ids_query() -> QuerySet[Message, Any]:
    """Cases with replies no caseworker has seen yet (partial index message_unread)."""
    return Message.objects.filter(direction=Direction.IN, read_at__isnull=True).values("case_id")


def channel_choices(*, case: Case) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The channels the case can use for messages and for a decision (electronic ones only
    with the applicant's consent), in order, the first of each marked as proposed."""
    found = usable_channels(case)

    def choices(channels: list[Any]) -> list[dict[str, Any]]:
        return [
            {"name": c.name, "label": c.label, "proposed": i == 0} for i, c in enumerate(channels)
        ]

    return choices(found), choices([c for c in found if decision_allowed(case, c)])


def channel_order_for(case: Case) -> list[str]:
    setting = dispatch_setting(tenant_id=case.tenant_id)
    order = (setting.channel_order if setting else None) or settings.OPENVORGANG_DELIVERY_CHANNELS
    return [name for name in order if name in CHANNELS]


def usable_channels(case: Case) -> list[DeliveryChannel]:
    """The channels this case can use, in the tenant's order."""
    return [
        CHANNELS[name]
        for name in channel_order_for(case)
        if CHANNELS[name].enabled() and CHANNELS[name].offered(case)
    ]


def channel_for(case: Case, *, decision: bool = False) -> DeliveryChannel | None:
    """The channel a message (or, with ``decision``, a decision) goes through; without
    consent a decision gets the letter."""
    candidates = [c for c in usable_channels(case) if not decision or decision_allowed(case, c)]
    return candidates[0] if candidates else None
