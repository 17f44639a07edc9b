"""Reading an office's own historic ledgers (历史台账): any layout, mapped to the issue's fields.

Offices keep years of findings in spreadsheets of their own making: a merged title row or two
above the headers, headers worded their way (问题清单, 存在问题, 整改时限, 完成情况 …), blank rows
between units, a totals row (合计) at the end, dates written “2023年3月5日”, “2023.3.5” or as
date cells, digits in full width (２０２３). This module reads such a sheet (.xlsx or .csv;
an .xls is refused with a request to save it as .xlsx), finds its header row, suggests which
field each column holds (``suggest_mapping``, from the header words), maps status words to the
lifecycle (已整改/已销号 → closed, 整改中 → rectifying, 长期整改 → long-term …) and checks every
row, naming the row and column of each error (``read_ledger``). Nothing is written here: the
result is all or nothing (``HistoricLedger.ok``), and loading it is a separate step.

The mapping step (``sheet_layout``) shows each column's header and first values, and the status
words the sheet uses; the user's choices come back as ``mapping`` (column → field) and
``statuses`` (status word → lifecycle status, over ``parse_status``). ``header_signature`` names a
layout by its headers, so an office's saved mapping (``inspections.models.HistoricMapping``) is
offered again for a sheet of the same layout.

Pure Python (no database): a 20,000-row ledger is read and checked in a few seconds (test).
Loading is ``inspections.services.historic`` (all or nothing, a Celery job with progress); the
screens (upload → mapping → preview → confirm) are ``inspections/views/historic.py`` and the user
flow is described in docs/imports.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .choices import IssueStatus

# field -> header words that name it (compared without spaces, punctuation or brackets).
FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "code": ("问题编号", "编号"),
    "round": ("轮次", "巡察轮次", "届次轮次", "巡察批次"),
    "group": ("巡察组", "组别", "巡察组别"),
    "unit": ("被巡察单位", "被巡察党组织", "巡察对象", "单位名称", "单位"),
    "category": ("问题类别", "问题类型", "问题分类", "类别"),
    "title": ("问题标题", "问题清单", "存在问题", "主要问题", "问题描述", "反馈问题", "问题"),
    "facts": ("问题事实", "具体表现", "问题表现", "具体问题"),
    "found_on": ("发现日期", "发现时间", "反馈日期", "反馈时间"),
    "deadline": ("整改期限", "整改时限", "完成时限", "整改时间"),
    "status": ("整改状态", "完成情况", "整改情况", "状态", "是否完成"),
    "closed_on": ("销号时间", "销号日期", "完成时间", "完成日期", "整改完成时间"),
    "measure": ("整改措施", "任务清单", "整改举措"),
    "responsible_leader": ("责任领导", "分管领导"),
    "responsible_department": ("责任部门", "责任单位", "责任科室"),
    "responsible_person": ("责任人", "具体责任人"),
    "close_comment": ("销号意见", "验收意见", "审核意见"),
}
FIELD_LABELS = {
    "code": _lazy("问题编号"),
    "round": _lazy("轮次"),
    "group": _lazy("巡察组"),
    "unit": _lazy("被巡察单位"),
    "category": _lazy("问题类别"),
    "title": _lazy("问题"),
    "facts": _lazy("问题事实"),
    "found_on": _lazy("发现日期"),
    "deadline": _lazy("整改期限"),
    "status": _lazy("整改状态"),
    "closed_on": _lazy("销号日期"),
    "measure": _lazy("整改措施"),
    "responsible_leader": _lazy("责任领导"),
    "responsible_department": _lazy("责任部门"),
    "responsible_person": _lazy("责任人"),
    "close_comment": _lazy("销号意见"),
}
REQUIRED = ("unit", "title", "status")
DATE_FIELDS = ("found_on", "deadline", "closed_on")

# Status words -> lifecycle (compared after normalising; the longest word that matches wins).
STATUS_WORDS: dict[str, str] = {
    "已销号": IssueStatus.CLOSED,
    "销号": IssueStatus.CLOSED,
    "已整改": IssueStatus.CLOSED,
    "已完成": IssueStatus.CLOSED,
    "完成": IssueStatus.CLOSED,
    "已办结": IssueStatus.CLOSED,
    "整改完成": IssueStatus.CLOSED,
    "整改中": IssueStatus.RECTIFYING,
    "正在整改": IssueStatus.RECTIFYING,
    "推进中": IssueStatus.RECTIFYING,
    "未完成": IssueStatus.RECTIFYING,
    "未整改": IssueStatus.RECTIFYING,
    "基本完成": IssueStatus.RECTIFYING,
    "长期整改": IssueStatus.LONG_TERM,
    "持续整改": IssueStatus.LONG_TERM,
    "长期坚持": IssueStatus.LONG_TERM,
    "持续推进": IssueStatus.LONG_TERM,
    "待验收": IssueStatus.PENDING_REVIEW,
    "待审核": IssueStatus.PENDING_REVIEW,
    "申请销号": IssueStatus.PENDING_REVIEW,
}
# The lifecycle statuses a historic finding may be loaded in (the choices of the mapping step).
HISTORIC_STATUSES = (IssueStatus.CLOSED, IssueStatus.RECTIFYING, IssueStatus.LONG_TERM, IssueStatus.PENDING_REVIEW)
TOTAL_WORDS = ("合计", "总计", "小计", "共计")
HEADER_SEARCH_ROWS = 15
MAX_ROWS = 200_000


class HistoricFileError(ValueError):
    """The file as a whole cannot be read (not a spreadsheet, no header row found)."""


@dataclass(frozen=True)
class CellError:
    row: int  # the sheet's row number (1-based, as the spreadsheet shows it)
    column: str  # the sheet's column letter ("" for the row as a whole)
    message: str

    def __str__(self) -> str:
        where = f"{self.column}{self.row}" if self.column else _("第%(row)d行") % {"row": self.row}
        return f"{where}：{self.message}"


@dataclass
class HistoricRow:
    number: int  # the sheet's row number
    values: dict[str, object]  # field -> normalised value (dates as dt.date, status as IssueStatus)


@dataclass
class HistoricLedger:
    headers: list[str]
    header_row: int
    mapping: dict[int, str]  # column index (0-based) -> field
    rows: list[HistoricRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # blank, title and totals rows

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    def names(self, field_name: str) -> list[str]:
        """The distinct values of a field (rounds, groups, units the ledger names), in order."""
        seen: dict[str, None] = {}
        for row in self.rows:
            value = row.values.get(field_name)
            if value:
                seen.setdefault(str(value), None)
        return list(seen)


# --- normalising -------------------------------------------------------------------------------


def half_width(text: str) -> str:
    """Full-width digits, letters and ASCII punctuation as half width (２０２３．３ → 2023.3)."""
    return "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else (" " if c == "\u3000" else c) for c in text)


def squeeze(text: str) -> str:
    """A header compared by its words only: no spaces, brackets' contents or punctuation."""
    text = half_width(str(text or ""))
    text = re.sub(r"[(（][^)）]*[)）]", "", text)
    return "".join(c for c in text if not unicodedata.category(c).startswith(("P", "Z", "C", "S")))


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
MONTH_PATTERNS = (re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月(?:底|末)?$"), re.compile(r"^(\d{4})[.\-/](\d{1,2})$"))


def parse_date(value) -> dt.date | None:
    """A date cell, or text written “2023年3月5日”, “2023.3.5”, “2023-03-05”, “2023/3/5”,
    “20230305” (full-width digits too); “2023年3月” / “2023.3” mean the month's last day.
    Empty is None; anything else raises ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = half_width(text(value)).replace(" ", "")
    if not raw:
        return None
    for pattern in DATE_PATTERNS:
        match = pattern.match(raw)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
    for pattern in MONTH_PATTERNS:
        match = pattern.match(raw)
        if match:
            year, month = (int(part) for part in match.groups())
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
    raise ValueError(raw)


def parse_status(value, overrides: dict[str, str] | None = None) -> str | None:
    """The lifecycle status a status word means (已整改 → closed …), None when unknown.
    ``overrides`` (word → status, the user's choices in the mapping step) come first."""
    word = squeeze(text(value))
    if not word:
        return None
    if overrides and word in overrides:
        return overrides[word]
    if word in STATUS_WORDS:
        return STATUS_WORDS[word]
    matches = [w for w in STATUS_WORDS if w in word]
    # 未完成 contains 完成: the longest word found decides.
    return STATUS_WORDS[max(matches, key=len)] if matches else None


# --- reading -----------------------------------------------------------------------------------


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_rows(data: bytes, name: str) -> list[list]:
    """The cells of the first sheet of an .xlsx or a .csv (UTF-8 or GB18030) as lists."""
    lower = name.lower()
    if lower.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                decoded = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - gb18030 decodes any byte string
            raise HistoricFileError(_("无法识别文件编码，请另存为 UTF-8 编码的 CSV 或 .xlsx 文件。"))
        return [list(row) for row in csv.reader(io.StringIO(decoded))]
    if lower.endswith(".xls"):
        raise HistoricFileError(_("暂不支持 .xls 格式，请在 Excel 或 WPS 中另存为 .xlsx 后上传。"))
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise HistoricFileError(_("无法读取文件，请上传 .xlsx 或 .csv 格式的台账。")) from exc
    try:
        rows = []
        for row in book.worksheets[0].iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS:
                raise HistoricFileError(_("台账超过 %(max)d 行，请分批导入。") % {"max": MAX_ROWS})
        return rows
    finally:
        book.close()


def suggest_mapping(headers: list[str]) -> dict[int, str]:
    """column index -> field, from the header words; each field taken once, exact words first."""
    squeezed = [squeeze(h) for h in headers]
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for exact in (True, False):
        for index, header in enumerate(squeezed):
            if not header or index in mapping:
                continue
            for field_name, words in FIELD_WORDS.items():
                if field_name in taken:
                    continue
                if (header in words) if exact else any(w in header for w in words if len(w) >= 2):
                    mapping[index] = field_name
                    taken.add(field_name)
                    break
    return mapping


def find_header_row(rows: list[list], mapping: dict[int, str] | None = None) -> int:
    """The index of the header row: the first of the top rows naming at least three fields; with
    the user's ``mapping``, the first row with a header over every mapped column."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [text(v) for v in row]
        if mapping is None:
            if len(suggest_mapping(cells)) >= 3:
                return index
        elif all(i < len(cells) and cells[i] for i in mapping):
            return index
    raise HistoricFileError(
        _("没有找到表头行：前%(rows)d行中没有一行包含“被巡察单位”“问题”“整改状态”等列名。")
        % {"rows": HEADER_SEARCH_ROWS}
    )


def is_totals(values: list[str]) -> bool:
    filled = [v for v in values if v]
    return bool(filled) and any(squeeze(filled[0]).startswith(w) for w in TOTAL_WORDS)


def header_signature(headers: list[str]) -> str:
    """A layout's name: its headers compared by their words (``squeeze``), hashed; the same
    headers in the same order give the same signature whatever their spacing or width."""
    words = [squeeze(h) for h in headers]
    while words and not words[-1]:
        words.pop()
    return hashlib.sha256("\x1f".join(words).encode("utf-8")).hexdigest()


def status_key(word) -> str:
    """A status word as the overrides compare it."""
    return squeeze(text(word))


@dataclass
class SheetLayout:
    """What the mapping step shows: the header row, each column's first values, the data rows."""

    headers: list[str]
    header_row: int  # the sheet's row number of the headers
    rows: list[list]  # the data rows (blank, title and totals rows left out)

    @property
    def signature(self) -> str:
        return header_signature(self.headers)

    def samples(self, index: int, count: int = 3) -> list[str]:
        found = []
        for row in self.rows:
            value = row[index] if index < len(row) else None
            shown = value.isoformat() if isinstance(value, dt.date) else text(value)
            if shown:
                found.append(shown)
                if len(found) == count:
                    break
        return found

    def words(self, index: int, limit: int = 60) -> list[str]:
        """The distinct words of a column (the status words, in the order they first appear)."""
        seen: dict[str, str] = {}
        for row in self.rows:
            word = text(row[index]) if index < len(row) else ""
            if word and status_key(word) not in seen:
                seen[status_key(word)] = word
                if len(seen) == limit:
                    break
        return list(seen.values())


def sheet_layout(data: bytes, name: str) -> SheetLayout:
    """The layout of a ledger for the mapping step (HistoricFileError when it cannot be read)."""
    rows = sheet_rows(data, name)
    header_index = find_header_row(rows)
    headers = [text(v) for v in rows[header_index]]
    while headers and not headers[-1]:
        headers.pop()
    body = []
    for raw in rows[header_index + 1 :]:
        strings = [text(v) if not isinstance(v, dt.date) else "x" for v in raw]
        if any(strings) and not is_totals(strings):
            body.append(raw)
    return SheetLayout(headers=headers, header_row=header_index + 1, rows=body)


def read_ledger(
    data: bytes, name: str, *, mapping: dict[int, str] | None = None, statuses: dict[str, str] | None = None
) -> HistoricLedger:
    """Read and check a historic ledger. ``mapping`` (column index -> field) is the user's
    choice in the mapping step; without it the suggestion from the headers is used.
    ``statuses`` (status word -> lifecycle status) are the user's choices over ``parse_status``."""
    overrides = {status_key(w): s for w, s in (statuses or {}).items() if s in HISTORIC_STATUSES}
    rows = sheet_rows(data, name)
    header_index = find_header_row(rows, mapping)
    headers = [text(v) for v in rows[header_index]]
    mapping = dict(mapping) if mapping is not None else suggest_mapping(headers)
    ledger = HistoricLedger(headers=headers, header_row=header_index + 1, mapping=mapping)
    ledger.skipped.extend(range(1, header_index + 1))
    columns = {f: i for i, f in mapping.items()}
    for required in REQUIRED:
        if required not in columns:
            ledger.errors.append(
                CellError(header_index + 1, "", _("没有对应“%(field)s”的列。") % {"field": FIELD_LABELS[required]})
            )
    if ledger.errors:
        return ledger
    for offset, raw in enumerate(rows[header_index + 1 :], start=header_index + 2):
        cells = [text(v) if not isinstance(v, dt.date) else v for v in raw]
        strings = [c if isinstance(c, str) else "x" for c in cells]
        if not any(strings) or is_totals(strings):
            ledger.skipped.append(offset)
            continue
        ledger.rows.append(_check_row(offset, raw, columns, ledger.errors, overrides))
    if not ledger.rows and not ledger.errors:
        ledger.errors.append(CellError(header_index + 1, "", _("表头下没有数据行。")))
    return ledger


def _check_row(
    number: int, raw: list, columns: dict[str, int], errors: list[CellError], overrides: dict[str, str]
) -> HistoricRow:
    values: dict[str, object] = {}
    for field_name, index in columns.items():
        cell = raw[index] if index < len(raw) else None
        letter = column_letter(index)
        if field_name in DATE_FIELDS:
            try:
                values[field_name] = parse_date(cell)
            except ValueError:
                errors.append(
                    CellError(
                        number, letter, _("“%(value)s”不是日期（如 2023年3月5日、2023.3.5）。") % {"value": text(cell)}
                    )
                )
        elif field_name == "status":
            status = parse_status(cell, overrides)
            if status is None:
                errors.append(
                    CellError(
                        number,
                        letter,
                        _("无法识别的整改状态“%(value)s”（如 已整改、已销号、整改中、长期整改）。")
                        % {"value": text(cell)},
                    )
                )
            values[field_name] = status
        else:
            values[field_name] = half_width(text(cell)) if field_name in ("round", "group", "code") else text(cell)
    for required in REQUIRED:
        if required != "status" and not values.get(required):
            errors.append(
                CellError(
                    number,
                    column_letter(columns[required]),
                    _("“%(field)s”不能为空。") % {"field": FIELD_LABELS[required]},
                )
            )
    # (A closing date that could not be read is reported once, above.)
    if values.get("status") == IssueStatus.CLOSED and "closed_on" in values and not values["closed_on"]:
        errors.append(CellError(number, column_letter(columns["closed_on"]), _("已销号的问题须填写销号日期。")))
    closed, found = values.get("closed_on"), values.get("found_on")
    if closed and found and closed < found:
        errors.append(CellError(number, column_letter(columns["closed_on"]), _("销号日期早于发现日期。")))
    return HistoricRow(number, values)
