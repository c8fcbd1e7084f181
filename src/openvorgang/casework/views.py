"""Comments and follow-ups on the case page: thin wrappers around services; errors become
German messages on the case page, an invisible case is 404 (``case_view_at``)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openvorgang.accounts.access import signed_in
from openvorgang.cases import selectors as case_selectors
from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import Case
from openvorgang.cases.pages import case_view_at, detail_redirect
from openvorgang.casework import selectors, services


@require_POST
@case_view_at("kommentare")
def comment_add(request: HttpRequest, case: Case) -> HttpResponse:
    files = [IncomingFile(f, f.name or "") for f in request.FILES.getlist("dateien")]
    services.comment_add(
        case=case, actor=signed_in(request), text=request.POST.get("text", ""), files=files
    )
    messages.success(request, _("Kommentar gespeichert."))
    return detail_redirect(case.pk, "kommentare")


@require_POST
@case_view_at("kommentare")
def comment_edit(request: HttpRequest, case: Case, comment_id: int) -> HttpResponse:
    comment = selectors.comment_get(case=case, comment_id=comment_id)
    services.comment_edit(
        comment=comment, actor=signed_in(request), text=request.POST.get("text", "")
    )
    messages.success(request, _("Kommentar geändert."))
    return detail_redirect(case.pk, f"kommentar-{comment_id}")


@require_POST
@case_view_at("wiedervorlagen")
def follow_up_add(request: HttpRequest, case: Case) -> HttpResponse:
    user = signed_in(request)
    try:
        due_on = dt.date.fromisoformat(request.POST.get("faellig", ""))
    except ValueError as exc:
        raise InvalidInput(gettext("Bitte ein gültiges Datum (JJJJ-MM-TT) angeben.")) from exc
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
    messages.success(request, _("Wiedervorlage gespeichert."))
    return detail_redirect(case.pk, "wiedervorlagen")


@require_POST
@case_view_at("wiedervorlagen")
def follow_up_done(request: HttpRequest, case: Case, follow_up_id: int) -> HttpResponse:
    follow_up = selectors.follow_up_get(case=case, follow_up_id=follow_up_id)
    services.follow_up_done(
        follow_up=follow_up, actor=signed_in(request), done=request.POST.get("erledigt", "1") == "1"
    )
    messages.success(request, _("Wiedervorlage aktualisiert."))
    return detail_redirect(case.pk, "wiedervorlagen")
