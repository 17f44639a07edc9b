"""Excel import of findings (面上问题): a template with Chinese headers and drop-down lists, a
preview that checks every row, and an import of all rows or none.

The column headers are a file format, not UI text: they stay Chinese in both languages so a
file filled in under either language imports the same. Every row becomes a draft through
``issue_create`` (the same service as the entry form), inside one transaction.

Speed: a file is read once in openpyxl's read-only mode and every lookup (units of the round,
categories, existing titles, the user's groups) is one query, so 5,000 rows validate in a
couple of seconds. Writing goes through the service row by row (about 6 ms a row), so a file
of more than ``SYNC_ROWS`` rows is imported by a Celery task while the page polls its state.
"""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pghistory
from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import ApplicationError

from .choices import HowFound, IssueNature, IssueStatus
from .models import Assignment, GroupMembership, Issue, IssueCategory, Round
from .services import issue_create

MAX_BYTES = 5 * 1024 * 1024
# Rows read, blank ones included (the header is not counted).
MAX_ROWS = 10_000
# Columns read of each row; the template has nine.
MAX_COLUMNS = 50
# What a file may unpack to: a full 10,000-row template is about 10 MB of XML.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_PARTS = 500
# Up to this many rows the import runs in the request (a few seconds); beyond, in Celery.
SYNC_ROWS = 500
STATUS_SECONDS = 6 * 60 * 60

UNIT, CATEGORY, TITLE, FACTS, BASIS, HOW_FOUND, NATURE, IMMEDIATE, FOUND_ON = (
    "被巡察单位",
    "问题类别",
    "问题标题",
    "问题事实",
    "定性依据",
    "发现方式",
    "问题性质",
    "立行立改",
    "发现日期",
)
HEADERS = [UNIT, CATEGORY, TITLE, FACTS, BASIS, HOW_FOUND, NATURE, IMMEDIATE, FOUND_ON]
REQUIRED = {UNIT, CATEGORY, TITLE}
YES, NO = "是", "否"
DATA_SHEET = "问题清单"
LISTS_SHEET = "选项"
TITLE_MAX = Issue._meta.get_field("title").max_length


class ImportFileError(ApplicationError):
    """The file as a whole cannot be read: not a spreadsheet, empty, wrong headers, too big."""

    default_code = "bad_import_file"


@dataclass
class ImportRow:
    """One data row of the upload: its values, what they resolve to, and what is wrong with it."""

    number: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    assignment: Assignment | None = None
    category: IssueCategory | None = None
    how_found: str = HowFound.OTHER
    nature: str = IssueNature.INDIVIDUAL
    immediate: bool = False
    found_on: dt.date | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Preview:
    round: Round
    rows: list[ImportRow]

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.error_rows


# --- choices in Chinese (the file's language) -------------------------------------------------


def _labels(choices) -> dict[str, str]:
    """label → value, with the Chinese labels and the codes both accepted."""
    with translation.override("zh-hans"):
        mapping = {str(label): value for value, label in choices.choices}
    mapping.update({value: value for value in choices.values})
    return mapping


def category_names(categories) -> dict[str, IssueCategory]:
    """Names a row may use for a category: "上级/类别" always, the bare name when unambiguous."""
    by_path: dict[str, IssueCategory] = {}
    by_name: dict[str, list[IssueCategory]] = {}
    for category in categories:
        path = f"{category.parent.name}/{category.name}" if category.parent_id else category.name
        by_path[path] = category
        by_name.setdefault(category.name, []).append(category)
    names = dict(by_path)
    for name, matches in by_name.items():
        if len(matches) == 1:
            names.setdefault(name, matches[0])
    return names


def leaf_categories(user: User):
    """Active categories without active children (the ones findings are filed under)."""
    categories = list(IssueCategory.objects.visible_to(user).filter(is_active=True).select_related("parent"))
    parents = {c.parent_id for c in categories if c.parent_id}
    return [c for c in categories if c.pk not in parents]


def category_label(category: IssueCategory, names: dict[str, IssueCategory]) -> str:
    return category.name if names.get(category.name) is category else f"{category.parent.name}/{category.name}"


# --- the template -----------------------------------------------------------------------------


