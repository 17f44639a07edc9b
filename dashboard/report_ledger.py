"""The annual and term report (巡察工作统计报告) as a ledger: ``POST /api/v1/exports/`` with
``"ledger": "report"`` and the office and period in ``filters`` (office, subtree, year, quarter,
date_from, date_to, term), or from the ledgers page.

Its rows are the rounds of the report (the filtered rounds the office and its descendants ran in
the period); the workbook has the ledger style (title, filter description, frozen header,
totals) with a sheet of headline figures, one sheet per breakdown and the list of rounds. The
Word summary of the same office and period is written next to it by the documents app's
report template (documents/report.py) when the report is downloaded as a document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import django_filters as filters
import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.filters import office_filter
from core.ledgers import DATE, INT, Column, LedgerSpec, choices_map, declare
from inspections.choices import RoundKind
from inspections.models import Round

from . import reports
from .breakdowns import DIMENSIONS


class ReportFilterSet(filters.FilterSet):
    """The office (with its descendants unless ``subtree`` is false) and the period of a report."""

    office = office_filter()
    subtree = filters.BooleanFilter(method="filter_nothing", label=gettext_lazy("含下级机构"))
    year = filters.NumberFilter(method="filter_nothing", label=gettext_lazy("年度"), min_value=1900, max_value=2999)
    quarter = filters.NumberFilter(method="filter_nothing", label=gettext_lazy("季度"), min_value=1, max_value=4)
    date_from = filters.DateFilter(method="filter_nothing", label=gettext_lazy("起始日期"))
    date_to = filters.DateFilter(method="filter_nothing", label=gettext_lazy("截止日期"))
    term = filters.CharFilter(method="filter_nothing", label=gettext_lazy("届次"), max_length=40)

    class Meta:
        model = Round
        fields = ["office"]

    def filter_nothing(self, queryset, name, value):
        return queryset  # the period is applied as a whole in filter_queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        office = data.get("office")
        if office is None:
            office = reports.report_office(self.request.user, None)
        period = period_of(data)
        if data.get("quarter") and not data.get("year"):
            return queryset.none()
        ids = reports.period_rounds(office=office, period=period, subtree=data.get("subtree") is not False)
        return queryset.filter(pk__in=ids)


def period_of(data: dict) -> reports.Period:
    return reports.Period(
        year=int(data["year"]) if data.get("year") else None,
        quarter=int(data["quarter"]) if data.get("quarter") else None,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        term=data.get("term") or "",
    )


def report_queryset(user):
    return Round.objects.visible_to(user).select_related("office")


HEADLINE = [
    ("rounds", gettext_lazy("巡察轮次")),
    ("units_inspected", gettext_lazy("巡察党组织（单位）数")),
    ("issues_found", gettext_lazy("发现问题数")),
    ("issues_fed_back", gettext_lazy("反馈问题数")),
    ("issues_closed", gettext_lazy("认定销号问题数")),
    ("completion_rate", gettext_lazy("整改完成率（%）")),
    ("clues_transferred", gettext_lazy("移交问题线索数")),
    ("county_level_clues", gettext_lazy("县级领导干部问题线索数")),
    ("self_surrenders", gettext_lazy("主动投案人数")),
    ("persons_accountable", gettext_lazy("追责问责人数")),
    ("persons_accountable_closeout", gettext_lazy("其中：整改销号时追责问责人数")),
    ("persons_to_judiciary", gettext_lazy("移送司法人数")),
    ("loss_recovered_wan", gettext_lazy("挽回和避免经济损失（万元）")),
    ("funds_refunded_wan", gettext_lazy("清退资金（万元）")),
    ("villages_inspected", gettext_lazy("巡察村（社区）数")),
    ("village_issues", gettext_lazy("村（社区）发现问题数")),
    ("village_clues", gettext_lazy("村（社区）问题线索数")),
    ("immediate_found", gettext_lazy("立行立改问题数")),
    ("immediate_done", gettext_lazy("立行立改已完成数")),
    ("special_reports", gettext_lazy("巡察专报（期）")),
    ("campaigns", gettext_lazy("推动专项治理（个）")),
    ("evaluations", gettext_lazy("审核评估（单位次）")),
    ("evaluation_rounds", gettext_lazy("审核评估轮次")),
    ("units_called_in", gettext_lazy("约谈通报单位数")),
    ("feedback_meetings", gettext_lazy("反馈会场次")),
    ("leader_attendance", gettext_lazy("领导参加反馈会人次")),
    ("talks", gettext_lazy("个别谈话（人次）")),
    ("letters", gettext_lazy("受理信访件（件）")),
    ("document_checks", gettext_lazy("调阅资料（份）")),
    ("spot_checks", gettext_lazy("个人有关事项抽查（人）")),
    ("visits", gettext_lazy("下沉走访（次）")),
]

# The columns of a breakdown sheet: (figure, header, kind); "units" and rates are not totalled.
BREAKDOWN_COLUMNS = [
    ("units", gettext_lazy("单位数"), "int"),
    ("issues_found", gettext_lazy("发现问题数"), "int"),
    ("issues_fed_back", gettext_lazy("反馈问题数"), "int"),
    ("issues_closed", gettext_lazy("销号问题数"), "int"),
    ("completion_rate", gettext_lazy("整改完成率（%）"), "rate"),
    ("overdue", gettext_lazy("逾期问题数"), "int"),
    ("clues_transferred", gettext_lazy("移交线索数"), "int"),
    ("persons_accountable", gettext_lazy("追责问责人数"), "int"),
    ("persons_to_judiciary", gettext_lazy("移送司法人数"), "int"),
    ("self_surrenders", gettext_lazy("主动投案人数"), "int"),
    ("loss_recovered_wan", gettext_lazy("挽回和避免经济损失（万元）"), "money"),
    ("funds_refunded_wan", gettext_lazy("清退资金（万元）"), "money"),
    ("events", gettext_lazy("件次"), "int"),
    ("amount", gettext_lazy("数额"), "money"),
]


class ReportWorkbook:
    """The report's workbook in the ledger style, one sheet at a time."""

    def __init__(self, path, *, title: str, note: str):
        self.book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
        self.title, self.note = title, note
        self.formats = {
            "title": self.book.add_format({"bold": True, "font_size": 14}),
            "note": self.book.add_format({"font_color": "#555555"}),
            "header": self.book.add_format(
                {"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True, "valign": "vcenter"}
            ),
            "int": self.book.add_format({"num_format": "0"}),
            "money": self.book.add_format({"num_format": "#,##0.00"}),
            "rate": self.book.add_format({"num_format": "0.0"}),
            "date": self.book.add_format({"num_format": "yyyy-mm-dd"}),
            "total": self.book.add_format({"bold": True, "top": 1, "num_format": "#,##0.##"}),
        }

    def sheet(self, name: str, headers: list[tuple[str, int]]):
        sheet = self.book.add_worksheet(name[:31])
        sheet.write_string(0, 0, self.title, self.formats["title"])
        sheet.write_string(1, 0, self.note, self.formats["note"])
        for index, (header, width) in enumerate(headers):
            sheet.set_column(index, index, width)
            sheet.write_string(2, index, header, self.formats["header"])
        sheet.freeze_panes(3, 0)
        # Ready to print like the ledgers (docs/printing.md): A4 landscape, one page wide, the title
        # and header rows on every page, 第 N 页 共 M 页 in the footer.
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0, 2)
        sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        sheet.set_footer("&C" + _("第 &P 页 共 &N 页"), {"margin": 0.25})
        sheet.center_horizontally()
        return sheet

    def value(self, sheet, row: int, col: int, value, kind: str) -> None:
        if value is None:
            return
        if kind == "text":
            sheet.write_string(row, col, str(value))
        elif kind == "date":
            sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), self.formats["date"])
        else:
            sheet.write_number(row, col, float(value), self.formats[kind])

    def close(self) -> None:
        self.book.close()


