"""The applicant's Antragsraum (by secret link) and the caseworker's message form."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from openvorgang.accounts.models import User
from openvorgang.cases import selectors as case_selectors
from openvorgang.cases.errors import CaseError, CaseNotFound
from openvorgang.cases.services import IncomingFile
from openvorgang.intake.limits import IntakeProblem
from openvorgang.mailbox import services
from openvorgang.mailbox.notices import applicant_history
from openvorgang.mailbox.selectors import thread

FAILED_LOOKUPS_PER_MINUTE = 20


def _limited(request: HttpRequest) -> bool:
    key = f"antragsraum-miss:{request.META.get('REMOTE_ADDR', '')}"
    return int(cache.get(key, 0)) >= FAILED_LOOKUPS_PER_MINUTE


def _missed(request: HttpRequest) -> None:
    key = f"antragsraum-miss:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=60)
    try:
        cache.incr(key)
    except ValueError:  # pragma: no cover - expired between add and incr
        cache.set(key, 1, timeout=60)


def _not_found(request: HttpRequest, status: int = 404) -> HttpResponse:
    return render(request, "mailbox/not_found.html", status=status)


@require_http_methods(["GET", "POST"])
def antragsraum(request: HttpRequest, secret: str) -> HttpResponse:
    if _limited(request):
        return _not_found(request, status=429)
    case = services.case_for_secret(secret)
    if case is None:
        _missed(request)
        return _not_found(request)
    if request.method == "POST":
        files = [IncomingFile(f, f.name or "") for f in request.FILES.getlist("dateien")]
        try:
            services.reply_receive(case=case, text=request.POST.get("text", ""), files=files)
        except IntakeProblem as exc:
            messages.error(request, exc.detail)
        except CaseError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Ihre Antwort ist eingegangen."))
            return redirect("antragsraum", secret=secret)
    return render(
        request,
        "mailbox/antragsraum.html",
        {"case": case, "thread": thread(case=case), "history": applicant_history(case=case)},
    )


@require_POST
@login_required
def message_send(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    try:
        case = case_selectors.case_get(user=user, case_id=case_id)
        files = [IncomingFile(f, f.name or "") for f in request.FILES.getlist("dateien")]
        services.message_send(
            case=case,
            actor=user,
            subject=request.POST.get("betreff", ""),
            text=request.POST.get("text", ""),
            files=files,
        )
    except CaseNotFound as exc:
        raise Http404 from exc
    except IntakeProblem as exc:
        messages.error(request, exc.detail)
    except CaseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Nachricht gespeichert; der Hinweis an die antragstellende Person geht raus."),
        )
    response = redirect("cases:detail", case_id=case_id)
    response["Location"] += "#h-messages"
    return response
