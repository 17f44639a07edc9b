"""Historic ledgers loaded into an office: states, dates, reviews, events; all or nothing."""

import datetime as dt
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.errors import ConflictError
from inspections.choices import IssueStatus, RoundStage
from inspections.historic import read_ledger
from inspections.models import Group, Issue, IssueEvent, Round, Unit
from inspections.services import historic as loader
from inspections.services.historic import HistoricLoadError, historic_load, parse_group, parse_round
from rectification.models import Measure, Review
from tests.factories import make_world
from tests.inspections.test_historic import (
    layout_city_csv,
    layout_county_rectification,
    layout_township_dates,
    xlsx,
)

pytestmark = pytest.mark.django_db
CLOSED, RECTIFYING, LONG_TERM = IssueStatus.CLOSED, IssueStatus.RECTIFYING, IssueStatus.LONG_TERM


@pytest.fixture
def w():
    return make_world()


@pytest.fixture
def rebuilds(monkeypatch):
    calls = []
    monkeypatch.setattr(loader, "schedule_stats_rebuild", lambda: calls.append(1))
    return calls


def noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def load(w, data, name, **kwargs):
    return historic_load(actor=w.supervisor, office=w.city, ledger=read_ledger(data, name), **kwargs)


def test_county_layout_loads_states_dates_measures_and_events(w, rebuilds, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = load(w, layout_county_rectification(), "整改台账.xlsx", round=w.round, create_missing=True)
    assert (result.issues, result.closed, result.reviews) == (4, 2, 0)
    assert result.units_created == ["县住建局", "县教育局"] and result.rounds_created == []
    issues = list(Issue.objects.filter(round=w.round).order_by("code"))
    assert [(i.unit.name, i.title, i.status, i.closed_at) for i in issues] == [
        ("县住建局", "工程项目审批不规范", CLOSED, noon(dt.date(2023, 5, 20))),
        ("县住建局", "公务用车管理不规范", LONG_TERM, None),
        ("县教育局", "食堂经费管理混乱", RECTIFYING, None),
        ("县教育局", "三重一大制度执行不到位", CLOSED, noon(dt.date(2023, 3, 5))),
    ]
    assert issues[0].status_changed_at == issues[0].closed_at and issues[0].deadline == dt.date(2023, 6, 30)
    assert {i.group_id for i in issues} == {Group.objects.get(round=w.round, number=1).pk}
    assert all(i.office_id == w.city.pk and i.supervising_office_id == w.city.pk for i in issues)
    measure = Measure.objects.get(issue=issues[0])
    assert (measure.content, measure.responsible_leader) == ("建立审批台账", "张副局长")
    events = IssueEvent.objects.filter(issue__in=issues)
    assert events.count() == 4 and set(events.values_list("action", "actor")) == {("historic_import", w.supervisor.pk)}
    assert events.get(issue=issues[3]).to_status == CLOSED and "第8行" in events.get(issue=issues[3]).comment
    assert rebuilds == [1]


def test_city_csv_creates_rounds_and_groups_it_names_and_keeps_its_codes(w, rebuilds):
    result = load(w, layout_city_csv(), "问题清单.csv", create_missing=True)
    assert result.rounds_created == ["十届第3轮"] and len(result.groups_created) == 2
    round_ = Round.objects.get(office=w.city, term="十届", sequence=3)
    assert round_.stage == RoundStage.RECTIFICATION and round_.planned_start == dt.date(2023, 3, 5)
    issues = {i.code: i for i in Issue.objects.filter(round=round_)}
    assert sorted(issues) == ["XC-2023-001", "XC-2023-002", "XC-2023-003"]
    first = issues["XC-2023-001"]
    assert first.status == CLOSED and first.closed_at == noon(dt.date(2023, 6, 1))
    assert first.found_on == dt.date(2023, 3, 5) and first.category.name == "财经纪律"
    assert issues["XC-2023-003"].group.number == 2 and issues["XC-2023-003"].status == LONG_TERM
    assert Unit.objects.filter(office=w.city, name="市财政局").count() == 1


def test_township_layout_keeps_the_close_out_opinion_as_a_review(w, rebuilds):
    result = load(w, layout_township_dates(), "销号台账.xlsx", round=w.round, create_missing=True)
    assert (result.issues, result.closed, result.reviews) == (2, 1, 1)
    review = Review.objects.get()
    assert review.comment == "整改到位，同意销号" and review.decision == "close"
    assert review.created_at == noon(dt.date(2023, 1, 15)) and review.reviewer == w.supervisor
    assert review.issue.found_on == dt.date(2022, 11, 2)


def nothing_written():
    return Issue.objects.count() == 0 and IssueEvent.objects.count() == 0 and Review.objects.count() == 0


def test_a_broken_sheet_is_refused_whole_with_nothing_written(w, rebuilds):
    broken = xlsx(
        [
            ["被巡察单位", "问题", "整改状态", "销号日期"],
            ["市住建局", "问题一", "已整改", "2023年5月5日"],
            ["市住建局", "问题二", "搁置", None],
        ]
    )
    with pytest.raises(HistoricLoadError) as refused:
        load(w, broken, "broken.xlsx", round=w.round)
    assert [(e.row, e.column) for e in refused.value.errors] == [(3, "C")]
    assert nothing_written() and rebuilds == []


def test_names_not_in_the_office_are_refused_unless_the_user_agreed(w, rebuilds):
    units_before = Unit.objects.count()
    with pytest.raises(HistoricLoadError) as refused:
        load(w, layout_county_rectification(), "整改台账.xlsx", round=w.round)
    assert [(e.row, e.column) for e in refused.value.errors] == [(4, "B"), (5, "B"), (7, "B"), (8, "B")]
    with pytest.raises(HistoricLoadError) as refused:
        load(w, layout_city_csv(), "问题清单.csv")
    assert {(e.row, e.column) for e in refused.value.errors} >= {(3, "B"), (3, "D")}
    assert nothing_written() and Unit.objects.count() == units_before and not Round.objects.filter(term="十届")


def test_duplicate_codes_are_refused_with_their_row(w, rebuilds):
    rows = [
        ["编号", "被巡察单位", "问题", "整改状态"],
        ["A-1", "市住建局", "甲", "整改中"],
        ["A-1", "市住建局", "乙", "整改中"],
    ]
    with pytest.raises(HistoricLoadError) as refused:
        load(w, xlsx(rows), "dup.xlsx", round=w.round)
    assert [(e.row, e.column) for e in refused.value.errors] == [(3, "A")]
    load(w, xlsx(rows[:2]), "one.xlsx", round=w.round)
    with pytest.raises(HistoricLoadError) as refused:
        load(w, xlsx(rows[:2]), "one.xlsx", round=w.round)
    assert "已存在" in refused.value.errors[0].message and Issue.objects.count() == 1
    # Generated codes follow the round's earlier imports.
    plain = [["被巡察单位", "问题", "整改状态"], ["市住建局", "丙", "整改中"]]
    load(w, xlsx(plain), "a.xlsx", round=w.round)
    load(w, xlsx(plain), "b.xlsx", round=w.round)
    assert Issue.objects.filter(code__startswith=f"LS-{w.round.pk}-").count() == 2


def test_archived_round_and_scopes_are_respected(w, rebuilds):
    plain = xlsx([["被巡察单位", "问题", "整改状态"], ["市住建局", "丙", "整改中"]])
    with pytest.raises(PermissionDenied):
        historic_load(actor=w.inspector_x, office=w.city, ledger=read_ledger(plain, "a.xlsx"), round=w.round)
    with pytest.raises(PermissionDenied):
        historic_load(actor=w.supervisor_a, office=w.city, ledger=read_ledger(plain, "a.xlsx"), round=w.round)
    Round.objects.filter(pk=w.round.pk).update(stage=RoundStage.CLOSED)
    with pytest.raises(ConflictError):
        load(w, plain, "a.xlsx", round=w.round)
    assert nothing_written()


def test_round_and_group_names():
    assert parse_round("十届第３轮") == ("十届", 3) and parse_round("2023年第二轮") == ("2023年", 2)
    assert parse_round("第十二轮巡察")[1] == 12 and parse_round("春季") is None
    assert parse_group("第一组") == parse_group("第一巡察组") == parse_group("1") == 1
    assert parse_group("二十组") == 20 and parse_group("综合组") is None


def test_twenty_thousand_rows_load_in_under_a_minute(w, rebuilds):
    header = "编号,轮次,巡察组,单位名称,存在问题,反馈日期,整改状态,完成时间,销号意见"
    rows = [
        f"H-{n},十届第{n % 4 + 1}轮,第{n % 50 % 3 + 1}组,单位{n % 50},问题{n},2023.3.5,"
        + (f"已销号,2023年6月{n % 28 + 1}日,同意销号" if n % 2 else "整改中,,")
        for n in range(20_000)
    ]
    data = "\n".join([header, *rows]).encode("utf-8")
    started = time.perf_counter()
    ledger = read_ledger(data, "big.csv")
    result = historic_load(actor=w.supervisor, office=w.city, ledger=ledger, create_missing=True)
    seconds = time.perf_counter() - started
    print(f"20000 rows read and loaded in {seconds:.1f} s")
    assert result.issues == 20_000 and result.closed == 10_000 and result.reviews == 10_000
    assert IssueEvent.objects.filter(action="historic_import").count() == 20_000
    assert seconds < 60


def test_the_loaded_rows_skip_only_their_own_history_triggers():
    assert loader._history_triggers() == [
        "inspections.Issue:insert_insert",
        "rectification.Measure:insert_insert",
        "rectification.Review:insert_insert",
    ]


def test_the_background_job_reports_progress_and_its_outcome(w, rebuilds, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    path = loader.upload_path(w.supervisor.pk, "tok1", "问题清单.csv")
    path.parent.mkdir(parents=True)
    path.write_bytes(layout_city_csv())
    status = loader.historic_load_task.run(
        user_id=w.supervisor.pk, office_id=w.city.pk, token="tok1", name="问题清单.csv", create_missing=True
    )
    assert status["state"] == "done" and status["issues"] == 3 and status["progress"] == 100
    assert loader.load_status("tok1") == status and not path.exists()
    # Run again (a redelivered message): the recorded outcome, nothing loaded twice.
    assert loader.run_load(user_id=w.supervisor.pk, office_id=w.city.pk, token="tok1", name="问题清单.csv") == status
    assert Issue.objects.filter(code__startswith="XC-2023-").count() == 3

    path = loader.upload_path(w.supervisor.pk, "tok2", "x.xlsx")
    path.write_bytes(xlsx([["被巡察单位", "问题", "整改状态"], ["市住建局", "甲", "搁置"]]))
    status = loader.run_load(
        user_id=w.supervisor.pk, office_id=w.city.pk, token="tok2", name="x.xlsx", round_id=w.round.pk
    )
    assert status["state"] == "failed" and [(e["row"], e["column"]) for e in status["errors"]] == [(2, "C")]
    assert Issue.objects.count() == 3
