"""Admin of the inspection side. A staff member who is not a superuser sees here only what his
roles reach (ScopedAdminMixin, the rules of accounts/scopes.py).

Clues are kept out of the admin altogether: every clue read must be scoped and logged (ClueRead),
which the clue pages and the API do, and the admin offered nothing they lack. The read log itself
is here, scoped like the audit page."""

from django.contrib import admin

from accounts.admin_site import ScopedAdminMixin, scoped
from core.admin import NoDeleteAdmin, ReadOnlyAdmin

from .models import (
    Assignment,
    Clue,
    ClueRead,
    Group,
    GroupMembership,
    Issue,
    IssueCategory,
    IssueEvent,
    Round,
    SecretaryPoint,
    SpecialReport,
    Talent,
    Unit,
)


@admin.register(Unit)
class UnitAdmin(ScopedAdminMixin, NoDeleteAdmin):
    list_display = ["code", "name", "kind", "village_category", "office", "is_active"]
    list_filter = ["kind", "village_category", "office"]
    search_fields = ["code", "name", "principal_name"]
    autocomplete_fields = ["parent", "office"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "office" in form.changed_data:
            # A unit moved to another office's area (区划调整): its findings and clues follow it.
            Issue.objects.filter(unit=obj).update(home_office=obj.office_id)
            Clue.objects.filter(unit=obj).update(home_office=obj.office_id)


class GroupInline(ScopedAdminMixin, admin.TabularInline):
    model = Group
    extra = 0
    show_change_link = True


@admin.register(Round)
class RoundAdmin(ScopedAdminMixin, NoDeleteAdmin):
    list_display = ["__str__", "office", "kind", "stage", "planned_start", "planned_end"]
    list_filter = ["kind", "stage", "office"]
    search_fields = ["term", "theme"]
    inlines = [GroupInline]


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Group)
class GroupAdmin(ScopedAdminMixin, NoDeleteAdmin):
    list_display = ["__str__", "round"]
    list_filter = ["round__office"]
    search_fields = ["round__term"]
    inlines = [MembershipInline]


@admin.register(Talent)
class TalentAdmin(NoDeleteAdmin):
    list_display = ["name", "employer", "background", "specialty"]
    list_filter = ["background"]
    search_fields = ["name", "employer", "specialty"]
    autocomplete_fields = ["user", "past_units"]


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdminMixin, NoDeleteAdmin):
    list_display = ["round", "unit", "group", "entry_date", "exit_date", "feedback_date", "report_due"]
    list_filter = ["round__office", "round"]
    search_fields = ["unit__name", "unit__code"]
    autocomplete_fields = ["round", "unit", "group"]


@admin.register(IssueCategory)
class IssueCategoryAdmin(ScopedAdminMixin, NoDeleteAdmin):
    list_display = ["name", "parent", "office", "sort", "is_active"]
    list_filter = ["office", "is_active"]
    search_fields = ["name"]


@admin.register(Issue)
class IssueAdmin(ScopedAdminMixin, NoDeleteAdmin):
    """Read-mostly: state changes go through the services (the web UI and API)."""

    list_display = ["code", "title", "status", "unit", "deadline", "office"]
    list_filter = ["status", "office", "nature", "immediate"]
    search_fields = ["code", "title"]
    list_select_related = ["unit", "office"]
    readonly_fields = [field.name for field in Issue._meta.fields]
    show_full_result_count = False


@admin.register(ClueRead)
class ClueReadAdmin(ScopedAdminMixin, ReadOnlyAdmin):
    list_display = ["at", "user", "clue", "via"]
    list_filter = ["via"]
    list_select_related = ["user", "clue"]


@admin.register(IssueEvent)
class IssueEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "issue", "action", "from_status", "to_status", "actor"]
    list_filter = ["action"]
    list_select_related = ["issue", "actor"]

    def get_queryset(self, request):
        # The events of the issues he may read, as on the issue page (never a unit's view of drafting).
        events = super().get_queryset(request)
        if request.user.is_superuser:
            return events
        from accounts.scopes import issue_events_q

        return events.filter(issue__in=scoped(Issue.objects.all(), request.user)).filter(issue_events_q(request.user))


@admin.register(SecretaryPoint)
class SecretaryPointAdmin(ScopedAdminMixin, NoDeleteAdmin):
    list_display = ["__str__", "round", "kind", "created_at"]
    list_filter = ["kind"]


@admin.register(SpecialReport)
class SpecialReportAdmin(ScopedAdminMixin, NoDeleteAdmin):
    list_display = ["__str__", "round", "recipients", "created_at"]
    search_fields = ["title"]
