"""The case list page (filters, sort, paging both ways, position) and its saved views."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from openvorgang.accounts.access import signed_in
from openvorgang.cases import selectors
from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.models import Case, CaseStatus, Channel
from openvorgang.cases.templatetags.case_tags import status_label, status_tone
from openvorgang.casework import selectors as casework
from openvorgang.deadlines import selectors as deadlines
from openvorgang.directory.selectors import tenant_services
from openvorgang.lib.keyset import InvalidCursor
from openvorgang.records import selectors as records
from openvorgang.records.models import Purpose
from openvorgang.web.cases import listing, saved

COLUMNS = (
    ("eingang", "Eingegangen"),
    ("leistung", "Leistung"),
    ("antragsteller", "Antragsteller/in"),
    ("status", "Status"),
    ("frist", "Frist"),
    ("bearbeitung", "Bearbeiter/in"),
)


@require_GET
@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    parsed = listing.parse(request.GET, user=user)
    for problem in parsed.problems:
        messages.error(request, problem)
    start = _start(request.GET.get("ab", ""))
    try:
        page = selectors.case_list(
            user=user, filters=parsed.filters, cursor=request.GET.get("cursor")
        )
    except InvalidCursor:
        messages.error(request, _("Der Seitenverweis ist ungültig; die erste Seite wird gezeigt."))
        page, start = selectors.case_list(user=user, filters=parsed.filters), 1
    if not request.GET.get("cursor"):
        start = 1
    query = listing.query_of(parsed.values).urlencode()
    views = saved.saved_views_for(user=user)
    soon_days = deadlines.soon_days_for(user=user)
    counts = selectors.view_counts(user=user)
    return render(
        request,
        "cases/list.html",
        {
            "page": page,
            "values": parsed.values,
            "views": [
                (key, label, counts.get(key, 0)) for key, label in selectors.list_views().items()
            ],
            "saved_views": views,
            "saved_counts": saved.saved_view_counts(user=user, views=views),
            "active_saved": _active_saved(views, parsed.values),
            "count_cap": selectors.COUNT_CAP,
            "total": selectors.case_count_capped(user=user, filters=parsed.filters),
            "first": start,
            "last": start + len(page.items) - 1,
            "prev_start": max(1, start - settings.OPENVORGANG_LIST_PAGE_SIZE),
            "next_start": start + len(page.items),
            "columns": [
                (key, _(label), listing.sort_link_query(parsed.values, key))
                for key, label in COLUMNS
            ],
            "statuses": CaseStatus.choices,
            "channels": Channel.choices,
            "services": tenant_services(tenant_id=user.tenant_id),
            "org_units": selectors.filter_org_units(user=user),
            "colleagues": selectors.filter_colleagues(user=user),
            "bulk_assignees": selectors.bulk_assignees(user=user),
            "bulk": selectors.bulk_actions_allowed(user=user),
            "dms_connectors": records.connectors_for(user=user, purpose=Purpose.DMS),
            "base_query": query,
            "shareable_units": user.org_units.filter(active=True).order_by("name"),
            "rows": _rows(page.items, soon_days=soon_days),
            "soon_days": soon_days,
            "narrowed": any(parsed.values.get(k) for k in listing.NARROWING),
        },
    )


@dataclass(frozen=True)
class Row:
    """One line of the list, formatted here once (50 rows through template filters and
    ``{% url %}`` tags cost more than the page's queries)."""

    pk: str
    number: str
    href: str
    select_label: str
    received_iso: str
    received_text: str
    service: str
    applicant: str
    status_tone: str
    status_label: str
    assignee: str
    unit: str
    follow_up_due: bool
    due_text: str = ""
    due_iso: str = ""
    due_tone: str = ""
    due_label: str = ""
    due_badge: bool = False  # the label shown as text, not only as icon and colour
    due_hint: str = ""


DEADLINE_MARKS = {
    "gehemmt": ("info", gettext_lazy("gehemmt"), gettext_lazy("die Frist steht still")),
    "wartet": (
        "info",
        gettext_lazy("wartet"),
        gettext_lazy("die Frist beginnt, wenn die Unterlagen vollständig sind"),
    ),
    "fiktion": (
        "danger",
        gettext_lazy("Fiktion eingetreten"),
        gettext_lazy("die Genehmigung gilt als erteilt"),
    ),
}


def _due(case: Case, mark: str | None, today: dt.date, soon_days: int) -> dict[str, Any]:
    """The Frist column: the last day, marked when it is near or past (icon and colour, the
    words for screen readers), and a badge where the deadline stands or the fiction
    occurred."""
    cell: dict[str, Any] = {}
    if case.due_on is not None:
        cell = {"due_text": case.due_on.strftime("%d.%m.%Y"), "due_iso": case.due_on.isoformat()}
        if case.due_on < today:
            cell |= {"due_tone": "danger", "due_label": str(_("überfällig"))}
        elif (case.due_on - today).days <= soon_days:
            cell |= {"due_tone": "warning", "due_label": str(_("bald fällig"))}
    if mark in DEADLINE_MARKS:
        tone, label, hint = DEADLINE_MARKS[mark]
        cell |= {"due_tone": tone, "due_label": str(label), "due_hint": str(hint)}
        cell["due_badge"] = True
    return cell


def _rows(cases: list[Case], *, soon_days: int) -> list[Row]:
    ids = [c.pk for c in cases]
    due = casework.due_case_ids(ids)
    marks = deadlines.list_marks(ids)
    today = timezone.localdate()
    detail = reverse("cases:detail", args=["00000000-0000-0000-0000-000000000000"])
    rows = []
    for case in cases:
        received = timezone.localtime(case.received_at)
        rows.append(
            Row(
                pk=str(case.pk),
                number=case.number,
                href=detail.replace("00000000-0000-0000-0000-000000000000", str(case.pk)),
                select_label=_("%(number)s auswählen") % {"number": case.number},
                received_iso=received.isoformat(),
                received_text=received.strftime("%d.%m.%Y %H:%M"),
                service=case.service_name or case.form_name,
                applicant=case.applicant_name,
                status_tone=status_tone(case.status),
                status_label=status_label(case.status),
                assignee=case.assignee_name,
                unit=case.org_unit.name if case.org_unit else "",
                follow_up_due=case.pk in due,
                **_due(case, marks.get(case.pk), today, soon_days),
            )
        )
    return rows


def _start(raw: str) -> int:
    return int(raw) if raw.isdigit() and 0 < int(raw) < 10**9 else 1


def _active_saved(views: list[Any], values: dict[str, str]) -> int | None:
    current = saved.clean_query(listing.query_of(values))
    for view in views:
        if saved.clean_query(QueryDict(view.query)) == current:
            return int(view.pk)
    return None


@require_POST
@login_required
def saved_view_create(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    query = QueryDict(request.POST.get("query", ""))
    share = request.POST.get("teilen", "")
    try:
        view = saved.saved_view_create(
            user=user,
            name=request.POST.get("name", ""),
            query=query,
            share_with=int(share) if share.isdigit() else None,
        )
    except InvalidInput as exc:
        messages.error(request, str(exc))
        return redirect(reverse("cases:list") + "?" + saved.clean_query(query))
    messages.success(request, _("Ansicht „%(name)s“ gespeichert.") % {"name": view.name})
    return redirect(reverse("cases:list") + "?" + view.query)


@require_POST
@login_required
def saved_view_delete(request: HttpRequest, view_id: int) -> HttpResponse:
    user = signed_in(request)
    try:
        saved.saved_view_delete(user=user, view_id=view_id)
    except saved.SavedViewNotFound as exc:
        raise Http404(str(exc)) from exc
    messages.success(request, _("Ansicht gelöscht."))
    return redirect("cases:list")
