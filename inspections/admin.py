from django.contrib import admin

from core.admin import NoDeleteAdmin, ReadOnlyAdmin

from .models import (
    Assignment,
    Clue,
    ClueEvent,
    CluePerson,
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
class UnitAdmin(NoDeleteAdmin):
    list_display = ["code", "name", "kind", "village_category", "office", "is_active"]
    list_filter = ["kind", "village_category", "office"]
    search_fields = ["code", "name", "principal_name"]
    autocomplete_fields = ["parent", "office"]


class GroupInline(admin.TabularInline):
    model = Group
    extra = 0
    show_change_link = True


@admin.register(Round)
class RoundAdmin(NoDeleteAdmin):
    list_display = ["__str__", "office", "kind", "stage", "planned_start", "planned_end"]
    list_filter = ["kind", "stage", "office"]
    search_fields = ["term", "theme"]
    inlines = [GroupInline]


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Group)
class GroupAdmin(NoDeleteAdmin):
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
class AssignmentAdmin(NoDeleteAdmin):
    list_display = ["round", "unit", "group", "entry_date", "exit_date", "feedback_date", "report_due"]
    list_filter = ["round__office", "round"]
    search_fields = ["unit__name", "unit__code"]
    autocomplete_fields = ["round", "unit", "group"]


@admin.register(IssueCategory)
class IssueCategoryAdmin(NoDeleteAdmin):
    list_display = ["name", "parent", "office", "sort", "is_active"]
    list_filter = ["office", "is_active"]
    search_fields = ["name"]


@admin.register(Issue)
class IssueAdmin(NoDeleteAdmin):
    """Read-mostly: state changes go through the services (the web UI and API)."""

    list_display = ["code", "title", "status", "unit", "deadline", "office"]
    list_filter = ["status", "office", "nature", "immediate"]
    search_fields = ["code", "title"]
    list_select_related = ["unit", "office"]
    readonly_fields = [field.name for field in Issue._meta.fields]
    show_full_result_count = False


class CluePersonInline(admin.TabularInline):
    model = CluePerson
    extra = 0


@admin.register(Clue)
class ClueAdmin(NoDeleteAdmin):
    """Clues are confidential: the admin shows them only to superusers (the system admin)."""

    list_display = ["code", "status", "recipient", "transfer_date", "office"]
    list_filter = ["status", "recipient", "office"]
    search_fields = ["code"]
    readonly_fields = [field.name for field in Clue._meta.fields]
    inlines = [CluePersonInline]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(ClueRead)
class ClueReadAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "clue", "via"]
    list_filter = ["via"]
    list_select_related = ["user", "clue"]


@admin.register(IssueEvent)
class IssueEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "issue", "action", "from_status", "to_status", "actor"]
    list_filter = ["action"]
    list_select_related = ["issue", "actor"]


@admin.register(ClueEvent)
class ClueEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "clue", "action", "from_status", "to_status", "actor"]
    list_select_related = ["clue", "actor"]


@admin.register(SecretaryPoint)
class SecretaryPointAdmin(NoDeleteAdmin):
    list_display = ["__str__", "round", "kind", "created_at"]
    list_filter = ["kind"]


@admin.register(SpecialReport)
class SpecialReportAdmin(NoDeleteAdmin):
    list_display = ["__str__", "round", "recipients", "created_at"]
    search_fields = ["title"]
