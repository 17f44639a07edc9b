"""The Django admin under the site's own rules: one sign-in page, and the same scope as everywhere else.

- ``/admin/login/`` does not sign anyone in: it sends the browser to the site's sign-in page
  (``/login/``), so the admin gets the same captcha, lockout, second factor and forced password
  change as the rest of the site.
- :class:`ScopedAdminMixin` limits what a staff member who is not a superuser sees in the admin to
  what his roles reach (``accounts/scopes.py``): lists, change pages, related choices, filters.

Nothing here registers a model: ``AdminSite`` is loaded while the admin site itself is being set up.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _

# Section names of third-party apps, in Chinese (our own apps name themselves in their AppConfig).
APP_NAMES = {
    "auth": _("用户组与权限"),
    "axes": _("登录失败与锁定"),
    "django_celery_results": _("后台任务结果"),
    "django_celery_beat": _("定时任务"),
    "pghistory": _("字段变更历史"),
    "authtoken": _("接口令牌"),
    "captcha": _("验证码"),
    "sites": _("站点"),
}


class AdminSite(admin.AdminSite):
    """The default admin site, signing in through the site's own sign-in page, branded 巡察工作平台
    with Chinese section names."""

    site_header = _("巡察工作平台 · 系统管理")
    site_title = _("巡察工作平台")
    index_title = _("系统管理")

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            if app["app_label"] in APP_NAMES:
                app["name"] = str(APP_NAMES[app["app_label"]])
        return apps

    def login(self, request, extra_context=None):
        if request.user.is_authenticated and not self.has_permission(request):
            # Signed in but not staff: sending him to sign in again would only bring him back here.
            raise PermissionDenied
        target = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("admin:index", current_app=self.name)
        return redirect(f"{reverse('login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")


class XunchaAdminConfig(AdminConfig):
    """INSTALLED_APPS entry for django.contrib.admin, with :class:`AdminSite` as the default site."""

    default_site = "accounts.admin_site.AdminSite"


def scoped(queryset, user):
    """``queryset`` limited to the rows ``user`` may read; unchanged for a superuser, or when its
    model has no scope rule (users, for instance)."""
    if user.is_superuser:
        return queryset
    from .scopes import visible_q

    try:
        return queryset.filter(visible_q(queryset.model, user))
    except LookupError:
        return queryset


def _is_relation(model, path: str) -> bool:
    try:
        return get_fields_from_path(model, path)[-1].is_relation
    except Exception:  # noqa: BLE001 - not a plain field path (e.g. a custom filter name): leave it as it is
        return False


class ScopedAdminMixin:
    """For a ModelAdmin or inline of a model with a scope rule: a staff member who is not a
    superuser sees only the rows his roles reach, chooses related objects only among those he may
    see, and filters by related objects only among the rows he sees."""

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and not request.user.is_superuser:
            kwargs["queryset"] = scoped(db_field.remote_field.model._default_manager.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and not request.user.is_superuser:
            kwargs["queryset"] = scoped(db_field.remote_field.model._default_manager.all(), request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        # A related filter lists every office (unit …) in the table; this one only those in the rows shown.
        related_only = admin.RelatedOnlyFieldListFilter
        return [
            (name, related_only) if isinstance(name, str) and _is_relation(self.model, name) else name
            for name in filters
        ]
