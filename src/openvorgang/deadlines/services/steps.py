"""The caseworker's steps on a deadline: the completeness date, Hemmung and its end, the one
extension. Each writes a history entry through the case's write path, so the version check
and the Verlauf hold for them as for every other change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.models import User
from openvorgang.cases.errors import ActionForbidden, ActionNotAllowed, CaseNotFound, InvalidInput
from openvorgang.cases.log import case_log
from openvorgang.cases.models import Case, EventKind
from openvorgang.cases.policy import Capability, allows, roles_for_case, state_allows
from openvorgang.cases.services import check_version
from openvorgang.cases.services.core import write_change
from openvorgang.deadlines.models import CaseDeadline, DeadlinePause, DeadlineState
from openvorgang.deadlines.services.core import list_due, refresh, start_day
from openvorgang.directory.models import DeadlineUnit
from openvorgang.lib import deadlines as arithmetic
from openvorgang.mailbox.services import message_send

MAX_REASON = 300
MAX_EXTENSION_REASON = 2000


def _check(case: Case, actor: User, expected_version: int | None) -> CaseDeadline:
    roles = roles_for_case(actor, case)
    if not roles:
        raise CaseNotFound()
    check_version(case, expected_version)
    if not allows(roles, Capability.DEADLINE):
        raise ActionForbidden(gettext("Die Bearbeitungsfrist führt die Sachbearbeitung."))
    if not state_allows(case, Capability.DEADLINE):
        raise ActionNotAllowed(
            gettext("Die Bearbeitungsfrist ist beendet: der Vorgang ist nicht mehr in Bearbeitung.")
        )
    deadline = (
        CaseDeadline.objects.select_for_update().select_related("rule").filter(case=case).first()
    )
    if deadline is None:
        raise ActionNotAllowed(gettext("Für diesen Vorgang läuft keine Bearbeitungsfrist."))
    return deadline


def _day(value: dt.date, *, label: str, not_before: dt.date) -> dt.date:
    today = timezone.localdate()
    if value > today:
        raise InvalidInput(
            gettext("„%(label)s“ darf nicht in der Zukunft liegen.") % {"label": label}
        )
    if value < not_before:
        raise InvalidInput(
            gettext("„%(label)s“ darf nicht vor dem %(day)s liegen.")
            % {"label": label, "day": not_before.strftime("%d.%m.%Y")}
        )
    return value


def _record(
    case: Case,
    deadline: CaseDeadline,
    *,
    actor: User,
    action: str,
    before: dict[str, Any],
    reason: str = "",
) -> None:
    """Store the deadline, mirror it on the case and write the history entry."""
    deadline.save()
    write_change(
        case,
        actor=actor,
        changes={"due_on": list_due(deadline)},
        kind=EventKind.DEADLINE,
        action=action,
        before=before,
        after=_facts(deadline),
        reason=reason,
    )


def _facts(deadline: CaseDeadline) -> dict[str, Any]:
    return {
        "state": deadline.state,
        "due_on": deadline.due_on.isoformat() if deadline.due_on else None,
    }


def deadline_complete(
    *, case: Case, actor: User, on: dt.date, expected_version: int | None = None
) -> CaseDeadline:
    """The documents are complete since ``on`` ("Unterlagen vollständig"): a deadline that
    counts from completeness starts to run."""
    with transaction.atomic():
        deadline = _check(case, actor, expected_version)
        if deadline.complete_on is not None:
            raise ActionNotAllowed(
                gettext("Die Vollständigkeit ist schon zum %(day)s festgestellt.")
                % {"day": deadline.complete_on.strftime("%d.%m.%Y")}
            )
        if deadline.pauses.filter(ended_on__isnull=True).exists():
            raise ActionNotAllowed(
                gettext("Die Frist ist gehemmt; zuerst die Hemmung beenden (Unterlagen da?).")
            )
        before = _facts(deadline)
        deadline.complete_on = _day(
            on, label=gettext("Vollständig seit"), not_before=deadline.received_on
        )
        deadline.complete_by_name = actor.display_name
        refresh(deadline)
        _record(case, deadline, actor=actor, action="vollstaendig", before=before)
    return deadline


def deadline_pause(
    *,
    case: Case,
    actor: User,
    on: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> DeadlinePause:
    """Hemmung: the clock stops from ``on`` while the authority waits for the applicant."""
    text = (reason or "").strip()
    if not text:
        raise InvalidInput(gettext("Bitte den Grund der Hemmung angeben."))
    if len(text) > MAX_REASON:
        raise InvalidInput(
            gettext("Der Grund ist länger als %(max)d Zeichen.") % {"max": MAX_REASON}
        )
    with transaction.atomic():
        deadline = _check(case, actor, expected_version)
        if deadline.state != DeadlineState.RUNNING:
            raise ActionNotAllowed(
                gettext("Hemmen lässt sich nur eine laufende Frist (sie ist %(state)s).")
                % {"state": deadline.get_state_display()}
            )
        start = start_day(deadline)
        assert start is not None
        last = deadline.pauses.order_by("-ended_on").values_list("ended_on", flat=True).first()
        earliest = max(start, last) if last else start
        day = _day(on, label=gettext("Gehemmt seit"), not_before=earliest)
        if deadline.due_on is not None and day > deadline.due_on:
            raise ActionNotAllowed(
                gettext("Die Frist ist am %(day)s abgelaufen; sie lässt sich nicht mehr hemmen.")
                % {"day": deadline.due_on.strftime("%d.%m.%Y")}
            )
        before = _facts(deadline)
        pause = DeadlinePause.objects.create(
            deadline=deadline, started_on=day, reason=text, started_by_name=actor.display_name
        )
        refresh(deadline)
        _record(case, deadline, actor=actor, action="gehemmt", before=before, reason=text)
    return pause


def deadline_resume(
    *, case: Case, actor: User, on: dt.date, expected_version: int | None = None
) -> CaseDeadline:
    """The clock runs again from ``on`` (e.g. the applicant's reply came in)."""
    with transaction.atomic():
        deadline = _check(case, actor, expected_version)
        pause = deadline.pauses.filter(ended_on__isnull=True).first()
        if pause is None:
            raise ActionNotAllowed(gettext("Die Frist ist nicht gehemmt."))
        before = _facts(deadline)
        pause.ended_on = _day(on, label=gettext("Läuft wieder seit"), not_before=pause.started_on)
        pause.ended_by_name = actor.display_name
        pause.save(update_fields=["ended_on", "ended_by_name"])
        refresh(deadline)
        _record(case, deadline, actor=actor, action="fortgesetzt", before=before)
    return deadline


def deadline_extend(
    *,
    case: Case,
    actor: User,
    amount: int,
    unit: str,
    reason: str,
    expected_version: int | None = None,
) -> CaseDeadline:
    """The one extension the rule allows (§ 42a (2) sentence 3 VwVfG: "angemessen, wenn es
    wegen der Schwierigkeit der Angelegenheit gerechtfertigt ist"), before the deadline ends;
    the reason goes to the applicant through the case's channel in the same step."""
    text = (reason or "").strip()
    if not text:
        raise InvalidInput(gettext("Eine Verlängerung braucht eine Begründung."))
    if len(text) > MAX_EXTENSION_REASON:
        raise InvalidInput(
            gettext("Die Begründung ist länger als %(max)d Zeichen.")
            % {"max": MAX_EXTENSION_REASON}
        )
    if unit not in DeadlineUnit.values or not 1 <= amount <= 3660:
        raise InvalidInput(gettext("Bitte die Verlängerung in Tagen, Wochen oder Monaten angeben."))
    with transaction.atomic():
        deadline = _check(case, actor, expected_version)
        if not deadline.rule.extension_allowed:
            raise ActionNotAllowed(
                gettext("Die Fristregel dieser Leistung erlaubt keine Verlängerung.")
            )
        if deadline.extended:
            raise ActionNotAllowed(gettext("Die Frist wurde schon einmal verlängert."))
        if deadline.state == DeadlineState.WAITING:
            raise ActionNotAllowed(
                gettext("Die Frist läuft noch nicht (Unterlagen unvollständig).")
            )
        today = timezone.localdate()
        if deadline.due_on is not None and today > deadline.due_on:
            raise ActionNotAllowed(
                gettext(
                    "Die Frist ist am %(day)s abgelaufen; verlängern lässt sie sich nur vorher."
                )
                % {"day": deadline.due_on.strftime("%d.%m.%Y")}
            )
        before = _facts(deadline)
        deadline.extension_amount, deadline.extension_unit = amount, unit
        deadline.extension_reason = text
        deadline.extended_on = today
        deadline.extended_by_name = actor.display_name
        refresh(deadline)
        _record(case, deadline, actor=actor, action="verlaengert", before=before, reason=text)
        message_send(
            case=case,
            actor=actor,
            subject=gettext("Verlängerung der Bearbeitungsfrist"),
            text=_extension_letter(deadline, text),
        )
    return deadline


def _extension_letter(deadline: CaseDeadline, reason: str) -> str:
    duration = arithmetic.Duration(
        deadline.extension_amount or 1, arithmetic.Unit(deadline.extension_unit)
    )
    values = {
        "number": deadline.case.number,
        "duration": duration.label(),
        "due": deadline.due_on.strftime("%d.%m.%Y") if deadline.due_on else "–",
        "reason": reason,
    }
    text = (
        gettext(
            "Guten Tag,\n\nfür Ihren Antrag (Vorgang %(number)s) verlängern wir die "
            "Bearbeitungsfrist "
            "um %(duration)s. Die Frist endet nun am %(due)s.\n\nBegründung: %(reason)s"
        )
        % values
    )
    if deadline.rule.fiction:
        text += "\n\n" + gettext(
            "Die Verlängerung gilt auch für die Frist, nach deren Ablauf die beantragte "
            "Genehmigung als erteilt gilt (§ 42a Abs. 2 VwVfG)."
        )
    return text + "\n\n" + gettext("Mit freundlichen Grüßen")


def deadline_resume_on_answer(*, case: Case, pause: DeadlinePause, by_name: str) -> bool:
    """The applicant answered the request that stopped the clock: it runs again from today
    (the day the answer came). Nothing happens if that pause has ended meanwhile (a
    caseworker resumed it) or the deadline ended. Returns whether the clock was restarted."""
    with transaction.atomic():
        deadline = (
            CaseDeadline.objects.select_for_update()
            .select_related("rule")
            .filter(case=case)
            .first()
        )
        current = DeadlinePause.objects.filter(pk=pause.pk, ended_on__isnull=True).first()
        if deadline is None or current is None or deadline.state != DeadlineState.PAUSED:
            return False
        before = _facts(deadline)
        current.ended_on = max(timezone.localdate(), current.started_on)
        current.ended_by_name = by_name[:300]
        current.save(update_fields=["ended_on", "ended_by_name"])
        refresh(deadline)
        deadline.save()
        Case.objects.filter(pk=case.pk).update(due_on=list_due(deadline))
        case_log(
            case=case,
            kind=EventKind.DEADLINE,
            action="fortgesetzt",
            actor_name=by_name,
            after={**_facts(deadline), "before": before},
        )
    return True
