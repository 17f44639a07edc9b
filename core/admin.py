"""Admin base classes shared by every app."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Logs are written by the services only; the admin may look, never change."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NoDeleteAdmin(admin.ModelAdmin):
    """Nothing is ever deleted through the app: withdraw instead."""

    def has_delete_permission(self, request, obj=None):
        return False
