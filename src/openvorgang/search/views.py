from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openvorgang.accounts.models import User
from openvorgang.search.selectors import search


@require_GET
@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    text = request.GET.get("q", "").strip()[:200]
    hits = search(user=request.user, text=text) if text else []
    return render(request, "search/results.html", {"q": text, "hits": hits})
