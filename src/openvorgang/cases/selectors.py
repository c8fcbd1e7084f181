"""Every read of cases goes through here, scoped to what the user may see
(``openvorgang.cases.policy``). Views and serializers never query cases themselves."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from openvorgang.accounts.models import Role, User
from openvorgang.cases import workflow
from openvorgang.cases.errors import CaseNotFound
from openvorgang.cases.models import (
    Case,
    CaseEvent,
    CaseFile,
    CaseFileKind,
    CaseStatus,
    EventKind,
    ScanStatus,
)
from openvorgang.cases.policy import (
    Capability,
    allows,
    case_roles,
    case_scope_q,
    may,
    roles_for_case,
)
from openvorgang.cases.workflow import TRANSITIONS, Transition
from openvorgang.lib.keyset import SeekPage, seek_page
from openvorgang.lib.registry import Registry
from openvorgang.tenants.models import OrgUnit

T = TypeVar("T")

# Columns a list row needs; the wide columns (form data, applicant details) stay on disk.
LIST_COLUMNS = (
    "id",
    "number",
    "tenant_id",
    "org_unit__name",
    "org_unit_id",
    "service_key",
    "service_name",
    "form_name",
    "channel",
    "received_at",
    "applicant_name",
    "file_number",
    "assignee_id",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
    "assignee_name",
    "status",
    "status_since",
    "due_on",
    "version",
)


def cases_visible_to(user: User) -> QuerySet[Case]:
    """All cases ``user`` may see. The root of every case read."""
    scope = case_scope_q(user)
    if scope is None:
        return Case.objects.none()
    return Case.objects.filter(scope)


@dataclass(frozen=True)
class CaseFilters:
    view: str = ""  # one of LIST_VIEWS
    newest_first: bool = True  # the sort's direction: descending
    sort: str = "eingang"  # one of SORTS
    status: tuple[str, ...] = ()
    org_unit_id: int | None = None
    assignee: str | None = None  # "me", "none" or a user id
    service_key: str | None = None
    channel: str | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None


@dataclass(frozen=True)
class ListView:
    """A list caseworkers switch to (``?ansicht=name``): its tab label, its place among the
    tabs, and how it narrows the visible cases. Views that need an app above ``cases``
    (follow-ups, messages) are registered by that app's ``AppConfig.ready``."""

    label: str
    order: int
    narrow: Callable[[QuerySet[Case], User], QuerySet[Case]]


LIST_VIEWS: Registry[ListView] = Registry("case list view")


def list_views() -> dict[str, str]:
    """Name → label of the list views, in tab order."""
    ordered = sorted(LIST_VIEWS, key=lambda name: LIST_VIEWS[name].order)
    return {name: LIST_VIEWS[name].label for name in ordered}


LIST_VIEWS.add(
    "neu", ListView(gettext_noop("Neu"), 10, lambda q, u: q.filter(status=CaseStatus.NEU))
)
LIST_VIEWS.add(
    "meine",
    ListView(
        gettext_noop("Meine"),
        20,
        lambda q, u: q.filter(assignee_id=u.pk).exclude(status__in=workflow.INACTIVE),
    ),
)
LIST_VIEWS.add("alle", ListView(gettext_noop("Alle"), 30, lambda q, u: q))
LIST_VIEWS.add(
    "zu_loeschen",
    ListView(gettext_noop("Zu löschen"), 90, lambda q, u: q.filter(status=CaseStatus.ZU_LOESCHEN)),
)
COUNT_CAP = 1000


def _view(queryset: QuerySet[Case], *, user: User, view: str) -> QuerySet[Case]:
    known = LIST_VIEWS.get(view)
    return queryset if known is None else known.narrow(queryset, user)


