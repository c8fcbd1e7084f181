"""What every view on the case page uses: the case loaded for the signed-in user (404 when
invisible), domain errors turned into a message on the case page, the redirect back to a
section of it, and the version the form was rendered with (stale forms are refused)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from openvorgang.accounts.access import signed_in
from openvorgang.cases import selectors
from openvorgang.cases.errors import CaseError, CaseNotFound

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
            except CaseError as exc:
                messages.error(request, exc.message)
                return detail_redirect(case.pk, anchor)

        return wrapper

    return decorate


case_view = case_view_at("")


def posted_version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None
