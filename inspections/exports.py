"""Ledgers (台账) as Excel: streamed with bounded memory, filtered exactly as the lists are.

A ledger is a list of columns over a scoped, filtered queryset. Rows come from a server-side
cursor (``QuerySet.iterator``) and go straight into XlsxWriter in constant-memory mode, so
memory stays flat whatever the row count; past Excel's row limit the rows continue on a new
sheet. Text cells are written with ``write_string``: a value starting with ``=``, ``+``,
``-`` or ``@`` stays text and is never evaluated as a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

import django_filters
import xlsxwriter
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import Role
from accounts.scopes import has_role

from .choices import Ledger

EXCEL_MAX_ROWS = 1_048_576
TEXT, DATE, INT, MONEY = "text", "date", "int", "money"


@dataclass(frozen=True)
class Column:
    header: str
    path: str  # a values_list() lookup
    kind: str = TEXT
    width: int = 14
    choices: dict | None = None  # code -> label, for status-like columns
    total: bool = False


@dataclass
class LedgerSpec:
    """What a ledger shows: its columns over the scoped, filtered queryset of one model."""

    code: str
    title: str
    columns: list[Column]
    queryset: Callable[[object], QuerySet]  # user -> scoped queryset with annotations
    filterset: type
    roles: tuple[str, ...] | None = None  # None: anyone may export what he sees
    order_by: tuple[str, ...] = ("id",)
    paths: list[str] = field(init=False)

    def __post_init__(self):
        self.paths = [column.path for column in self.columns]


def registry() -> dict[str, LedgerSpec]:
    """All ledgers, built lazily (they import both apps' models and filtersets)."""
    from rectification.exports import rectification_ledgers

    from .ledgers import inspection_ledgers

    return {spec.code: spec for spec in [*inspection_ledgers(), *rectification_ledgers()]}


def ledger_spec(code: str) -> LedgerSpec:
    try:
        return registry()[code]
    except KeyError:
        raise ValidationError({"ledger": _("未知的台账类型：%(code)s") % {"code": code}}) from None


def check_may_export(user, spec: LedgerSpec) -> None:
    if spec.roles and not has_role(user, *spec.roles):
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
        declared = spec.filterset.base_filters.get(name)
        label = str(declared.label) if declared is not None and declared.label else name
        values = list(value) if isinstance(value, list | tuple) else [value]
        shown = "、".join(_readable(spec, declared, item) for item in values)
        parts.append(f"{label}={shown}")
    return "；".join(parts) or _("全部")


def _readable(spec: LedgerSpec, declared, value) -> str:
    """A filter value as a person reads it: a choice's label, an object's name, 是/否."""
    if declared is None:
        return str(value)
    choices = declared.extra.get("choices")
    if choices and not callable(choices):
        return str(dict(choices).get(value, value))
    if isinstance(declared, django_filters.BooleanFilter):
        return str(_("是") if str(value).lower() in ("true", "1", "yes") else _("否"))
    if isinstance(declared, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
        try:
            field = spec.filterset._meta.model._meta.get_field(declared.field_name)
        except FieldDoesNotExist:
            return str(value)
        related = field.related_model
        if related is not None and str(value).isdigit():
            found = related._default_manager.filter(pk=value).first()
            return str(found) if found is not None else str(value)
    return str(value)


def rows(queryset: QuerySet, spec: LedgerSpec, chunk_size: int = 2000) -> Iterator[tuple]:
    """Stream value tuples from a server-side cursor."""
    return queryset.values_list(*spec.paths).iterator(chunk_size=chunk_size)


class LedgerWriter:
    """Writes one ledger workbook to ``path`` row by row (XlsxWriter, constant memory)."""

    def __init__(self, path, spec: LedgerSpec, *, office_name: str, filter_text: str, max_rows: int = EXCEL_MAX_ROWS):
        self.spec = spec
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
        self.title_format = self.book.add_format({"bold": True, "font_size": 14})
        self.note_format = self.book.add_format({"font_color": "#555555"})
        self.header_format = self.book.add_format(
            {"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True, "valign": "vcenter"}
        )
        self.formats = {
            DATE: self.book.add_format({"num_format": "yyyy-mm-dd"}),
            INT: self.book.add_format({"num_format": "0"}),
            MONEY: self.book.add_format({"num_format": "#,##0.00"}),
            TEXT: self.book.add_format({"text_wrap": False}),
        }
        self.total_format = self.book.add_format({"bold": True, "top": 1, "num_format": "#,##0.00"})
        self.title = _("%(ledger)s（%(office)s）") % {"ledger": spec.title, "office": office_name}
        self.note = _("筛选条件：%(filters)s    导出时间：%(at)s") % {
            "filters": filter_text,
            "at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        }
        self.max_rows = max_rows
        self.header_rows = 3  # title, note, headers
        self.totals = [Decimal("0") if column.total else None for column in spec.columns]
        self.count = 0
        self.sheet = None
        self.sheet_number = 0
        self.row = 0

    def _new_sheet(self) -> None:
        self.sheet_number += 1
        name = self.spec.title[:25] if self.sheet_number == 1 else f"{self.spec.title[:22]}_{self.sheet_number}"
        self.sheet = self.book.add_worksheet(name)
        self.sheet.write_string(0, 0, self.title, self.title_format)
        self.sheet.write_string(1, 0, self.note, self.note_format)
        for index, column in enumerate(self.spec.columns):
            self.sheet.set_column(index, index, column.width)
            self.sheet.write_string(2, index, column.header, self.header_format)
        self.sheet.freeze_panes(3, 0)
        self.row = self.header_rows

    def write(self, values: tuple) -> None:
        # Leave a row free at the end of each sheet for the totals line.
        if self.sheet is None or self.row >= self.max_rows - 1:
            self._new_sheet()
        sheet, row = self.sheet, self.row
        for index, (column, value) in enumerate(zip(self.spec.columns, values, strict=True)):
            if value is None or value == "":
                continue
            if column.choices is not None:
                value = column.choices.get(value, value)
            if column.kind == DATE:
                if isinstance(value, dt.datetime):
                    value = timezone.localtime(value).replace(tzinfo=None)
                sheet.write_datetime(row, index, value, self.formats[DATE])
            elif column.kind in (INT, MONEY):
                sheet.write_number(row, index, float(value), self.formats[column.kind])
                if column.total:
                    self.totals[index] += Decimal(str(value))
            else:
                sheet.write_string(row, index, str(value), self.formats[TEXT])
        self.row += 1
        self.count += 1

    def close(self) -> int:
        if self.sheet is None:
            self._new_sheet()
        if any(total is not None for total in self.totals):
            self.sheet.write_string(self.row, 0, _("合计"), self.total_format)
            for index, total in enumerate(self.totals):
                if total is not None:
                    self.sheet.write_number(self.row, index, float(total), self.total_format)
        self.book.close()
        return self.count


def write_ledger(
    path,
    *,
    user,
    code: str,
    filters: dict,
    progress: Callable[[int, int], None] | None = None,
    every: int = 5000,
    max_rows: int = EXCEL_MAX_ROWS,
) -> int:
    """Write the ledger for ``user`` with ``filters`` to ``path``; returns the row count."""
    spec = ledger_spec(code)
    queryset = filtered_queryset(user, spec, filters)
    total = queryset.count() if progress else 0
    writer = LedgerWriter(
        path, spec, office_name=office_name(user), filter_text=describe_filters(spec, filters), max_rows=max_rows
    )
    for values in rows(queryset, spec):
        writer.write(values)
        if progress and writer.count % every == 0:
            progress(writer.count, total)
    count = writer.close()
    if progress:
        progress(count, total)
    return count


def office_name(user) -> str:
    from accounts.scopes import grants

    names = {grant.office_path: grant for grant in grants(user)}
    if not names:
        return ""
    from accounts.models import Office

    top = min(names, key=len)
    return Office.objects.filter(pk=names[top].office_id).values_list("name", flat=True).first() or ""


def file_name(code: str) -> str:
    return f"{Ledger(code).label}_{timezone.localtime():%Y%m%d_%H%M}.xlsx"


def choices_map(choices: Iterable) -> dict:
    return {value: str(label) for value, label in choices}


CLUE_ROLES = (Role.CLUE_OFFICER, Role.ADMIN)
LEDGER_TITLE = gettext_lazy("台账")
