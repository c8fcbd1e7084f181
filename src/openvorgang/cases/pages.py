"""What every view on the case page uses: the case loaded for the signed-in user (404 when
invisible), domain errors turned into a message on the case page, the redirect back to a
section of it, and the version the form was rendered with (stale forms are refused).

A refused form keeps what was typed: its fields go into the session with the section they
belong to, and the case page fills that section's form with them once (``returned_input``);
chosen files cannot be carried over, so their names are listed to choose them again."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.access import signed_in
from openvorgang.cases import selectors
from openvorgang.cases.errors import CaseConflict, CaseNotFound
from openvorgang.cases.models import Case, CaseEvent
from openvorgang.cases.templatetags.case_tags import event_summary
from openvorgang.lib.errors import Problem

View = Callable[..., HttpResponse]


def detail_redirect(case_id: uuid.UUID, anchor: str = "") -> HttpResponse:
    """Back to the case page, at a section if given."""
    response = redirect("cases:detail", case_id=case_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def case_view_at(anchor: str) -> Callable[[View], View]:
    """Login required; the case is loaded through the scoped selector (404 when invisible);
    domain errors of a write become a message and a redirect back to the case (to the section
    ``anchor``)."""

    def decorate(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, case_id: uuid.UUID, **kwargs: Any) -> HttpResponse:
            try:
                case = selectors.case_get(user=signed_in(request), case_id=case_id)
            except CaseNotFound as exc:
                raise Http404 from exc
            try:
                return view(request, case, **kwargs)
            except CaseNotFound as exc:
                raise Http404 from exc
            except Problem as exc:  # a refusal (rules, limits), never a 500
                messages.error(request, exc.message)
                if isinstance(exc, CaseConflict):
                    for change in changes_since(case, posted_version(request)):
                        messages.info(request, change)
                keep_input(request, case_id=case.pk, anchor=anchor)
                return detail_redirect(case.pk, anchor)

        return wrapper

    return decorate


case_view = case_view_at("")


def changes_since(case: Case, version: int | None, *, limit: int = 5) -> list[str]:
    """What others changed after the version the user's form was made from, one German
    sentence each (who, when, what), newest last."""
    if version is None:
        return []
    events = CaseEvent.objects.filter(case=case, case_version__gt=version).order_by("-id")[:limit]
    return [
        gettext("Inzwischen geändert (%(when)s, %(who)s): %(what)s")
        % {
            "when": timezone.localtime(e.at).strftime("%d.%m.%Y %H:%M"),
            "who": e.actor_name,
            "what": event_summary(e),
        }
        for e in reversed(list(events))
    ]


def posted_version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


_SESSION_KEY = "returned_input"
_NOT_INPUT = {"csrfmiddlewaretoken", "_einmal", "version"}


def keep_input(request: HttpRequest, *, case_id: uuid.UUID, anchor: str) -> None:
    """Remember a refused form's fields for the case page's next rendering."""
    if not anchor or not hasattr(request, "session"):
        return
    request.session[_SESSION_KEY] = {
        "case": str(case_id),
        "section": anchor.replace("-", "_"),
        "fields": {k: v[:20_000] for k, v in request.POST.items() if k not in _NOT_INPUT},
        "files": [f.name for files in request.FILES.lists() for f in files[1]][:50],
    }


def returned_input(request: HttpRequest, *, case_id: uuid.UUID) -> dict[str, Any]:
    """``{section: {"fields": …, "files": […]}}`` of a refused form of this case, once."""
    kept = request.session.pop(_SESSION_KEY, None) if hasattr(request, "session") else None
    if not kept or kept.get("case") != str(case_id):
        return {}
    return {kept["section"]: {"fields": kept["fields"], "files": kept["files"]}}
