"""Caseworker web views: thin wrappers around selectors and services. Domain errors become
German messages; a case the user may not see is 404."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openvorgang.absences import selectors as absences
from openvorgang.accounts.access import signed_in
from openvorgang.accounts.models import Role, User
from openvorgang.audit.models import AuditAction
from openvorgang.audit.services import audit_record
from openvorgang.cases import clearing, scanning, selectors, services
from openvorgang.cases.downloads import case_file_response
from openvorgang.cases.errors import CaseError, CaseNotFound
from openvorgang.cases.models import Case, CaseEvent
from openvorgang.cases.pages import case_view, posted_version, returned_input
from openvorgang.cases.policy import Capability, may, roles_for_case
from openvorgang.cases.workflow import TRANSITIONS
from openvorgang.casework import selectors as casework
from openvorgang.casework.services import comment_editable
from openvorgang.deadlines import selectors as deadlines
from openvorgang.deadlines.models import DeadlineState
from openvorgang.decisions import selectors as decisions
from openvorgang.decisions.models import DecisionKind
from openvorgang.document_requests import selectors as document_requests
from openvorgang.mailbox import selectors as mailbox
from openvorgang.records import selectors as records
from openvorgang.records.models import Purpose
from openvorgang.records.services import export_request
from openvorgang.textmodules import selectors as textmodules
from openvorgang.web.cases import case_page


@require_GET
@case_view
def case_detail(request: HttpRequest, case: Case) -> HttpResponse:
    user = signed_in(request)
    audit_record(
        user=user,
        case=case,
        action=AuditAction.OPEN_SEARCH_RESULT
        if request.GET.get("von") == "suche"
        else AuditAction.VIEW_CASE,
    )
    return render(request, "cases/detail.html", _detail_context(request, user, case))


def _detail_context(request: HttpRequest, user: User, case: Case) -> dict[str, Any]:
    actions = selectors.available_actions(user=user, case=case)
    files = selectors.case_files(case=case)
    for f in files:  # computed once here, not per tag in the template
        href = reverse("cases:file", args=[case.pk, f.pk]) if f.downloadable else ""
        f.href = href  # type: ignore[attr-defined]
        f.previewable = bool(href) and (  # type: ignore[attr-defined]
            f.media_type == "application/pdf" or f.media_type.startswith("image/")
        )
    message_channels, decision_channels = mailbox.channel_choices(case=case)
    thread = list(mailbox.thread(case=case))
    comments = casework.comments(case=case)
    follow_ups = casework.follow_ups(case=case)
    # the Verlauf is built only when asked for (?verlauf=…, or its tab fetches it)
    only = request.GET.get("verlauf")
    can_assign = selectors.can_assign(user=user, case=case)
    deadline = deadlines.deadline_view(user=user, case=case)
    requests = document_requests.requests_of(case=case)
    colleagues = selectors.assignable_users(case=case)
    away = absences.absent([p.pk for p in colleagues])
    for person in colleagues:  # assignment choices say who is away and who covers
        if (absence := away.get(person.pk)) is not None:
            person.absence_note = _(  # type: ignore[attr-defined]
                "abwesend bis %(day)s, Vertretung: %(name)s"
            ) % {"day": absence.ends_on.strftime("%d.%m."), "name": absence.substitute.display_name}
    context: dict[str, Any] = {
        "case": case,
        "files": files,
        "quarantined": selectors.quarantined_files(case=case),
        "scanner": scanning.enabled(),
        **(
            case_page.timeline_context(
                history=selectors.case_history(case=case),
                comments=comments,
                thread=thread,
                follow_ups=follow_ups,
                only=only,
            )
            if only is not None
            else {}
        ),
        "actions": actions,
        "can_assign": can_assign,
        "can_assign_me": can_assign
        and case.assignee_id != user.pk
        and selectors.is_assignable(case=case, user=user),
        "can_forward": clearing.can_forward(user=user, case=case),
        "assignable": colleagues,
        "can_edit_file_number": selectors.can_edit_file_number(user=user, case=case),
        "file_number_suggestion": selectors.file_number_suggestion(case=case),
        "undoable": selectors.undoable_event(case=case, user=user),
        "comments": [(c, comment_editable(comment=c, user=user)) for c in comments],
        "follow_ups": follow_ups,
        "next_due": case_page.next_due(follow_ups),
        "colleagues": colleagues,
        "today": timezone.localdate(),
        "thread": thread,
        "returned": returned_input(request, case_id=case.pk),
        # shown as new, marked read by the page's script (or the button) with a POST
        "unread": bool(roles_for_case(user, case))
        and any(m.direction == "in" and m.read_at is None for m in thread),
        "channels": message_channels,
        "decision_channels": decision_channels,
        "deadline": deadline,
        "text_modules": list(textmodules.modules_for(user=user, case=case)),
        "document_requests": requests,
        "requestable": document_requests.requestable(case=case),
        # one open request at a time: the form comes back once it is answered
        "can_request": may(user, case, Capability.REQUEST_DOCUMENTS)
        and not any(r.is_open for r in requests),
        "request_default_by": timezone.localdate() + dt.timedelta(days=14),
        "deadline_running": deadline is not None and deadline.state == DeadlineState.RUNNING,
        **_decision_context(case, user),
        **_records_context(case, user),
    }
    context["tabs"] = [
        ("ueberblick", _("Überblick"), 0),
        ("formulardaten", _("Formulardaten"), 0),
        ("dateien", _("Dateien"), len(files)),
        ("nachrichten", _("Nachrichten"), len(thread)),
        ("kommentare", _("Kommentare"), len(comments)),
        ("wiedervorlagen", _("Wiedervorlagen"), sum(1 for f in follow_ups if f.done_at is None)),
        ("frist", _("Frist"), 0),
        ("bescheid", _("Bescheid"), len(context["decisions"])),
        ("verakten", _("Verakten"), len(context["exports"])),
        ("verlauf", _("Verlauf"), 0),
    ]
    return context


@require_GET
@case_view
def case_timeline(request: HttpRequest, case: Case) -> HttpResponse:
    """The Verlauf alone, for its tab on the case page (fetched when the tab is opened)."""
    user = signed_in(request)
    audit_record(user=user, case=case, action=AuditAction.VIEW_CASE)
    context = case_page.timeline_context(
        history=selectors.case_history(case=case),
        comments=casework.comments(case=case),
        thread=list(mailbox.thread(case=case)),
        follow_ups=casework.follow_ups(case=case),
        only=request.GET.get("verlauf", ""),
    )
    return render(request, "cases/_timeline.html", {"case": case, **context})


@require_GET
@case_view
def case_print(request: HttpRequest, case: Case) -> HttpResponse:
    """The case on paper: header, form data, file list, comments and history, no controls."""
    user = signed_in(request)
    audit_record(user=user, case=case, action=AuditAction.VIEW_CASE)
    return render(
        request,
        "cases/print.html",
        {
            "case": case,
            "files": selectors.case_files(case=case),
            "comments": casework.comments(case=case),
            "history": selectors.case_history(case=case),
            "printed_at": timezone.now(),
        },
    )


def _records_context(case: Case, user: User) -> dict[str, Any]:
    may = Role.SACHBEARBEITUNG in roles_for_case(user, case)
    return {
        "exports": records.exports_of(case=case),
        "dms_connectors": records.connectors_for(user=user, purpose=Purpose.DMS) if may else [],
        "fv_connectors": records.connectors_for(user=user, purpose=Purpose.FACHVERFAHREN)
        if selectors.can_take(user=user, case=case, action="an_fachverfahren")
        else [],
    }


def _decision_context(case: Case, user: User) -> dict[str, Any]:
    can_decide = selectors.can_take(user=user, case=case, action="bescheiden")
    return {
        "can_decide": can_decide,
        "decision_kinds": DecisionKind.choices,
        "decision_templates": decisions.templates_for_case(case=case) if can_decide else [],
        "decisions": decisions.decisions_of(case=case),
    }


@require_http_methods(["GET", "POST"])
@case_view
def case_action(request: HttpRequest, case: Case, action: str) -> HttpResponse:
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise Http404
    needs_confirmation = transition.reason_required or transition.irreversible
    if request.method == "GET" or (needs_confirmation and request.POST.get("confirmed") != "1"):
        if transition not in selectors.available_actions(user=signed_in(request), case=case):
            raise CaseError(_("Diese Aktion ist hier nicht möglich."))
        return render(request, "cases/confirm.html", {"case": case, "transition": transition})
    result = services.case_transition(
        case=case,
        actor=signed_in(request),
        action=action,
        reason=request.POST.get("reason", ""),
        expected_version=posted_version(request),
    )
    if not isinstance(result, CaseEvent):
        messages.success(
            request,
            _("Der Vorgang %(number)s wurde endgültig gelöscht.") % {"number": result.number},
        )
        return redirect("cases:list")
    messages.success(request, _("„%(label)s“ ausgeführt.") % {"label": transition.label})
    return _after_write(request, case)


def _after_write(request: HttpRequest, case: Case) -> HttpResponse:
    """Back to the case, or to the list if the change took the case out of the user's scope
    (e.g. the mail room assigned it)."""
    if selectors.cases_visible_to(signed_in(request)).filter(pk=case.pk).exists():
        return redirect("cases:detail", case_id=case.pk)
    return redirect("cases:list")


@require_POST
@case_view
def case_assign(request: HttpRequest, case: Case) -> HttpResponse:
    user = signed_in(request)
    raw = request.POST.get("assignee", "")
    assignee: User | None
    if raw == "me":
        assignee = user
    elif raw == "":
        assignee = None
    else:
        choice = int(raw) if raw.isdigit() else -1
        assignee = next((p for p in selectors.assignable_users(case=case) if p.pk == choice), None)
        if assignee is None:
            raise CaseError(_("Diese Person kann den Vorgang nicht bearbeiten."))
    event = services.case_assign(
        case=case, actor=user, assignee=assignee, expected_version=posted_version(request)
    )
    if event is not None:
        messages.success(request, _("Zuweisung gespeichert."))
    return _after_write(request, case)


@require_POST
@case_view
def case_file_number(request: HttpRequest, case: Case) -> HttpResponse:
    value = request.POST.get("file_number", "")
    if request.POST.get("vorschlag") == "1":
        value = selectors.file_number_suggestion(case=case) or value
    event = services.case_set_file_number(
        case=case,
        actor=signed_in(request),
        file_number=value,
        expected_version=posted_version(request),
    )
    if event is not None:
        messages.success(request, _("Aktenzeichen gespeichert."))
    return _after_write(request, case)


@require_POST
@case_view
def case_undo(request: HttpRequest, case: Case) -> HttpResponse:
    services.case_undo(case=case, actor=signed_in(request))
    messages.success(request, _("Ihre letzte Aktion wurde rückgängig gemacht."))
    return _after_write(request, case)


@require_GET
@login_required
@xframe_options_sameorigin  # the case page embeds the representation PDF
def case_file(
    request: HttpRequest, case_id: uuid.UUID, file_id: uuid.UUID
) -> HttpResponse | FileResponse:
    try:
        case_file = selectors.case_file_get(
            user=signed_in(request), case_id=case_id, file_id=file_id
        )
    except CaseNotFound as exc:
        raise Http404 from exc
    return case_file_response(
        user=signed_in(request),
        case_file=case_file,
        api=False,
        inline=request.GET.get("anzeigen") == "1",
    )


BULK_LIMIT = 200


@require_POST
@login_required
def case_bulk(request: HttpRequest) -> HttpResponse:
    """Sammelaktion on the selected cases: accept, or assign. Each case is checked on its own;
    the message says how many worked and why the others did not."""
    user = signed_in(request)
    ids = request.POST.getlist("ids")
    if len(ids) > BULK_LIMIT:  # refused whole, never cut silently
        messages.error(
            request,
            _("Höchstens %(n)s Vorgänge auf einmal; nichts wurde geändert.") % {"n": BULK_LIMIT},
        )
        return redirect(_list_url(request))
    action = request.POST.get("sammelaktion", "")
    assignee: User | None = None
    if action.startswith("veraktung:"):
        return _bulk_export(request, user, ids, action.split(":", 1)[1])
    if action.startswith("zuweisen:"):
        target = action.split(":", 1)[1]
        assignee = (
            user
            if target == "me"
            else selectors.filter_colleagues(user=user)
            .filter(pk=int(target) if target.isdigit() else -1)
            .first()
        )
        if assignee is None:
            messages.error(request, _("Bitte eine Person für die Zuweisung wählen."))
            return redirect(_list_url(request))
    elif action != "annehmen":
        messages.error(request, _("Bitte eine Sammelaktion wählen."))
        return redirect(_list_url(request))
    done, problems = 0, []
    for raw in ids:
        try:
            case = selectors.case_get(user=user, case_id=raw)
            if assignee is not None:
                services.case_assign(case=case, actor=user, assignee=assignee)
            else:
                services.case_transition(case=case, actor=user, action="annehmen")
            done += 1
        except CaseNotFound:
            problems.append(_("ein Vorgang ist nicht (mehr) sichtbar"))
        except CaseError as exc:
            problems.append(f"{case.number}: {exc.message}")
    if done:
        messages.success(request, _("%(n)s Vorgänge bearbeitet.") % {"n": done})
    for problem in problems[:10]:
        messages.error(request, problem)
    if not ids:
        messages.error(request, _("Bitte mindestens einen Vorgang auswählen."))
    return redirect(_list_url(request))


def _dms_connectors(user: User) -> Any:
    return records.connectors_for(user=user, purpose=Purpose.DMS)


def _bulk_export(request: HttpRequest, user: User, ids: list[str], raw: str) -> HttpResponse:
    connector = _dms_connectors(user).filter(pk=int(raw) if raw.isdigit() else -1).first()
    if connector is None:
        messages.error(request, _("Bitte eine Anbindung wählen."))
        return redirect(_list_url(request))
    done, problems = 0, []
    for raw_id in ids:
        try:
            case = selectors.case_get(user=user, case_id=raw_id)
            export_request(case=case, connector=connector, actor=user)
            done += 1
        except CaseNotFound:
            problems.append(_("ein Vorgang ist nicht (mehr) sichtbar"))
        except CaseError as exc:
            problems.append(exc.message)
    if done:
        messages.success(
            request,
            _("%(n)s Vorgänge werden an „%(name)s“ übermittelt.")
            % {"n": done, "name": connector.name},
        )
    for problem in problems[:10]:
        messages.error(request, problem)
    if not ids:
        messages.error(request, _("Bitte mindestens einen Vorgang auswählen."))
    return redirect(_list_url(request))


def _list_url(request: HttpRequest) -> str:
    back = request.POST.get("zurueck", "")
    # only the list's own query string, never another address
    return "/vorgaenge/?" + back.lstrip("?") if back and "//" not in back else "/vorgaenge/"
