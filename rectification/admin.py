"""Admin of the rectification side. A staff member who is not a superuser sees here only what his
roles reach (ScopedAdminMixin, the rules of accounts/scopes.py)."""

from django.contrib import admin

from accounts.admin_site import ScopedAdminMixin
from core.admin import NoDeleteAdmin, ReadOnlyAdmin

from .models import (
    Action,
    DeadlineExtension,
    Evaluation,
    EvaluationTemplate,
    Evidence,
    Feedback,
    Measure,
    Plan,
    Progress,
    Review,
)


@admin.register(Feedback)
class FeedbackAdmin(ScopedAdminMixin, NoDeleteAdmin):
    list_display = ["assignment", "meeting_date", "leader_attendance", "recorded_by"]
    list_select_related = ["assignment__round", "assignment__unit", "recorded_by"]


@admin.register(Plan)
class PlanAdmin(ScopedAdminMixin, NoDeleteAdmin):
    list_display = ["assignment", "version", "status", "submitted_by", "reviewed_by"]
    list_filter = ["status"]


@admin.register(Measure)
class MeasureAdmin(ScopedAdminMixin, NoDeleteAdmin):
    list_display = ["issue", "kind", "responsible_leader", "responsible_person", "deadline"]
    list_filter = ["kind"]
    raw_id_fields = ["issue"]


class EvidenceInline(ScopedAdminMixin, admin.TabularInline):
    model = Evidence
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "sha256", "uploaded_at"]
    exclude = ["file"]
    can_delete = False  # evidence is a record: the database refuses to delete it


@admin.register(Progress)
class ProgressAdmin(ScopedAdminMixin, NoDeleteAdmin):
    list_display = ["issue", "date", "submitted_by"]
    raw_id_fields = ["issue"]
    inlines = [EvidenceInline]


@admin.register(Review)
class ReviewAdmin(ScopedAdminMixin, ReadOnlyAdmin):
    list_display = ["issue", "decision", "reviewer", "created_at"]
    list_filter = ["decision"]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(ScopedAdminMixin, NoDeleteAdmin):
    """Requests and decisions go through the services (they move the deadline and write the
    issue's events); the admin only looks."""

    list_display = ["issue", "requested_deadline", "status", "requested_by", "decided_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["issue", "requested_by", "decided_by"]
    readonly_fields = [
        "issue",
        "requested_by",
        "requested_deadline",
        "reason",
        "status",
        "decided_by",
        "decided_at",
        "decision_comment",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(EvaluationTemplate)
class EvaluationTemplateAdmin(NoDeleteAdmin):
    list_display = ["name", "office", "is_active"]


@admin.register(Evaluation)
class EvaluationAdmin(ScopedAdminMixin, ReadOnlyAdmin):
    list_display = ["assignment", "total", "grade", "evaluated_on", "evaluated_by"]
    list_filter = ["grade"]


@admin.register(Action)
class ActionAdmin(ScopedAdminMixin, NoDeleteAdmin):
    list_display = ["unit", "kind", "reason", "date", "taken_by"]
    list_filter = ["kind", "reason"]
