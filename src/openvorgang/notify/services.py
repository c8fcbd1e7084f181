"""Turning what happens to cases into notifications. A job reads the case history after its
cursor (new cases, assignments), so intake and case changes pay nothing for it; a daily job
sends each person one digest of due follow-ups. Each notice is an in-app item (the unread badge)
and, if the person wants it, an email through the outbox with the case number and a link, never
form content."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from openvorgang.absences.selectors import absent as absent_today
from openvorgang.absences.selectors import substitutes_for
from openvorgang.accounts.models import Role, User
from openvorgang.cases.models import Case, CaseEvent, EventKind
from openvorgang.cases.policy import can_see_case
from openvorgang.casework.models import FollowUp
from openvorgang.mailbox.models import Direction, Message
from openvorgang.notify import feeds
from openvorgang.notify.models import Notice, NoticeKind, Setting
from openvorgang.outbox.services import delivery_enqueue

BATCH = 500
FEED = "case-events"
MESSAGES = "applicant-messages"


def setting_for(user: User) -> Setting:
    setting, _ = Setting.objects.get_or_create(user=user)
    return setting


def _link(case: Case) -> str:
    return settings.BASE_URL.rstrip("/") + reverse("cases:detail", args=[case.pk])


def _email(user_or_address: User | str, subject: str, lines: Iterable[str], case: Case) -> None:
    address = user_or_address if isinstance(user_or_address, str) else user_or_address.email
    if not address:
        return
    delivery_enqueue(
        transport="email",
        target=address,
        payload={"subject": subject, "body": "\n".join([*lines, "", "– OpenVorgang"])},
        case=case,
        max_attempts=8,
    )


def process_feed(*, limit: int = BATCH) -> int:
    """Notify about case history entries after the cursor; returns how many were read."""
    rows = CaseEvent.objects.filter(
        kind__in=[EventKind.CREATED, EventKind.ASSIGNED]
    ).select_related("case", "case__org_unit")
    with feeds.batch(FEED, rows, limit=limit) as events:
        for event in events:
            if event.kind == EventKind.CREATED:
                _new_case(event.case)
            elif event.kind == EventKind.ASSIGNED:
                _assigned(event)
    return len(events)


def process_messages(*, limit: int = BATCH) -> int:
    """Notify about applicant replies after the cursor: the assignee, or (unassigned) the org
    unit's caseworkers and the mail room."""

    rows = Message.objects.filter(direction=Direction.IN).select_related("case", "case__assignee")
    with feeds.batch(MESSAGES, rows, limit=limit) as replies:
        for reply in replies:
            case = reply.case
            people = _with_cover(case.assignee) if case.assignee else _members(case)
            for user in people:
                if user is None or not user.is_active:
                    continue
                setting = setting_for(user)
                if not setting.assigned:
                    continue
                _notice(user, case, NoticeKind.MESSAGE)
                if setting.by_email:
                    _email(
                        user,
                        f"Neue Nachricht zu {case.number}",
                        [f"Zum Vorgang {case.number} ist eine Antwort eingegangen.", _link(case)],
                        case,
                    )
    return len(replies)


def _with_cover(user: User) -> list[User]:
    """``user`` and whoever covers for them today (Vertretung): the notices reach both."""
    return [user, *(s for s in substitutes_for(user.pk) if s.pk != user.pk)]


def _members(case: Case) -> list[User]:
    """Who hears of a new case: the org unit's caseworkers, and the tenant's mail room."""
    if case.tenant_id is None:
        return []
    people: dict[int, User] = {}
    if case.org_unit_id is not None:
        for user in User.objects.filter(
            tenant_id=case.tenant_id, is_active=True, org_units=case.org_unit_id
        ):
            if Role.SACHBEARBEITUNG in user.roles:
                people[user.pk] = user
    for user in User.objects.filter(tenant_id=case.tenant_id, is_active=True):
        if Role.POSTSTELLE in user.roles:
            people[user.pk] = user
    return list(people.values())


