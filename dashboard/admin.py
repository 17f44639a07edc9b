from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Stat, StatRun


@admin.register(Stat)
class StatAdmin(ReadOnlyAdmin):
    list_display = ["scope", "scope_id", "day", "issues_fed_back", "issues_closed", "overdue"]
    list_filter = ["scope", "day"]


@admin.register(StatRun)
class StatRunAdmin(ReadOnlyAdmin):
    list_display = [field.name for field in StatRun._meta.fields][:6]
