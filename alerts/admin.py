from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Alert


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["kind", "level", "issue", "assignment", "clue", "due", "raised_at", "resolved_at"]
    list_filter = ["kind", "level"]
