"""Ledgers (台账) as Excel: streamed with bounded memory, filtered exactly as the lists are.

A ledger is a list of columns over a scoped, filtered queryset (``core.ledgers.LedgerSpec``,
declared by each app). Rows come from a server-side cursor (``QuerySet.iterator``) and go
straight into XlsxWriter in constant-memory mode, so memory stays flat whatever the row count;
past Excel's row limit the rows continue on a new sheet. Text cells are written with
``write_string``: a value starting with ``=``, ``+``, ``-`` or ``@`` stays text and is never
evaluated as a formula.

Every sheet is ready to print (``apply_print_setup``): landscape, fitted to the page width on A3
or A4 (``LedgerSpec.paper_size``), title and header rows repeated on each page, the footer
“第 &P 页 共 &N 页”, bordered cells, long text wrapped in narrowed columns, an autofilter on the
header row. A row whose long text wraps is given the height of its lines (``text_lines``), so
Excel and LibreOffice print it whole without being asked to fit rows.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable
from decimal import Decimal

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from core.ledgers import A3, A4, DATE, INT, MONEY, TEXT, LedgerSpec

from .choices import Ledger
from .selectors import describe_filters, filtered_queryset, ledger_spec, office_name, rows

EXCEL_MAX_ROWS = 1_048_576
PAPER = {A3: 8, A4: 9}  # Excel's paper size codes
HEADER_ROWS = 3  # title, note, headers


DISPLAY_MEMO = 10_000  # displayed values remembered per column
ROW_HEIGHT, MAX_ROW_HEIGHT = 15, 409  # points: one line of 11 pt text, Excel's tallest row


def text_lines(text: str, width: int) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide: a Chinese
    character is two characters wide (its GB18030 bytes count it so, at C speed)."""
    usable = max(width - 1, 1)
    return sum(-(-len(line.encode("gb18030", "replace")) // usable) or 1 for line in text.split("\n"))


def page_footer() -> str:
    """The footer, centred: 第 &P 页 共 &N 页 (&P the page, &N the page count)."""
    return "&C" + _("第 &P 页 共 &N 页")


def apply_print_setup(sheet, spec: LedgerSpec, *, header_rows: int = HEADER_ROWS) -> None:
    """Page set-up of a ledger sheet: landscape, fit to width, repeated title rows, page footer."""
    sheet.set_landscape()
    sheet.set_paper(PAPER[spec.paper_size])
    sheet.fit_to_pages(1, 0)  # one page wide, as many tall as needed
    sheet.repeat_rows(0, header_rows - 1)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.set_footer(page_footer(), {"margin": 0.25})
    sheet.center_horizontally()


class LedgerWriter:
    """Writes one ledger workbook to ``path`` row by row (XlsxWriter, constant memory)."""

    def __init__(self, path, spec: LedgerSpec, *, office_name: str, filter_text: str, max_rows: int = EXCEL_MAX_ROWS):
        self.spec = spec
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
        add = self.book.add_format
        self.title_format = add({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
        self.note_format = add({"font_color": "#555555"})
        self.header_format = add(
            {
                "bold": True,
                "bg_color": "#F2DCDB",
                "border": 1,
                "text_wrap": True,
                "align": "center",
                "valign": "vcenter",
            }
        )
        cell = {"border": 1, "valign": "top"}
        self.formats = {
            DATE: add({**cell, "num_format": "yyyy-mm-dd"}),
            INT: add({**cell, "num_format": "0"}),
            MONEY: add({**cell, "num_format": "#,##0.00"}),
            TEXT: add(cell),
        }
        self.wrap_format = add({**cell, "text_wrap": True})
        # (index, printed width) of the wrapped columns, whose text sets the row's height.
        self.wrapped = [(i, c.print_width) for i, c in enumerate(spec.columns) if c.wraps and c.kind == TEXT]
        # Per column: wrapped text or the format of its kind.
        self.column_formats = [
            self.wrap_format if column.wraps else self.formats[column.kind] for column in spec.columns
        ]
        total = {"bold": True, "border": 1, "top": 2}
        self.total_formats = {
            INT: add({**total, "num_format": "0"}),  # counts are integers, not money
            MONEY: add({**total, "num_format": "#,##0.00"}),
            TEXT: add(total),
        }
        self.title = _("%(ledger)s（%(office)s）") % {"ledger": spec.title, "office": office_name}
        self.note = _("筛选条件：%(filters)s    导出时间：%(at)s") % {
            "filters": filter_text,
            "at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        }
        self.max_rows = max_rows
        self.header_rows = HEADER_ROWS
        self.totals = [Decimal("0") if column.total else None for column in spec.columns]
        self.count = 0
        self.displayed: dict[int, dict] = {}
        self.sheet = None
        self.sheet_number = 0
        self.row = 0

    def _new_sheet(self) -> None:
        self._finish_sheet()
        self.sheet_number += 1
        name = self.spec.title[:25] if self.sheet_number == 1 else f"{self.spec.title[:22]}_{self.sheet_number}"
        self.sheet = sheet = self.book.add_worksheet(name)
        last = len(self.spec.columns) - 1
        for index, column in enumerate(self.spec.columns):
            sheet.set_column(index, index, column.print_width)
        sheet.set_row(0, 24)
        if last > 0:
            sheet.merge_range(0, 0, 0, last, self.title, self.title_format)
        else:
            sheet.write_string(0, 0, self.title, self.title_format)
        sheet.write_string(1, 0, self.note, self.note_format)
        for index, column in enumerate(self.spec.columns):
            sheet.write_string(2, index, column.header, self.header_format)
        sheet.freeze_panes(self.header_rows, 0)
        apply_print_setup(sheet, self.spec, header_rows=self.header_rows)
        self.row = self.header_rows

    def _display(self, index: int, column, value):
        """``column.display(value)``, remembered per column (group numbers repeat on every row)."""
        memo = self.displayed.setdefault(index, {})
        try:
            return memo[value]
        except KeyError:
            shown = column.display(value)
            if len(memo) < DISPLAY_MEMO:
                memo[value] = shown
            return shown

    def _finish_sheet(self, last_row: int | None = None) -> None:
        """The autofilter over the header and data rows of the sheet being closed."""
        if self.sheet is not None:
            last_row = max(self.row - 1, self.header_rows - 1) if last_row is None else last_row
            self.sheet.autofilter(self.header_rows - 1, 0, last_row, len(self.spec.columns) - 1)

    def write(self, values: tuple) -> None:
        # Leave a row free at the end of each sheet for the totals line.
        if self.sheet is None or self.row >= self.max_rows - 1:
            self._new_sheet()
        sheet, row = self.sheet, self.row
        lines = 1
        for index, width in self.wrapped:
            value = values[index]
            if value:
                lines = max(lines, text_lines(str(value), width))
        if lines > 1:
            sheet.set_row(row, min(ROW_HEIGHT * lines, MAX_ROW_HEIGHT))
        for index, (column, value) in enumerate(zip(self.spec.columns, values, strict=True)):
            if value is None or value == "":
                sheet.write_blank(row, index, None, self.column_formats[index])  # bordered when printed
                continue
            if column.choices is not None:
                value = column.choices.get(value, value)
            if column.display is not None:
                value = self._display(index, column, value)
            cell_format = self.column_formats[index]
            if column.kind == DATE:
                if isinstance(value, dt.datetime):
                    value = timezone.localtime(value).replace(tzinfo=None)
                sheet.write_datetime(row, index, value, cell_format)
            elif column.kind in (INT, MONEY):
                sheet.write_number(row, index, float(value), cell_format)
                if column.total:
                    self.totals[index] += Decimal(str(value))
            else:
                sheet.write_string(row, index, str(value), cell_format)
        self.row += 1
        self.count += 1

    def close(self) -> int:
        if self.sheet is None:
            self._new_sheet()
        last_row = self.row - 1
        if any(total is not None for total in self.totals):
            # The totals line is outside the autofilter, so filtering never hides it.
            self.sheet.write_string(self.row, 0, _("合计"), self.total_formats[TEXT])
            for index, total in enumerate(self.totals):
                if total is not None:
                    kind = self.spec.columns[index].kind
                    value = int(total) if kind == INT else float(total)
                    self.sheet.write_number(
                        self.row, index, value, self.total_formats.get(kind, self.total_formats[MONEY])
                    )
        self._finish_sheet(max(last_row, self.header_rows - 1))
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
