from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .admin_site import ScopedAdminMixin
from .models import Office, RoleAssignment, User
from .scopes import audited_users


class RoleAssignmentInline(ScopedAdminMixin, admin.TabularInline):
    """Offices and units to grant a role in: only those the granting admin's roles reach."""

    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["office"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleAssignmentInline]
    actions = ["sign_out_everywhere"]

    def save_model(self, request, obj, form, change):
        # An account an admin creates (or whose password he sets) must get a new password at first sign-in.
        if not change or "password" in form.changed_data:
            obj.must_change_password = True
        super().save_model(request, obj, form, change)

    @admin.action(description=_("强制下线（结束其全部会话并作废接口令牌）"))
    def sign_out_everywhere(self, request, queryset):
        from .security import sign_out_everywhere

        for user in queryset:
            sign_out_everywhere(user)
        self.message_user(request, _("已强制 %(n)s 个用户下线。") % {"n": queryset.count()})

    def get_queryset(self, request):
        """A county admin manages the people of his office subtree (and accounts not yet given a
        role), never another office's; a superuser manages everyone."""
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        users = audited_users(request.user)
        reached = Q(pk__in=users) if users is not None else Q(pk__in=[])
        return queryset.filter(reached | Q(roles__isnull=True)).distinct()

    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("档案"), {"fields": ["full_name", "phone", "must_change_password"]}),)


@admin.register(Office)
class OfficeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name"]
