"""Reads of the ledgers app: the declared ledgers, their scoped and filtered rows, the export log.

The ledgers themselves are declared by the apps that own their data (``inspections/ledgers.py``,
``rectification/ledgers.py``, ...), found when Django starts (``LedgersConfig.ready``); here
they become one registry keyed by the ``Ledger`` choices, whose labels are their titles.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from types import SimpleNamespace

import django_filters
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.scopes import export_log_q, has_role
from core.ledgers import LedgerSpec, declared

from .choices import Ledger
from .models import Export


def registry() -> dict[str, LedgerSpec]:
    """Every declared ledger by code, in the order of the ``Ledger`` choices, titled by their labels."""
    specs = {spec.code: spec for spec in declared()}
    if set(specs) != set(Ledger.values):
        raise ImproperlyConfigured(f"declared ledgers {sorted(specs)} differ from Ledger choices {Ledger.values}")
    return {code: replace(specs[code], title=str(Ledger(code).label)) for code in Ledger.values}


def ledger_spec(code: str) -> LedgerSpec:
    try:
        return registry()[code]
    except KeyError:
        raise ValidationError({"ledger": _("未知的台账类型：%(code)s") % {"code": code}}) from None


def may_export(user, spec: LedgerSpec) -> bool:
    return not spec.roles or has_role(user, *spec.roles)


def check_may_export(user, spec: LedgerSpec) -> None:
    if not may_export(user, spec):
        raise PermissionDenied(_("您无权导出%(title)s。") % {"title": spec.title})


def filtered_queryset(user, spec: LedgerSpec, filters: dict) -> QuerySet:
    """The scoped queryset of the ledger, narrowed by the list's FilterSet (400 on bad filters)."""
    check_may_export(user, spec)
    filterset = spec.filterset(data=filters or {}, queryset=spec.queryset(user), request=SimpleNamespace(user=user))
    if not filterset.is_valid():
        raise ValidationError({f"filters.{name}": errors for name, errors in filterset.errors.items()})
    return filterset.qs.order_by(*spec.order_by)


def describe_filters(spec: LedgerSpec, filters: dict) -> str:
    """"状态=整改中；轮次=十一届市委第3轮" for the title row: labels, not codes or ids."""
    parts = []
    for name, value in (filters or {}).items():
        if value in (None, "", []):
            continue
        declared_filter = spec.filterset.base_filters.get(name)
        label = str(declared_filter.label) if declared_filter is not None and declared_filter.label else name
        values = list(value) if isinstance(value, list | tuple) else [value]
        shown = "、".join(_readable(spec, declared_filter, item) for item in values)
        parts.append(f"{label}={shown}")
    return "；".join(parts) or _("全部")


def _readable(spec: LedgerSpec, declared_filter, value) -> str:
    """A filter value as a person reads it: a choice's label, an object's name, 是/否."""
    if declared_filter is None:
        return str(value)
    choices = declared_filter.extra.get("choices")
    if choices and not callable(choices):
        return str(dict(choices).get(value, value))
    if isinstance(declared_filter, django_filters.BooleanFilter):
        return str(_("是") if str(value).lower() in ("true", "1", "yes") else _("否"))
    if isinstance(declared_filter, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
        try:
            field = spec.filterset._meta.model._meta.get_field(declared_filter.field_name)
        except FieldDoesNotExist:
            return str(value)
        related = field.related_model
        if related is not None and str(value).isdigit():
            found = related._default_manager.filter(pk=value).first()
            return str(found) if found is not None else str(value)
    return str(value)


def rows(queryset: QuerySet, spec: LedgerSpec, chunk_size: int = 2000, *, with_pk: bool = False) -> Iterator[tuple]:
    """Stream value tuples from a server-side cursor (led by the row's primary key ``with_pk``)."""
    paths = ["pk", *spec.paths] if with_pk else spec.paths
    return queryset.values_list(*paths).iterator(chunk_size=chunk_size)


def office_name(user) -> str:
    """The name of the highest office the user holds a role in (the ledger's title line)."""
    from accounts.models import Office
    from accounts.scopes import grants

    names = {grant.office_path: grant for grant in grants(user)}
    if not names:
        return ""
    top = min(names, key=len)
    return Office.objects.filter(pk=names[top].office_id).values_list("name", flat=True).first() or ""


def own_exports(user) -> QuerySet:
    """The user's own export jobs, newest first (their files may hold confidential rows)."""
    return Export.objects.filter(user=user).order_by("-created_at", "-id")


def export_log(user) -> QuerySet:
    """The export log an admin may read (exports by people of his office subtree); others none."""
    if not has_role(user, Role.ADMIN):
        raise PermissionDenied(_("只有系统管理员可以查看台账导出记录。"))
    return Export.objects.filter(export_log_q(user)).select_related("user")
