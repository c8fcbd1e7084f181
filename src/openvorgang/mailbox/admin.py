from django.contrib import admin

from openvorgang.mailbox.models import StatusNoticeSetting


@admin.register(StatusNoticeSetting)
class StatusNoticeSettingAdmin(admin.ModelAdmin):
    list_display = ("tenant", "service_key", "statuses")
    list_filter = ("tenant",)