def _new_case(case: Case) -> None:
    subject = f"Neuer Antrag {case.number}"
    lines = [
        f"Neuer Antrag {case.number}"
        + (f" für {case.org_unit.name}" if case.org_unit else "")
        + f", eingegangen am {timezone.localtime(case.received_at):%d.%m.%Y %H:%M}.",
        _link(case),
    ]
    if case.org_unit is not None and case.org_unit.email:
        _email(case.org_unit.email, subject, lines, case)
    for user in _members(case):
        setting = setting_for(user)
        if setting.new_cases:
            _notice(user, case, NoticeKind.NEW_CASE)
            if setting.by_email:
                _email(user, subject, lines, case)


def _assigned(event: CaseEvent) -> None:
    person = (event.after.get("assignee") or {}).get("id")
    if not person or person == event.actor_id:
        return
    assignee = User.objects.filter(pk=person, is_active=True).first()
    if assignee is None:
        return
    for user in _with_cover(assignee):
        setting = setting_for(user)
        if not setting.assigned:
            continue
        _notice(user, event.case, NoticeKind.ASSIGNED)
        if setting.by_email:
            whom = "Ihnen" if user.pk == assignee.pk else f"{assignee.display_name} (Vertretung)"
            _email(
                user,
                f"Vorgang {event.case.number} {whom} zugewiesen",
                [
                    f"{event.actor_name} hat {whom} den Vorgang {event.case.number} zugewiesen.",
                    _link(event.case),
                ],
                event.case,
            )


def _notice(user: User, case: Case, kind: str) -> None:
    Notice.objects.create(
        user=user, case=case, case_number=case.number, kind=kind, created_at=timezone.now()
    )


def _unit_caseworkers(case: Case) -> list[User]:
    if case.tenant_id is None or case.org_unit_id is None:
        return []
    return [
        user
        for user in User.objects.filter(
            tenant_id=case.tenant_id, is_active=True, org_units=case.org_unit_id
        )
        if Role.SACHBEARBEITUNG in user.roles
    ]


def deadline_warn(*, case: Case, lines: list[str]) -> int:
    """Tell whoever works on ``case`` that its processing deadline ends soon: the assignee,
    or (unassigned) the org unit's caseworkers and its functional mailbox. Returns how many
    people were told."""
    subject = f"Bearbeitungsfrist {case.number} endet bald"
    body = [*lines, _link(case)]
    people = _with_cover(case.assignee) if case.assignee is not None else _unit_caseworkers(case)
    if case.assignee is None and case.org_unit is not None and case.org_unit.email:
        _email(case.org_unit.email, subject, body, case)
    told = 0
    for user in people:
        if user is None or not user.is_active:
            continue
        setting = setting_for(user)
        if not setting.deadlines:
            continue
        _notice(user, case, NoticeKind.DEADLINE)
        if setting.by_email:
            _email(user, subject, body, case)
        told += 1
    return told


def follow_up_digest() -> int:
    """One email (and in-app notices) per person with follow-ups due today or overdue."""
    today = timezone.localdate()
    due: dict[int, list[FollowUp]] = defaultdict(list)
    for follow_up in (
        FollowUp.objects.filter(done_at__isnull=True, due_on__lte=today, assignee__isnull=False)
        .select_related("case", "assignee")
        .order_by("due_on")
    ):
        due[follow_up.assignee_id].append(follow_up)  # type: ignore[index]
    # whoever covers for an absent person gets that person's due follow-ups too
    absent = absent_today(list(due))
    for person_id, absence in absent.items():
        due[absence.substitute_id].extend(
            f for f in due[person_id] if can_see_case(absence.substitute, f.case)
        )
    sent = 0
    people = {u.pk: u for u in User.objects.filter(pk__in=list(due))}
    for person_id, items in due.items():
        user = people.get(person_id)
        if user is None:
            continue
        setting = setting_for(user)
        if not user.is_active or not setting.follow_ups:
            continue
        with transaction.atomic():
            for follow_up in items:
                _notice(user, follow_up.case, NoticeKind.FOLLOW_UP)
            if setting.by_email and user.email:
                lines = [f"Fällige Wiedervorlagen am {today:%d.%m.%Y}:", ""]
                lines += [f"- {f.due_on:%d.%m.%Y} {f.case.number}: {_link(f.case)}" for f in items]
                _email(user, f"{len(items)} fällige Wiedervorlagen", lines, items[0].case)
        sent += 1
    return sent


def mark_read(user: User, notice_ids: list[int] | None = None) -> None:
    notices = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        notices = notices.filter(pk__in=notice_ids)
    notices.update(read_at=timezone.now())
