"""The four ledgers of the inspection side (seed: 面上问题、问题线索、书记点人点事点问题、巡察专报及建议).

Declared here, exported by the ledgers app (which finds this module when Django starts)."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _

from accounts.scopes import CLUE_READERS
from core.ledgers import DATE, INT, MONEY, Column, LedgerSpec, choices_map, declare

from .choices import (
    ClueRecipient,
    ClueStatus,
    Disposal,
    HowFound,
    IssueNature,
    IssueStatus,
    PointKind,
    ReadVia,
)
from .filters import ClueFilterSet, IssueFilterSet, SecretaryPointFilterSet, SpecialReportFilterSet
from .models import Clue, ClueRead, Group, Issue, SecretaryPoint, SpecialReport


def group_name(number: int) -> str:
    """A group number as the group is named (第三巡察组), for the ledgers."""
    return str(Group(number=number))


def round_name():
    return Concat(
        F("round__term"), Value("第"), Cast("round__sequence", CharField()), Value("轮"), output_field=CharField()
    )


READ_BATCH = 5000


def log_clue_reads(user, clue_ids: Sequence[int]) -> int:
    """Every clue in an exported clue ledger is read by the exporter: one ClueRead each, in bulk."""
    for start in range(0, len(clue_ids), READ_BATCH):
        ClueRead.objects.bulk_create(
            [ClueRead(clue_id=pk, user=user, via=ReadVia.EXPORT) for pk in clue_ids[start : start + READ_BATCH]]
        )
    return len(clue_ids)


@declare
def inspection_ledgers() -> list[LedgerSpec]:
    yes_no = {True: _("是"), False: _("否")}
    issue_columns = [
        Column(_("问题编号"), "code", width=20),
        Column(_("巡察机构"), "office__name", width=16),
        Column(_("轮次"), "round_name", width=18),
        Column(_("巡察组"), "group__number", width=12, display=group_name),
        Column(_("被巡察单位"), "unit__name", width=24),
        Column(_("问题类别"), "category__name", width=18),
        Column(_("问题标题"), "title", width=40),
        Column(_("问题事实"), "facts", width=50),
        Column(_("定性依据"), "basis", width=30),
        Column(_("发现方式"), "how_found", choices=choices_map(HowFound.choices)),
        Column(_("问题性质"), "nature", choices=choices_map(IssueNature.choices)),
        Column(_("立行立改"), "immediate", choices=yes_no, width=8),
        Column(_("承办人"), "case_officer__full_name", width=10),
        Column(_("发现日期"), "found_on", DATE, width=12),
        Column(_("整改期限"), "deadline", DATE, width=12),
        Column(_("状态"), "status", choices=choices_map(IssueStatus.choices), width=10),
        Column(_("销号时间"), "closed_at", DATE, width=12),
    ]
    clue_columns = [
        Column(_("线索编号"), "code", width=22),
        Column(_("巡察机构"), "office__name", width=16),
        Column(_("轮次"), "round_name", width=18),
        Column(_("被巡察单位"), "unit__name", width=24),
        Column(_("被反映人"), "person_names", width=24),
        Column(_("线索摘要"), "summary", width=50),
        Column(_("移交对象"), "recipient", choices=choices_map(ClueRecipient.choices)),
        Column(_("接收单位"), "recipient_body", width=16),
        Column(_("移交日期"), "transfer_date", DATE, width=12),
        Column(_("移交函文号"), "letter_number", width=20),
        Column(_("处置方式"), "disposal", choices=choices_map(Disposal.choices)),
        Column(_("追责问责人数"), "persons_accountable", INT, width=10, total=True),
        Column(_("党纪处分人数"), "party_sanctions", INT, width=10, total=True),
        Column(_("政务处分人数"), "admin_sanctions", INT, width=10, total=True),
        Column(_("移送司法人数"), "persons_to_judiciary", INT, width=10, total=True),
        Column(_("挽回和避免经济损失（万元）"), "loss_recovered_wan", MONEY, width=14, total=True),
        Column(_("结果反馈期限"), "result_due", DATE, width=12),
        Column(_("结果反馈日期"), "result_received", DATE, width=12),
        Column(_("状态"), "status", choices=choices_map(ClueStatus.choices), width=10),
    ]
    point_columns = [
        Column(_("轮次"), "round_name", width=18),
        Column(_("类型"), "kind", choices=choices_map(PointKind.choices), width=8),
        Column(_("涉及单位"), "unit__name", width=24),
        Column(_("点题内容"), "content", width=50),
        Column(_("办理情况"), "response", width=50),
        Column(_("登记日期"), "created_at", DATE, width=12),
    ]
    report_columns = [
        Column(_("轮次"), "round_name", width=18),
        Column(_("期号"), "number", INT, width=8),
        Column(_("标题"), "title", width=40),
        Column(_("意见建议"), "suggestions", width=50),
        Column(_("报送对象"), "recipients", width=20),
        Column(_("推动专项治理"), "campaigns", width=30),
        Column(_("登记日期"), "created_at", DATE, width=12),
    ]
    return [
        LedgerSpec(
            "issues",
            issue_columns,
            lambda user: Issue.objects.visible_to(user).annotate(round_name=round_name()),
            IssueFilterSet,
            description=_("巡察发现的面上问题：问题事实、定性依据、发现方式、整改期限和状态。"),
            list_url="inspections:issue-list",
            basic_fields=("q", "status", "round", "unit", "category"),
        ),
        LedgerSpec(
            "clues",
            clue_columns,
            lambda user: Clue.objects.visible_to(user).annotate(
                round_name=round_name(), person_names=StringAgg("persons__name", "、", default=Value(""))
            ),
            ClueFilterSet,
            description=_(
                "问题线索的移交、处置和办理结果，含追责问责、党纪政务处分、移送司法人数和挽回损失合计。涉密，仅线索管理员和系统管理员可导出。"
            ),
            list_url="inspections:clue-list",
            basic_fields=("q", "status", "round", "unit"),
            roles=CLUE_READERS,
            log_reads=log_clue_reads,
        ),
        LedgerSpec(
            "points",
            point_columns,
            lambda user: SecretaryPoint.objects.visible_to(user).annotate(round_name=round_name()),
            SecretaryPointFilterSet,
            description=_("书记点人、点事、点问题的点题内容和办理情况。"),
            list_url="inspections:point-list",
            basic_fields=("q", "kind", "round"),
        ),
        LedgerSpec(
            "reports",
            report_columns,
            lambda user: SpecialReport.objects.visible_to(user).annotate(round_name=round_name()),
            SpecialReportFilterSet,
            description=_("巡察专报的期号、意见建议、报送对象和推动的专项治理。"),
            list_url="inspections:report-list",
            basic_fields=("q", "round"),
        ),
    ]
