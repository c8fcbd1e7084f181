from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from openvorgang.jobs import queue
from openvorgang.jobs.models import Job, Schedule


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "state", "attempts", "run_after", "worker", "finished_at"]
    list_filter = ["state", "name"]
    readonly_fields = [f.name for f in Job._meta.fields]
    actions = ["retry"]

    @admin.action(description=_("Erneut versuchen"))
    def retry(self, request: HttpRequest, queryset: QuerySet[Job]) -> None:
        for job in queryset:
            queue.retry(job)


admin.site.register(Schedule)
