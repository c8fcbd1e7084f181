"""Deadlines in the demo: the Land's rules for the demo services (marked as demo rules, not
legal advice), one tenant's own rule, and cases in every deadline state: running, waiting
for completeness, paused (some resumed), extended, due soon, overdue and with the
Genehmigungsfiktion reached."""

from __future__ import annotations

import datetime as dt
import io
import random
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone

from openvorgang.accounts.models import User
from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import Case, CaseStatus
from openvorgang.deadlines.checks import deadline_check
from openvorgang.deadlines.feed import process_feed
from openvorgang.deadlines.models import CaseDeadline, DeadlineState
from openvorgang.deadlines.services import deadline_complete, deadline_extend
from openvorgang.demo import pdf
from openvorgang.directory.deadline_rules import RuleValues, rule_replace
from openvorgang.directory.models import Service
from openvorgang.document_requests.models import DocumentRequest, RequestableDocument
from openvorgang.document_requests.services import request_answer, request_create
from openvorgang.tenants.models import Tenant

DEMO = "Demo-Regel"
# LeiKa key → (amount, unit, starts, fiction, extension), the Land's rule
RULES: dict[str, tuple[int, str, str, bool, bool]] = {
    "99050012104000": (3, "tage", "eingang", False, False),  # Gewerbe Anmeldung
    "99050012071000": (3, "tage", "eingang", False, False),  # Gewerbe Ummeldung
    "99093003001000": (1, "monate", "eingang", False, True),  # Baumfällgenehmigung
    "99108001001000": (2, "wochen", "eingang", False, False),  # Bewohnerparkausweis
    "99107023017000": (6, "wochen", "vollstaendig", False, True),  # Wohngeld
    "99012010001000": (3, "monate", "vollstaendig", True, True),  # Bauvorbescheid
    "99012008001000": (3, "monate", "vollstaendig", True, True),  # Baugenehmigung
    "99089001005000": (4, "wochen", "eingang", False, True),  # Veranstaltung Erlaubnis
    "99025002005000": (3, "monate", "eingang", True, True),  # Gaststättengewerbe Erlaubnis
}
# a tenant's own rule over the Land's (Kiel gives itself six weeks for tree felling)
OWN = ("kiel", "99093003001000", (6, "wochen", "eingang", False, True))
SINCE = dt.datetime(2025, 1, 1, 8, tzinfo=dt.UTC)
# what caseworkers ask for most; every tenant offers these for all its services
DOCUMENTS = [
    "Lageplan",
    "Vollmacht",
    "Personalausweis (Kopie)",
    "Einkommensnachweise der letzten drei Monate",
    "Bauvorlageberechtigung",
    "Mietvertrag",
]

Clock = Callable[[dt.datetime], AbstractContextManager[None]]


def documents_setup() -> None:
    """Every demo tenant's pick list for Nachforderungen."""
    for tenant in Tenant.objects.all():
        for label in DOCUMENTS:
            RequestableDocument.objects.get_or_create(tenant=tenant, service_key="", label=label)


def rules_setup(clock: Clock) -> int:
    """The demo's deadline rules, in force since 1 January 2025 (before every demo case)."""
    services = {s.leika_key: s for s in Service.objects.filter(leika_key__in=RULES)}
    written = 0
    with clock(SINCE):
        for key, (amount, unit, starts, fiction, extension) in RULES.items():
            if key not in services:
                continue
            values = RuleValues(amount, unit, starts, fiction, extension, DEMO)
            written += rule_replace(
                service=services[key], tenant=None, values=values, changed_by_name="Demo"
            )[1]
        slug, key, (amount, unit, starts, fiction, extension) = OWN
        tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is not None and key in services:
            values = RuleValues(amount, unit, starts, fiction, extension, DEMO)
            written += rule_replace(
                service=services[key], tenant=tenant, values=values, changed_by_name="Demo"
            )[1]
    return written


@dataclass
class Staged:
    completed: int = 0
    paused: int = 0
    resumed: int = 0
    extended: int = 0


