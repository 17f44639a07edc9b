from django.contrib import admin

from core.admin import NoDeleteAdmin, ReadOnlyAdmin

from .models import (
    Action,
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
class FeedbackAdmin(NoDeleteAdmin):
    list_display = ["assignment", "meeting_date", "leader_attendance", "recorded_by"]
    list_select_related = ["assignment__round", "assignment__unit", "recorded_by"]


@admin.register(Plan)
class PlanAdmin(NoDeleteAdmin):
    list_display = ["assignment", "version", "status", "submitted_by", "reviewed_by"]
    list_filter = ["status"]


@admin.register(Measure)
class MeasureAdmin(NoDeleteAdmin):
    list_display = ["issue", "kind", "responsible_leader", "responsible_person", "deadline"]
    list_filter = ["kind"]
    raw_id_fields = ["issue"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "sha256", "uploaded_at"]
    exclude = ["file"]


@admin.register(Progress)
class ProgressAdmin(NoDeleteAdmin):
    list_display = ["issue", "date", "submitted_by"]
    raw_id_fields = ["issue"]
    inlines = [EvidenceInline]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["issue", "decision", "reviewer", "created_at"]
    list_filter = ["decision"]


@admin.register(EvaluationTemplate)
class EvaluationTemplateAdmin(NoDeleteAdmin):
    list_display = ["name", "office", "is_active"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "total", "grade", "evaluated_on", "evaluated_by"]
    list_filter = ["grade"]


@admin.register(Action)
class ActionAdmin(NoDeleteAdmin):
    list_display = ["unit", "kind", "reason", "date", "taken_by"]
    list_filter = ["kind", "reason"]
