"""The applicant's Antragsraum (by secret link) and the caseworker's message form."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openvorgang.accounts.access import signed_in
from openvorgang.cases import scanning
from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import Case
from openvorgang.cases.pages import case_view_at, detail_redirect
from openvorgang.lib.errors import Problem
from openvorgang.lib.http import stream_stored_file
from openvorgang.lib.ratelimit import limited, record_miss
from openvorgang.mailbox import access, services
from openvorgang.mailbox.models import MessageFile
from openvorgang.mailbox.notices import applicant_history
from openvorgang.mailbox.panels import panels_for
from openvorgang.mailbox.selectors import thread
from openvorgang.mailbox.transport_state import messages_read_by_applicant

FAILED_LOOKUPS_PER_MINUTE = 20


def antragsraum_limited(request: HttpRequest) -> bool:
    """Too many failed look-ups from this address (every Antragsraum page checks it)."""
    return limited("antragsraum", request, limit=FAILED_LOOKUPS_PER_MINUTE)


def antragsraum_missed(request: HttpRequest) -> None:
    record_miss("antragsraum", request)


def antragsraum_not_found(request: HttpRequest, status: int = 404) -> HttpResponse:
    return render(request, "mailbox/not_found.html", status=status)


@require_http_methods(["GET", "POST"])
def antragsraum(request: HttpRequest, secret: str) -> HttpResponse:
    if antragsraum_limited(request):
        return antragsraum_not_found(request, status=429)
    case = access.case_for_secret(secret)
    if case is None:
        antragsraum_missed(request)
        return antragsraum_not_found(request)
    if request.method == "POST":
        files = [IncomingFile(f, f.name or "") for f in request.FILES.getlist("dateien")]
        try:
            services.reply_receive(case=case, text=request.POST.get("text", ""), files=files)
        except Problem as exc:  # a refused file (intake limits) or a refused reply
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Ihre Antwort ist eingegangen."))
            return redirect("antragsraum", secret=secret)
    messages_read_by_applicant(case_id=case.pk)
    return render(
        request,
        "mailbox/antragsraum.html",
        {
            "case": case,
            "secret": secret,
            "thread": thread(case=case),
            "history": applicant_history(case=case),
            "panels": panels_for(case, secret),
        },
    )


@require_GET
def antragsraum_file(
    request: HttpRequest, secret: str, file_id: uuid.UUID
) -> HttpResponse | FileResponse:
    """A file of a message in the applicant's thread (e.g. the decision), nothing else."""
    if antragsraum_limited(request):
        return antragsraum_not_found(request, status=429)
    case = access.case_for_secret(secret)
    item = (
        MessageFile.objects.select_related("case_file")
        .filter(message__case=case, case_file_id=file_id)
        .first()
        if case is not None
        else None
    )
    if case is None or item is None:
        antragsraum_missed(request)
        return antragsraum_not_found(request)
    stored = item.case_file
    if refusal := scanning.blocked_response(stored, api=False):
        return refusal
    return stream_stored_file(
        stored.storage_name,
        filename=stored.original_name,
        media_type=stored.media_type,
        inline=stored.media_type == "application/pdf",
    )


@require_POST
@case_view_at("nachrichten")
def messages_read(request: HttpRequest, case: Case) -> HttpResponse:
    """The applicant's messages count as read: by the button, or by the case page's script
    once the page is shown (never by a GET, which prefetchers and link previews send too)."""
    services.mark_read(case=case, user=signed_in(request))
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return detail_redirect(case.pk, "nachrichten")


@require_POST
@case_view_at("nachrichten")
def message_send(request: HttpRequest, case: Case) -> HttpResponse:
    files = [IncomingFile(f, f.name or "") for f in request.FILES.getlist("dateien")]
    services.message_send(
        case=case,
        actor=signed_in(request),
        subject=request.POST.get("betreff", ""),
        text=request.POST.get("text", ""),
        files=files,
        channel=request.POST.get("kanal", ""),
    )
    messages.success(
        request, _("Nachricht gespeichert; sie geht über den gewählten Zustellweg hinaus.")
    )
    return detail_redirect(case.pk, "nachrichten")