def stage(case_ids: list[uuid.UUID], *, clock: Clock, rnd: random.Random) -> Staged:
    """Bring the new cases' deadlines in line, then work on some of them as caseworkers
    would: completeness, Hemmung (half of them resumed), one extension; then the daily
    check marks fictions and sends warnings."""
    while process_feed():
        pass
    staged = Staged()
    today = timezone.localdate()
    rows = (
        CaseDeadline.objects.filter(case_id__in=case_ids)
        .exclude(state=DeadlineState.ENDED)
        .select_related("case", "case__assignee", "rule")
        .order_by("case__number")
    )
    for deadline in rows:
        case, worker = deadline.case, deadline.case.assignee
        if worker is None or case.status != CaseStatus.IN_BEARBEITUNG:
            continue
        if deadline.state == DeadlineState.WAITING and rnd.random() < 0.7:
            day = min(deadline.received_on + dt.timedelta(days=rnd.randint(3, 14)), today)
            _as_of(clock, day, partial(deadline_complete, case=case, actor=worker, on=day))
            staged.completed += 1
            deadline.refresh_from_db()
        if deadline.state == DeadlineState.RUNNING and deadline.due_on and rnd.random() < 0.12:
            staged.paused, staged.resumed = _pause(
                deadline, case, worker, clock, rnd, today, staged.paused, staged.resumed
            )
        elif (
            deadline.state == DeadlineState.RUNNING
            and deadline.rule.extension_allowed
            and deadline.due_on
            and 0 <= (deadline.due_on - today).days <= 10
            and staged.extended < 3
        ):
            _as_of(
                clock,
                today - dt.timedelta(days=1),
                partial(
                    deadline_extend,
                    case=_fresh(case),
                    actor=worker,
                    amount=1,
                    unit="monate",
                    reason="Die Stellungnahme einer beteiligten Stelle steht noch aus.",
                ),
            )
            staged.extended += 1
    deadline_check(today=today)
    return staged


def _pause(
    deadline: CaseDeadline,
    case: Case,
    worker: User,
    clock: Clock,
    rnd: random.Random,
    today: dt.date,
    paused: int,
    resumed: int,
) -> tuple[int, int]:
    assert deadline.due_on is not None
    start = deadline.complete_on or deadline.received_on
    last = min(today, deadline.due_on)
    if last <= start:
        return paused, resumed
    day = start + dt.timedelta(days=rnd.randint(1, (last - start).days))
    # a Nachforderung that stops the clock; half of the applicants have answered since
    items = rnd.sample(DOCUMENTS, 2)
    _as_of(
        clock,
        day,
        partial(
            request_create,
            case=_fresh(case),
            actor=worker,
            items=items,
            reply_by=day + dt.timedelta(days=14),
            pause=True,
        ),
    )
    if rnd.random() < 0.5 and day < today:
        back = min(day + dt.timedelta(days=rnd.randint(3, 21)), today)
        request = DocumentRequest.objects.filter(case=case).latest("created_at")
        files = {
            item.pk: IncomingFile(
                io.BytesIO(pdf.letter_pdf(title=item.label, lines=[case.applicant_name])),
                f"{item.label}.pdf",
            )
            for item in request.items.all()
        }
        _as_of(
            clock, back, partial(request_answer, case=_fresh(case), request=request, files=files)
        )
        return paused, resumed + 1
    return paused + 1, resumed


def _fresh(case: Case) -> Case:
    case.refresh_from_db()
    return case


def _as_of(clock: Clock, day: dt.date, step: Callable[[], object]) -> None:
    moment = dt.datetime.combine(day, dt.time(11), tzinfo=timezone.get_current_timezone())
    with clock(min(moment, timezone.now() - dt.timedelta(minutes=30))), transaction.atomic():
        step()


def summary() -> dict[str, int]:
    """Open deadlines by what the list shows of them."""
    today = timezone.localdate()
    open_ = CaseDeadline.objects.exclude(state=DeadlineState.ENDED)
    running = open_.filter(state=DeadlineState.RUNNING)
    return {
        "laufend": running.filter(due_on__gt=today + dt.timedelta(days=14)).count(),
        "bald fällig": running.filter(
            due_on__gte=today, due_on__lte=today + dt.timedelta(days=14)
        ).count(),
        "überfällig": running.filter(due_on__lt=today, fiction_on__isnull=True).count(),
        "Genehmigungsfiktion": open_.filter(fiction_on__isnull=False).count(),
        "gehemmt": open_.filter(state=DeadlineState.PAUSED).count(),
        "wartet auf Unterlagen": open_.filter(state=DeadlineState.WAITING).count(),
    }
