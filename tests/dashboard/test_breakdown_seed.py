"""The report's figures for the demo city (with its counties) are the seed document's, from the
breakdown rows the Celery recompute writes; every breakdown adds up to its headline figure."""

import io
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import Office
from dashboard import reports
from dashboard.breakdowns import DIMENSIONS
from demo.accounts import CITY_OFFICE
from inspections.choices import IssueStatus
from inspections.models import Round
from rectification.choices import ReviewDecision
from rectification.models import Review

pytestmark = pytest.mark.django_db

# The seed's figures (demo/figures.py, demo/report_figures.py) the term report states.
SEED = {
    "rounds": 18,
    "units_inspected": 203,
    "issues_found": 5938,
    "issues_fed_back": 5938,
    "issues_closed": 5847,
    "completion_rate": Decimal("98.5"),
    "clues_transferred": 937,
    "persons_accountable": 2437,
    "persons_to_judiciary": 56,
    "loss_recovered_wan": Decimal("52000.00"),
    "funds_refunded_wan": Decimal("3213.00"),
    "outcome_refunded_wan": Decimal("3213.00"),
    "county_level_clues": 161,
    "self_surrenders": 2,
    "special_reports": 15,
    "campaigns": 6,
    "units_called_in": 16,
    "evaluation_rounds": 20,
    "leader_attendance": 192,
}


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker):
    """The demo loaded once (its seed_demo runs the full recompute), in a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        city = Office.objects.get(name=CITY_OFFICE)
        round_ids = reports.period_rounds(office=city, period=reports.Period())
        yield {"city": city, "rounds": round_ids, "figures": reports.figures(round_ids=round_ids)}
        transaction.set_rollback(True)


@pytest.mark.parametrize("name", sorted(SEED))
def test_report_states_the_seed_figure(report, name):
    assert report["figures"][name] == SEED[name]


def test_immediate_and_villages_and_outcomes_are_counted(report):
    figures = report["figures"]
    assert 0 < figures["immediate_done"] <= figures["immediate_found"] < figures["issues_found"]
    assert figures["villages_inspected"] > 50 and figures["village_issues"] > 0 and figures["village_clues"] > 0
    closeouts = Review.objects.filter(decision=ReviewDecision.CLOSE, issue__status=IssueStatus.CLOSED)
    assert figures["outcome_corrected"] == closeouts.aggregate(n=Sum("corrected"))["n"] > 0
    assert figures["outcome_campaign"] > 0 and figures["outcome_rules"] > 0
    assert figures["feedback_meetings"] > 150


@pytest.mark.parametrize("by", DIMENSIONS)
def test_every_breakdown_adds_up_to_its_headline(report, by):
    rows = reports.breakdown(round_ids=report["rounds"], by=by)
    assert rows, by
    figures = report["figures"]
    total = {name: sum(row[name] for row in rows) for name in reports.SUMMED}
    if by in ("unit_kind", "round_kind", "category", "immediate"):
        assert total["issues_found"] == figures["issues_found"]
        assert total["issues_closed"] == figures["issues_closed"]
    if by in ("unit_kind", "round_kind", "rank", "self_surrender"):
        assert total["clues_transferred"] == figures["clues_transferred"]
        assert total["persons_accountable"] == figures["persons_accountable_clues"]
        assert total["persons_to_judiciary"] == figures["persons_to_judiciary"]
        assert total["loss_recovered_wan"] == figures["loss_recovered_wan"]
        assert total["self_surrenders"] == figures["self_surrenders"]
    if by in ("unit_kind", "round_kind"):
        assert total["funds_refunded_wan"] == figures["funds_refunded_wan"]
    if by == "village_category":
        kinds = reports.breakdown(round_ids=report["rounds"], by="unit_kind")
        village = next(row for row in kinds if row["key"] == "village")
        assert total["issues_found"] == village["issues_found"]
        assert total["clues_transferred"] == village["clues_transferred"]
        assert sum(row["units"] for row in rows) == village["units"]
        assert len(rows) == 6
    if by == "evaluation_batch":
        assert total["events"] == figures["evaluation_rounds"] == 20
    if by == "grade":
        assert total["events"] == figures["evaluations"]
    if by == "attendance":
        assert total["amount"] == figures["leader_attendance"]
    if by == "outcome":
        assert {row["key"] for row in rows} >= {"corrected", "refunded", "campaign", "rules"}
    assert all(row["label"] for row in rows)


def test_word_term_report_states_the_seed_figures(report, tmp_path):
    from docx import Document

    from dashboard.report_document import report_summary

    content = report_summary(office=report["city"], period=reports.Period(), round_ids=report["rounds"])
    target = Path(os.environ.get("REPORT_SAMPLE_DIR") or tmp_path) / "report-demo-city.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    for phrase in [
        "先后组织开展18轮、对203个党组织的政治巡察",
        "发现面上问题5938个，移交问题线索937件",
        "追责问责2437人，移送司法56人",
        "约5.2亿元（52000万元）",
        "县级领导干部问题线索161件，2名公职人员",
        "清退清欠账款3213万元",
        "形成巡察专报15期，推动专项治理6个",
        "约谈通报拖延整改、整改不力的单位16家",
        "先后开展审核评估20轮次",
        "巡察反馈的5938个问题，认定销号5847个，整改完成率达98.5%",
        "领导参加巡察反馈会192人次",
    ]:
        assert phrase in text, phrase


def test_report_workbook_has_a_sheet_per_breakdown(report, tmp_path):
    import openpyxl

    from accounts.models import User
    from ledgers.writer import write_ledger

    admin = User.objects.get(username="admin")
    path = tmp_path / "report.xlsx"
    count = write_ledger(path, user=admin, code="report", filters={"office": report["city"].pk})
    assert count == 18
    book = openpyxl.load_workbook(path)
    assert len(book.sheetnames) == 1 + len(DIMENSIONS) + 1
    headline = {row[0]: row[1] for row in book.worksheets[0].iter_rows(min_row=4, values_only=True)}
    assert headline["巡察轮次"] == 18 and headline["发现问题数"] == 5938 and headline["移交问题线索数"] == 937
    assert headline["审核评估轮次"] == 20 and headline["约谈通报单位数"] == 16
    assert headline["挽回和避免经济损失（万元）"] == 52000
    kinds = book.worksheets[3]  # by round kind
    assert kinds.freeze_panes == "A4"
    total = [row for row in kinds.iter_rows(min_row=4, values_only=True) if row[0] == "合计"][0]
    assert total[2] == 5938  # found, column after units

    term = write_ledger(tmp_path / "term.xlsx", user=admin, code="report", filters={"term": "六届市委"})
    assert term == Round.objects.filter(term="六届市委").count()


def test_the_demo_trend_has_five_years_of_monthly_points(report):
    from dashboard.models import Stat

    monthly = Stat.objects.filter(scope="office", scope_id=report["city"].pk).exclude(day=timezone.localdate())
    assert monthly.count() >= 48
    first, last = monthly.order_by("day").first(), monthly.order_by("day").last()
    assert first.issues_found < last.issues_found <= 5938
    assert last.issues_closed <= 5847 and last.rounds <= 18
