from django.contrib import admin

from openvorgang.decisions.models import Decision, DecisionTemplate


@admin.register(DecisionTemplate)
class DecisionTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "tenant", "kind", "service_key", "active", "updated_at")
    list_filter = ("tenant", "kind", "active")


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("case", "kind", "channel", "dispatched_at", "bekanntgabe")
    readonly_fields = [f.name for f in Decision._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
