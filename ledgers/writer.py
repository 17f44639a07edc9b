"""Ledgers (台账) as Excel: streamed with bounded memory, filtered exactly as the lists are.

A ledger is a list of columns over a scoped, filtered queryset (``core.ledgers.LedgerSpec``,
declared by each app). Rows come from a server-side cursor (``QuerySet.iterator``) and go
straight into XlsxWriter in constant-memory mode, so memory stays flat whatever the row count;
past Excel's row limit the rows continue on a new sheet. Text cells are written with
``write_string``: a value starting with ``=``, ``+``, ``-`` or ``@`` stays text and is never
evaluated as a formula.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable
from decimal import Decimal

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from core.ledgers import DATE, INT, MONEY, TEXT, LedgerSpec

from .choices import Ledger
from .selectors import describe_filters, filtered_queryset, ledger_spec, office_name, rows

EXCEL_MAX_ROWS = 1_048_576


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
    """Write the ledger for ``user`` with ``filters`` to ``path``; returns the row count.

    A ledger whose rows are logged when read (the clue ledger) also streams each row's primary
    key, kept in a compact array; once the file is complete every row in it is logged at once.
    """
    spec = ledger_spec(code)
    queryset = filtered_queryset(user, spec, filters)
    if spec.writer is not None:
        filter_text = describe_filters(spec, filters)
        return spec.writer(
            path, user=user, queryset=queryset, filters=filters, filter_text=filter_text, progress=progress
        )
    total = queryset.count() if progress else 0
    writer = LedgerWriter(
        path, spec, office_name=office_name(user), filter_text=describe_filters(spec, filters), max_rows=max_rows
    )
    read_ids = array("q") if spec.log_reads else None
    for values in rows(queryset, spec, with_pk=read_ids is not None):
        if read_ids is not None:
            read_ids.append(values[0])
            values = values[1:]
        writer.write(values)
        if progress and writer.count % every == 0:
            progress(writer.count, total)
    count = writer.close()
    if read_ids is not None:
        spec.log_reads(user, read_ids)
    if progress:
        progress(count, total)
    return count


def file_name(code: str) -> str:
    return f"{Ledger(code).label}_{timezone.localtime():%Y%m%d_%H%M}.xlsx"