def build_template(*, user: User, round: Round | None = None) -> bytes:
    """The .xlsx template: Chinese headers, drop-down lists for unit, category, how found,
    nature and 立行立改 (from a hidden sheet, so long lists work), one example row."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    for index, header in enumerate(HEADERS, start=1):
        _put_text(sheet.cell(row=1, column=index), header)
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FDE9E7")
    for index, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        if header in REQUIRED:
            cell.fill = required_fill
            cell.comment = Comment("必填", "巡察")
        sheet.column_dimensions[cell.column_letter].width = 40 if header in (TITLE, FACTS, BASIS) else 18
    sheet.freeze_panes = "A2"

    leaves = leaf_categories(user)
    names = category_names(leaves)
    categories = [category_label(c, names) for c in leaves]
    units = []
    if round is not None:
        units = sorted(
            {
                name
                for name in Assignment.objects.visible_to(user).filter(round=round).values_list("unit__name", flat=True)
            }
        )
    with translation.override("zh-hans"):
        how_found = [str(label) for _value, label in HowFound.choices]
        natures = [str(label) for _value, label in IssueNature.choices]

    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    columns = {"A": categories, "B": how_found, "C": natures, "D": [YES, NO], "E": units}
    for letter, values in columns.items():
        for row, value in enumerate(values, start=1):
            _put_text(lists[f"{letter}{row}"], value)

    def validate(column: str, letter: str, count: int, strict: bool = True):
        if not count:
            return
        rule = DataValidation(
            type="list",
            formula1=f"={LISTS_SHEET}!${letter}$1:${letter}${count}",
            allow_blank=True,
            showErrorMessage=strict,
        )
        rule.error = "请从下拉列表中选择"
        sheet.add_data_validation(rule)
        rule.add(f"{column}2:{column}{MAX_ROWS + 1}")

    validate("A", "E", len(units), strict=False)  # a unit's code is accepted too
    validate("B", "A", len(categories))
    validate("F", "B", len(how_found))
    validate("G", "C", len(natures))
    validate("H", "D", 2)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _put_text(cell, value: str) -> None:
    """Text stays text: openpyxl would store a value starting with ``=`` (a unit named
    ``=HYPERLINK(...)``) as a live formula. The ledger writer's rule, every text cell a string.
    Control characters, which a workbook cannot hold, are dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"


# --- reading and checking an upload ------------------------------------------------------------


def too_big_message() -> str:
    return _("文件超过大小限制（%(limit)s MB），请拆分后分批导入。") % {"limit": MAX_BYTES // (1024 * 1024)}


def preview_seconds() -> float:
    """How long a preview in the request may take (``IMPORT_PREVIEW_MAX_SECONDS``)."""
    return float(getattr(settings, "IMPORT_PREVIEW_MAX_SECONDS", 20.0))


class _Clock:
    """The time a reading may take; ``check`` refuses once it is spent (None: no limit)."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.end = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self.end is not None and time.monotonic() > self.end:
            raise ImportFileError(
                _("读取文件超过 %(seconds)s 秒仍未完成，已停止。请删除多余的空行或格式，或拆分后分批导入。")
                % {"seconds": f"{self.seconds:g}"}
            )


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("文件的行数（含空行）超过 %(limit)s 行，请删除多余的空行，或拆分后分批导入。") % {"limit": MAX_ROWS}
    )


def _check_container(data: bytes, clock: _Clock) -> None:
    """What the .xlsx unpacks to, and how many rows its sheets hold, before openpyxl opens it.

    The declared sizes bound what can be read: zipfile never returns more than a member
    declares (a lie ends in a CRC error, which load_workbook reports as a damaged file).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS or sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
                raise ImportFileError(
                    _("文件解压后超过 %(limit)s MB，不像是填写的导入模板，请检查后重新上传。")
                    % {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)}
                )
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with archive.open(info) as part:
                        _count_rows(part, clock)
    except (zipfile.BadZipFile, ElementTree.ParseError, ValueError, OSError, EOFError) as exc:
        raise ImportFileError(_("无法读取该 Excel 文件，请确认文件未损坏且为 .xlsx 格式。")) from exc


def _count_rows(part, clock: _Clock) -> None:
    """Refuse a sheet of more than MAX_ROWS rows (blank ones too) unless it declares its size.

    Without a <dimension> element, openpyxl's read-only mode parses the whole sheet to find its
    size before returning a single row: a 151 KB file of a million blank rows took 98 s. This
    streams the sheet and stops at the first row over the limit. A sheet whose <dimension> comes
    first is left to openpyxl, which then reads only what the dimension says.
    """
    parser = ElementTree.XMLPullParser(events=("start", "end"))
    rows = 0
    for chunk in iter(lambda: part.read(64 * 1024), b""):
        clock.check()
        parser.feed(chunk)
        for event, element in parser.read_events():
            tag = element.tag.rsplit("}", 1)[-1]
            if event == "start" and tag == "dimension":
                return
            if event == "end" and tag == "row":
                rows += 1
                number = element.get("r", "")
                if max(rows, int(number) if number.isdigit() else 0) > MAX_ROWS + 1:
                    raise _too_many_rows()
                element.clear()


