"""Comments and follow-ups on the case page: thin wrappers around services; errors become
German messages on the case page, an invisible case is 404."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openvorgang.accounts.models import User
from openvorgang.cases import selectors as case_selectors
from openvorgang.cases.errors import CaseError, CaseNotFound
from openvorgang.cases.services import IncomingFile
from openvorgang.casework import selectors, services


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _back(case_id: uuid.UUID, anchor: str) -> HttpResponse:
    response = redirect("cases:detail", case_id=case_id)
    response["Location"] += f"#{anchor}"
    return response


@require_POST
@login_required
def comment_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    try:
        case = case_selectors.case_get(user=user, case_id=case_id)
        files = [IncomingFile(f, f.name or "") for f in request.FILES.getlist("dateien")]
        services.comment_add(case=case, actor=user, text=request.POST.get("text", ""), files=files)
    except CaseNotFound as exc:
        raise Http404 from exc
    except CaseError as exc:
        messages.error(request, exc.message)
        return _back(case_id, "h-comments")
    messages.success(request, _("Kommentar gespeichert."))
    return _back(case_id, "h-comments")


@require_POST
@login_required
def comment_edit(request: HttpRequest, case_id: uuid.UUID, comment_id: int) -> HttpResponse:
    user = _user(request)
    try:
        comment = selectors.comment_get(user=user, case_id=case_id, comment_id=comment_id)
        services.comment_edit(comment=comment, actor=user, text=request.POST.get("text", ""))
    except CaseNotFound as exc:
        raise Http404 from exc
    except CaseError as exc:
        messages.error(request, exc.message)
        return _back(case_id, "h-comments")
    messages.success(request, _("Kommentar geändert."))
    return _back(case_id, f"kommentar-{comment_id}")


@require_POST
@login_required
def follow_up_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    try:
        case = case_selectors.case_get(user=user, case_id=case_id)
        try:
            due_on = dt.date.fromisoformat(request.POST.get("faellig", ""))
        except ValueError as exc:
            raise services.InvalidInput("Bitte ein gültiges Datum (JJJJ-MM-TT) angeben.") from exc
        raw = request.POST.get("fuer", "")
        assignee = (
            case_selectors.filter_colleagues(user=user).filter(pk=int(raw)).first()
            if raw.isdigit()
            else None
        )
        services.follow_up_add(
            case=case,
            actor=user,
            subject=request.POST.get("betreff", ""),
            due_on=due_on,
            assignee=assignee,
        )
    except CaseNotFound as exc:
        raise Http404 from exc
    except CaseError as exc:
        messages.error(request, exc.message)
        return _back(case_id, "h-followups")
    messages.success(request, _("Wiedervorlage gespeichert."))
    return _back(case_id, "h-followups")


@require_POST
@login_required
def follow_up_done(request: HttpRequest, case_id: uuid.UUID, follow_up_id: int) -> HttpResponse:
    user = _user(request)
    try:
        follow_up = selectors.follow_up_get(user=user, case_id=case_id, follow_up_id=follow_up_id)
        services.follow_up_done(
            follow_up=follow_up, actor=user, done=request.POST.get("erledigt", "1") == "1"
        )
    except CaseNotFound as exc:
        raise Http404 from exc
    messages.success(request, _("Wiedervorlage aktualisiert."))
    return _back(case_id, "h-followups")
