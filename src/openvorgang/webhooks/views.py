"""Tenant admins manage webhook subscriptions and see each one's delivery log."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from openvorgang.accounts.access import tenant_admin
from openvorgang.accounts.models import User
from openvorgang.lib import egress
from openvorgang.outbox.models import Delivery
from openvorgang.webhooks.models import EventType, Subscription


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(label=_lazy("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Subscription
        fields = ["name", "url", "events", "active"]

    def clean_url(self) -> str:
        url = str(self.cleaned_data["url"])
        try:
            egress.check_url(url)
        except egress.EgressRefused as exc:
            raise forms.ValidationError(str(exc)) from exc
        return url


@require_http_methods(["GET"])
@tenant_admin
def subscription_list(request: HttpRequest, user: User) -> HttpResponse:
    return render(
        request,
        "webhooks/list.html",
        {"subscriptions": Subscription.objects.filter(tenant=user.tenant)},
    )


@require_http_methods(["GET", "POST"])
@tenant_admin
def subscription_edit(request: HttpRequest, user: User, pk: int | None = None) -> HttpResponse:
    instance = Subscription(tenant=user.tenant, secret=secrets.token_urlsafe(32))
    if pk is not None:
        found = Subscription.objects.filter(tenant=user.tenant, pk=pk).first()
        if found is None:
            raise Http404
        instance = found
    form = SubscriptionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Webhook gespeichert."))
        return redirect("webhooks:edit", pk=saved.pk)
    context: dict[str, Any] = {"form": form, "subscription": instance}
    if instance.pk:
        context["deliveries"] = (
            Delivery.objects.filter(
                tenant=user.tenant, transport="webhook", payload__subscription=instance.pk
            )
            .select_related("case")
            .order_by("-created_at")[:100]
        )
    return render(request, "webhooks/edit.html", context)