def write_report(path, *, user, queryset, filters: dict, filter_text: str, progress: Callable | None = None) -> int:
    """Write the report workbook for the office and period in ``filters`` (``queryset``: its
    rounds, scoped and filtered by the ledgers app); returns the number of rounds in it."""
    rounds = list(queryset.select_related("office"))
    round_ids = [r.pk for r in rounds]
    office = reports.report_office(user, int(filters["office"]) if filters.get("office") else None)
    figures = reports.figures(round_ids=round_ids)
    title = _("%(office)s巡察工作统计报告") % {"office": office.name}
    note = _("筛选条件：%(filters)s    导出时间：%(at)s") % {
        "filters": filter_text,
        "at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }
    book = ReportWorkbook(path, title=title, note=note)

    sheet = book.sheet(_("主要数据"), [(_("指标"), 30), (_("数值"), 16)])
    for row, (name, label) in enumerate(HEADLINE, start=3):
        sheet.write_string(row, 0, str(label))
        value = figures[name]
        kind = "money" if isinstance(value, Decimal) and name != "completion_rate" else "int"
        book.value(sheet, row, 1, value, "rate" if name == "completion_rate" else kind)

    for step, by in enumerate(DIMENSIONS, start=1):
        rows = reports.breakdown(round_ids=round_ids, by=by)
        headers = [(_("分类项"), 22)] + [(str(header), 12) for _name, header, _kind in BREAKDOWN_COLUMNS]
        sheet = book.sheet(str(reports.DIMENSION_LABELS[by]), headers)
        line = 3
        for item in rows:
            sheet.write_string(line, 0, item["label"])
            for col, (name, _header, kind) in enumerate(BREAKDOWN_COLUMNS, start=1):
                book.value(sheet, line, col, item[name], kind)
            line += 1
        sheet.write_string(line, 0, _("合计"), book.formats["total"])
        for col, (name, _header, kind) in enumerate(BREAKDOWN_COLUMNS, start=1):
            if kind != "rate" and name != "units":
                sheet.write_number(line, col, float(sum(item[name] for item in rows)), book.formats["total"])
        if progress:
            progress(step, len(DIMENSIONS) + 1)

    register_headers = [(str(label), 10) for name, label in HEADLINE if name in reports.REGISTERS]
    sheet = book.sheet(_("巡察轮次"), [(str(c.header), c.width) for c in round_columns()] + register_headers)
    registers = reports.register_counts(round_ids)
    kinds = dict(RoundKind.choices)
    for line, r in enumerate(rounds, start=3):
        sheet.write_string(line, 0, r.office.name)
        sheet.write_string(line, 1, r.term)
        book.value(sheet, line, 2, r.sequence, "int")
        sheet.write_string(line, 3, str(kinds.get(r.kind, r.kind)))
        sheet.write_string(line, 4, r.theme)
        book.value(sheet, line, 5, r.planned_start, "date")
        for col, kind in enumerate(reports.REGISTERS, start=6):
            book.value(sheet, line, col, registers.get(r.pk, {}).get(kind, 0), "int")
    book.close()
    return len(rounds)


def round_columns() -> list[Column]:
    return [
        Column(_("巡察机构"), "office__name", width=18),
        Column(_("届次"), "term", width=12),
        Column(_("轮次"), "sequence", INT, width=8),
        Column(_("巡察方式"), "kind", choices=choices_map(RoundKind.choices), width=12),
        Column(_("巡察主题"), "theme", width=36),
        Column(_("计划开始"), "planned_start", DATE, width=12),
    ]


@declare
def report_ledgers() -> list[LedgerSpec]:
    return [
        LedgerSpec(
            "report",
            round_columns(),
            report_queryset,
            ReportFilterSet,
            description=_("一个巡察机构（含下级）在年度、季度、期间或届次内的主要数据和分类统计：每个分类一张工作表。"),
            list_url="dashboard:home",
            basic_fields=("office", "year", "quarter", "term"),
            order_by=("planned_start", "id"),
            writer=write_report,
        )
    ]
