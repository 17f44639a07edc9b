from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["user", "alert", "created_at", "read_at", "emailed_on"]
    list_select_related = ["user", "alert"]
