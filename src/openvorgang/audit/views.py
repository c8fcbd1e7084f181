"""Tenant admins query their tenant's access audit."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from openvorgang.accounts.access import tenant_admin
from openvorgang.accounts.models import User
from openvorgang.audit.models import AuditAction, AuditRecord

PAGE = 100


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@require_GET
@tenant_admin
def audit_list(request: HttpRequest, user: User) -> HttpResponse:
    records = AuditRecord.objects.filter(tenant_id=user.tenant_id)
    number = request.GET.get("vorgang", "").strip()
    who = request.GET.get("wer", "").strip()
    action = request.GET.get("was", "")
    since, until = _date(request.GET.get("von", "")), _date(request.GET.get("bis", ""))
    if number:
        records = records.filter(case_number=number)
    if who:
        records = records.filter(user_name__icontains=who)
    if action in AuditAction.values:
        records = records.filter(action=action)
    if since:
        records = records.filter(at__gte=timezone.make_aware(dt.datetime.combine(since, dt.time())))
    if until:
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time())
        records = records.filter(at__lt=timezone.make_aware(end))
    before = request.GET.get("vor", "")
    if before.isdigit():
        records = records.filter(seq__lt=int(before))
    page = list(records.order_by("-seq")[: PAGE + 1])
    query = request.GET.copy()
    query.pop("vor", None)
    return render(
        request,
        "audit/list.html",
        {
            "records": page[:PAGE],
            "next_seq": page[PAGE - 1].seq if len(page) > PAGE else None,
            "values": {
                "vorgang": number,
                "wer": who,
                "was": action,
                "von": request.GET.get("von", ""),
                "bis": request.GET.get("bis", ""),
            },
            "actions": AuditAction.choices,
            "query": query.urlencode(),
        },
    )