def read_rows(data: bytes, *, in_request: bool = True) -> list[ImportRow]:
    """The data rows of an upload, or :class:`ImportFileError` with a message a person can read.

    Every row read counts against ``MAX_ROWS``, blank or not, and reading stops at the first row
    over it: a small file can declare a million empty rows. In a request, reading gives up after
    ``IMPORT_PREVIEW_MAX_SECONDS``; the background import has Celery's time limits instead.
    """
    from openpyxl import load_workbook

    clock = _Clock(preview_seconds() if in_request else None)
    if len(data) > MAX_BYTES:
        raise ImportFileError(too_big_message())
    if not data:
        raise ImportFileError(_("文件是空的。"))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFileError(_("文件不是 Excel 表格（.xlsx），请下载模板填写后上传。"))
    _check_container(data, clock)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise ImportFileError(_("无法读取该 Excel 文件，请确认文件未损坏且为 .xlsx 格式。")) from exc
    try:
        sheet = workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
        # Only the first columns matter; a row claiming 16,384 cells is not read cell by cell.
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        header = next(rows, None)
        if header is None:
            raise ImportFileError(_("文件是空的。"))
        header = [_text(value) for value in header]
        missing = [name for name in HEADERS if name not in header]
        if missing:
            raise ImportFileError(
                _("表头不正确，缺少列：%(columns)s。请使用下载的模板。") % {"columns": "、".join(missing)}
            )
        positions = {name: header.index(name) for name in HEADERS}
        result = []
        for number, values in enumerate(rows, start=2):
            if number - 1 > MAX_ROWS:
                raise _too_many_rows()
            clock.check()
            if values is None or all(_text(v) == "" for v in values):
                continue
            cells = {name: (values[i] if i < len(values) else None) for name, i in positions.items()}
            row = ImportRow(number=number, values={name: _text(value) for name, value in cells.items()})
            row.found_on = _date(cells[FOUND_ON], row)
            result.append(row)
    finally:
        workbook.close()
    if not result:
        raise ImportFileError(_("文件中没有数据行。"))
    return result


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value, row: ImportRow) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    for fmt in ("%Y-%m-%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    row.errors.append(_("发现日期“%(value)s”无法识别，请填写如 2026-03-20。") % {"value": value})
    return None


def validate_rows(*, user: User, round: Round, rows: list[ImportRow]) -> Preview:
    """Resolve and check every row: unit in this round, category, title, choices, duplicates
    (of an existing issue or of an earlier row), and that the user's group inspects the unit."""
    assignments = list(Assignment.objects.visible_to(user).filter(round=round).select_related("unit", "group"))
    by_unit: dict[str, Assignment] = {}
    for assignment in assignments:
        by_unit[assignment.unit.name] = assignment
        by_unit[assignment.unit.code] = assignment
    my_groups = set(GroupMembership.objects.filter(user=user).values_list("group_id", flat=True))
    categories = category_names(leaf_categories(user))
    how_found = _labels(HowFound)
    natures = _labels(IssueNature)
    existing = {
        (assignment_id, _normal(title)): code
        for assignment_id, title, code in Issue.objects.visible_to(user)
        .filter(assignment__in=[a.pk for a in assignments])
        .exclude(status=IssueStatus.WITHDRAWN)
        .values_list("assignment_id", "title", "code")
    }
    seen: dict[tuple[int, str], int] = {}

    for row in rows:
        values = row.values
        unit = values[UNIT]
        if not unit:
            row.errors.append(_("缺少被巡察单位。"))
        else:
            row.assignment = by_unit.get(unit)
            if row.assignment is None:
                row.errors.append(_("未知的被巡察单位“%(unit)s”：不是本轮的巡察对象。") % {"unit": unit})
            elif row.assignment.group_id not in my_groups:
                row.errors.append(
                    _("您不是负责“%(unit)s”的%(group)s成员，不能登记其问题。")
                    % {"unit": unit, "group": row.assignment.group}
                )
        category = values[CATEGORY]
        if not category:
            row.errors.append(_("缺少问题类别。"))
        else:
            row.category = categories.get(category) or categories.get(category.replace("／", "/"))
            if row.category is None:
                row.errors.append(_("未知的问题类别“%(category)s”。") % {"category": category})
        title = values[TITLE]
        if not title:
            row.errors.append(_("缺少问题标题。"))
        elif len(title) > TITLE_MAX:
            row.errors.append(_("问题标题超过 %(max)s 字。") % {"max": TITLE_MAX})
        if values[HOW_FOUND]:
            row.how_found = how_found.get(values[HOW_FOUND], "")
            if not row.how_found:
                row.errors.append(_("发现方式“%(value)s”无效。") % {"value": values[HOW_FOUND]})
        if values[NATURE]:
            row.nature = natures.get(values[NATURE], "")
            if not row.nature:
                row.errors.append(_("问题性质“%(value)s”无效。") % {"value": values[NATURE]})
        flag = values[IMMEDIATE]
        if flag in (YES, "Y", "y", "1", "TRUE", "True", "true"):
            row.immediate = True
        elif flag not in ("", NO, "N", "n", "0", "FALSE", "False", "false"):
            row.errors.append(_("立行立改应填“是”或“否”。"))
        if row.assignment is not None and title:
            key = (row.assignment.pk, _normal(title))
            if key in existing:
                row.errors.append(_("与已有问题 %(code)s 重复。") % {"code": existing[key]})
            elif key in seen:
                row.errors.append(_("与第 %(row)s 行重复。") % {"row": seen[key]})
            else:
                seen[key] = row.number
    return Preview(round=round, rows=rows)


def _normal(title: str) -> str:
    return "".join(title.split()).casefold()


def preview_upload(*, user: User, round: Round, data: bytes, in_request: bool = True) -> Preview:
    return validate_rows(user=user, round=round, rows=read_rows(data, in_request=in_request))


def import_preview(*, user: User, preview: Preview) -> list[Issue]:
    """Create every row as a draft through ``issue_create``, all or none (one transaction)."""
    if not preview.ok:
        raise ApplicationError(_("还有 %(count)s 行有错误，请修改后重新上传。") % {"count": len(preview.error_rows)})
    created = []
    # One history context for the whole file (each service call joins it) instead of one per row.
    with transaction.atomic(), pghistory.context(user=user.pk, service="issue_import"):
        for row in preview.rows:
            try:
                created.append(
                    issue_create(
                        actor=user,
                        assignment=row.assignment,
                        category=row.category,
                        title=row.values[TITLE],
                        facts=row.values[FACTS],
                        basis=row.values[BASIS],
                        how_found=row.how_found,
                        nature=row.nature,
                        immediate=row.immediate,
                        found_on=row.found_on,
                    )
                )
            except (ValidationError, PermissionDenied, ApplicationError) as exc:
                message = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                raise ApplicationError(
                    _("第 %(row)s 行导入失败：%(message)s 所有行均未导入。") % {"row": row.number, "message": message}
                ) from exc
    return created


# --- the uploaded file between preview and import, and the background import ----------------


def upload_path(user_id: int, token: str) -> Path:
    """Where an upload waits between its preview and its import (outside the static root)."""
    return Path(settings.MEDIA_ROOT) / "imports" / str(int(user_id)) / f"{token}.xlsx"


def status_key(token: str) -> str:
    return f"issue-import:{token}"


def import_status(token: str) -> dict | None:
    return cache.get(status_key(token))


def run_import(*, user_id: int, round_id: int, token: str, in_request: bool = True) -> dict:
    """Check the stored upload again and import it, all rows or none; record the outcome.

    Idempotent: once the file is consumed, a second run returns the recorded outcome.
    """
    path = upload_path(user_id, token)
    if not path.exists():
        return import_status(token) or {"state": "failed", "message": _("导入文件已失效，请重新上传。")}
    user = User.objects.get(pk=user_id)
    round_ = Round.objects.visible_to(user).filter(pk=round_id).distinct().first()
    try:
        if round_ is None:
            raise ApplicationError(_("导入文件已失效，请重新上传。"))
        preview = preview_upload(user=user, round=round_, data=path.read_bytes(), in_request=in_request)
        created = import_preview(user=user, preview=preview)
    except ApplicationError as exc:
        status = {"state": "failed", "message": exc.message}
    else:
        status = {"state": "done", "count": len(created), "round": round_.pk}
        path.unlink(missing_ok=True)
    cache.set(status_key(token), status, STATUS_SECONDS)
    return status


@shared_task(name="inspections.import_findings", time_limit=30 * 60, soft_time_limit=25 * 60)
def import_findings(*, user_id: int, round_id: int, token: str, language: str = "zh-hans") -> dict:
    """The background import of a large file (see ``run_import``); messages in the user's language."""
    with translation.override(language):
        return run_import(user_id=user_id, round_id=round_id, token=token, in_request=False)