def kept_for_lists(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept under ``key`` for OPENVORGANG_LIST_COUNT_CACHE_SECONDS (the list's
    counts may lag that long behind; 0 computes every time)."""
    seconds = settings.OPENVORGANG_LIST_COUNT_CACHE_SECONDS
    if seconds > 0 and (cached := cache.get(key)) is not None:
        return cast(T, cached)
    value = compute()
    if seconds > 0:
        cache.set(key, value, timeout=seconds)
    return value


def view_counts(*, user: User) -> dict[str, int]:
    """Cases per view, each counted up to COUNT_CAP + 1 (shown as "1000+"): a bounded cost
    on any table size, never an exact COUNT(*) over millions of rows. Kept per user
    (``kept_for_lists``)."""

    def count() -> dict[str, int]:
        base = cases_visible_to(user)
        return {
            view: _view(base, user=user, view=view).values("pk")[: COUNT_CAP + 1].count()
            for view in list_views()
        }

    return dict(kept_for_lists(f"view-counts:{user.pk}:{user.tenant_id}", count))


# The list's sortable columns (URL value → model fields). Each ends with received_at and id,
# so that equal values keep the newest-first order, and each has its index (Case.Meta).
SORTS: dict[str, tuple[str, ...]] = {
    "eingang": ("received_at", "id"),
    "status": ("status", "received_at", "id"),
    "leistung": ("service_name", "received_at", "id"),
    "antragsteller": ("applicant_name", "received_at", "id"),
    "bearbeitung": ("assignee_name", "received_at", "id"),
    # cases without a running deadline come after those with one (going up)
    "frist": ("due_on", "received_at", "id"),
}
NULLABLE_SORT_FIELDS = frozenset({"due_on"})


def case_list(
    *, user: User, filters: CaseFilters, cursor: str | None = None, limit: int | None = None
) -> SeekPage[Case]:
    """One page of the user's cases in the chosen sort, forward or back from ``cursor``
    (seek pagination: constant cost at any depth, no COUNT)."""
    queryset = _filtered(cases_visible_to(user), user=user, filters=filters)
    queryset = queryset.select_related("org_unit", "assignee").only(*LIST_COLUMNS)
    size = min(limit or settings.OPENVORGANG_LIST_PAGE_SIZE, 200)
    return seek_page(
        queryset,
        fields=SORTS.get(filters.sort, SORTS["eingang"]),
        cursor=cursor,
        limit=size,
        descending=filters.newest_first,
        nullable=NULLABLE_SORT_FIELDS,
    )


def case_count_capped(*, user: User, filters: CaseFilters) -> int:
    """How many cases the filter finds, counted up to COUNT_CAP + 1 ("mehr als 1.000").
    A bare view is its view count; any other filter is kept per user like the view counts
    (OPENVORGANG_LIST_COUNT_CACHE_SECONDS)."""
    unsorted = replace(filters, sort="eingang", newest_first=True)
    if unsorted == CaseFilters(view=unsorted.view) and unsorted.view in LIST_VIEWS:
        return view_counts(user=user)[unsorted.view]
    digest = hashlib.sha256(repr(unsorted).encode()).hexdigest()[:32]

    def count() -> int:
        queryset = _filtered(cases_visible_to(user), user=user, filters=unsorted)
        return queryset.values("pk")[: COUNT_CAP + 1].count()

    return kept_for_lists(f"case-count:{user.pk}:{user.tenant_id}:{digest}", count)


def _filtered(queryset: QuerySet[Case], *, user: User, filters: CaseFilters) -> QuerySet[Case]:
    queryset = _view(queryset, user=user, view=filters.view)
    if filters.status:
        queryset = queryset.filter(status__in=filters.status)
    if filters.org_unit_id is not None:
        queryset = queryset.filter(org_unit_id=filters.org_unit_id)
    if filters.assignee == "me":
        queryset = queryset.filter(assignee_id=user.pk)
    elif filters.assignee == "none":
        queryset = queryset.filter(assignee__isnull=True)
    elif filters.assignee:
        queryset = queryset.filter(assignee_id=int(filters.assignee))
    if filters.service_key:
        queryset = queryset.filter(service_key=filters.service_key)
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    tz = timezone.get_current_timezone()
    if filters.received_from:
        start = dt.datetime.combine(filters.received_from, dt.time.min, tzinfo=tz)
        queryset = queryset.filter(received_at__gte=start)
    if filters.received_to:
        end = dt.datetime.combine(filters.received_to + timedelta(days=1), dt.time.min, tzinfo=tz)
        queryset = queryset.filter(received_at__lt=end)
    return queryset


def case_get(*, user: User, case_id: uuid.UUID | str) -> Case:
    """The case with this id if the user may see it; CaseNotFound otherwise (also for cases of
    other tenants: their existence is not revealed)."""
    try:
        key = case_id if isinstance(case_id, uuid.UUID) else uuid.UUID(str(case_id))
    except ValueError as exc:
        raise CaseNotFound() from exc
    case = (
        cases_visible_to(user)
        .select_related("tenant", "org_unit", "assignee")
        .filter(pk=key)
        .first()
    )
    if case is None:
        raise CaseNotFound()
    return case


def case_files(*, case: Case) -> list[CaseFile]:
    """The case's own files (representation, attachments); comment files show with their
    comments."""
    return list(
        CaseFile.objects.filter(case=case)
        .exclude(kind__in=[CaseFileKind.COMMENT, CaseFileKind.MESSAGE])
        .order_by("kind", "position", "created_at")
    )


def quarantined_files(*, case: Case) -> list[CaseFile]:
    """Files of the case (any kind) in which the virus scan found malware."""
    return list(CaseFile.objects.filter(case=case, scan_status=ScanStatus.INFECTED))


def case_file_get(*, user: User, case_id: uuid.UUID | str, file_id: uuid.UUID | str) -> CaseFile:
    case = case_get(user=user, case_id=case_id)
    try:
        key = file_id if isinstance(file_id, uuid.UUID) else uuid.UUID(str(file_id))
    except ValueError as exc:
        raise CaseNotFound(gettext("Datei nicht gefunden.")) from exc
    case_file = CaseFile.objects.filter(case=case, pk=key).first()
    if case_file is None:
        raise CaseNotFound(gettext("Datei nicht gefunden."))
    return case_file


def case_history(*, case: Case) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case=case).order_by("id"))


def available_actions(*, user: User, case: Case) -> list[Transition]:
    """The workflow steps this user may take on this case now."""
    roles = roles_for_case(user, case)
    return [
        t
        for t in TRANSITIONS.values()
        if case.status in t.sources and roles & t.roles and not t.via_service
    ]


def can_take(*, user: User, case: Case, action: str) -> bool:
    """Whether the workflow step ``action`` is open to the user now, including the steps
    only a service takes (deciding, the handover)."""
    transition = TRANSITIONS[action]
    return case.status in transition.sources and bool(roles_for_case(user, case) & transition.roles)


def can_assign(*, user: User, case: Case) -> bool:
    return may(user, case, Capability.ASSIGN)


def can_edit_file_number(*, user: User, case: Case) -> bool:
    return may(user, case, Capability.FILE_NUMBER)


def assignable_users(*, case: Case) -> list[User]:
    """Active caseworkers (Sachbearbeitung) of the case's tenant and org unit, by name."""
    if case.tenant_id is None:
        return []
    queryset = User.objects.filter(tenant_id=case.tenant_id, is_active=True)
    if case.org_unit_id is not None:
        queryset = queryset.filter(org_units=case.org_unit_id)
    return _caseworkers(queryset.order_by("last_name", "first_name", "username"))


def _caseworkers(people: QuerySet[User]) -> list[User]:
    """Those of ``people`` with the Sachbearbeitung role (a JSON list: filtered here, the same
    on SQLite and PostgreSQL)."""
    return [p for p in people if Role.SACHBEARBEITUNG in p.roles]


def is_assignable(*, case: Case, user: User) -> bool:
    if not user.is_active or user.tenant_id != case.tenant_id:
        return False
    if Role.SACHBEARBEITUNG not in user.roles:
        return False
    return case.org_unit_id is None or case.org_unit_id in user.org_unit_ids


def undoable_event(*, case: Case, user: User) -> CaseEvent | None:
    """The user's last action on the case if it can still be undone: it is the case's latest
    change, not itself an undo, within the undo window, and of an undoable kind."""
    event = CaseEvent.objects.filter(case=case).order_by("-id").first()
    if event is None or event.actor_id != user.pk or event.undoes_id is not None:
        return None
    if event.case_version != case.version:
        return None
    window = timedelta(minutes=settings.OPENVORGANG_UNDO_WINDOW_MINUTES)
    if timezone.now() - event.at > window:
        return None
    if event.kind == EventKind.STATUS:
        transition = TRANSITIONS.get(event.action)
        return event if transition is not None and transition.undo_action else None
    if event.kind in (EventKind.ASSIGNED, EventKind.FILE_NUMBER):
        return event
    return None


def filter_org_units(*, user: User) -> QuerySet[OrgUnit]:
    if user.tenant_id is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(tenant_id=user.tenant_id, active=True).order_by("name")


def filter_colleagues(*, user: User) -> QuerySet[User]:
    if user.tenant_id is None:
        return User.objects.none()
    return User.objects.filter(tenant_id=user.tenant_id, is_active=True).order_by(
        "last_name", "first_name"
    )


def bulk_assignees(*, user: User) -> list[User]:
    """Whom a bulk assignment may name: active caseworkers of the user's tenant with an org
    unit the user works for (the mail room: any unit of the tenant). Each case is checked
    again when assigned (``is_assignable``)."""
    if user.tenant_id is None:
        return []
    people = User.objects.filter(tenant_id=user.tenant_id, is_active=True)
    if not user.has_role(Role.POSTSTELLE):
        people = people.filter(org_units__in=user.org_unit_ids)
    return _caseworkers(
        people.exclude(org_units=None).distinct().order_by("last_name", "first_name")
    )


def bulk_actions_allowed(*, user: User) -> dict[str, bool]:
    """Which bulk actions the user's roles can take at all (the list offers no others)."""
    roles = case_roles(user)
    return {
        "accept": bool(roles & TRANSITIONS["annehmen"].roles),
        "assign": allows(roles, Capability.ASSIGN),
    }


def file_number_suggestion(*, case: Case) -> str:
    """The tenant's Aktenzeichen pattern filled in for this case ("" without a pattern)."""
    pattern = case.tenant.file_number_pattern if case.tenant is not None else ""
    if not pattern:
        return ""
    return pattern.format(
        year=timezone.localtime(case.received_at).year,
        number=case.number,
        leika=case.service_key,
        oe=case.org_unit.oe_id if case.org_unit is not None else "",
    )[:100]
