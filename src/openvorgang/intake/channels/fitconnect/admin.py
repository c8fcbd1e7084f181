from __future__ import annotations

from django.contrib import admin

from openvorgang.intake.channels.fitconnect.models import Destination


@admin.register(Destination)
class DestinationAdmin(admin.ModelAdmin):
    list_display = ["name", "destination_id", "tenant", "active", "last_polled_at"]
    list_filter = ["active"]
    readonly_fields = ["last_polled_at", "last_error", "sender"]
    exclude = ["client_secret", "decryption_key", "signing_key", "callback_secret"]
