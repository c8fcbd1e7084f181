from django.contrib import admin

from openvorgang.mailbox.forms import DispatchForm
from openvorgang.mailbox.models import DispatchSetting, StatusNoticeSetting


@admin.register(StatusNoticeSetting)
class StatusNoticeSettingAdmin(admin.ModelAdmin):
    list_display = ("tenant", "service_key", "statuses")
    list_filter = ("tenant",)


@admin.register(DispatchSetting)
class DispatchSettingAdmin(admin.ModelAdmin):
    form = DispatchForm
    list_display = ("tenant", "channel_order", "bekanntgabe_days", "holiday_region")
