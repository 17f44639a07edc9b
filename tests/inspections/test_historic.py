"""Historic ledgers in an office's own layouts: read, mapped and checked all or nothing."""

import datetime as dt
import io
import time

import openpyxl
import pytest

from inspections.choices import IssueStatus
from inspections.historic import (
    HistoricFileError,
    half_width,
    parse_date,
    parse_status,
    read_ledger,
    suggest_mapping,
)

CLOSED, RECTIFYING, LONG_TERM = IssueStatus.CLOSED, IssueStatus.RECTIFYING, IssueStatus.LONG_TERM


def xlsx(rows, merge_title_over: int = 0) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge_title_over:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=merge_title_over)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def layout_county_rectification() -> bytes:
    """A county's 整改台账: merged title and subtitle rows, 序号, blank rows between units, 合计."""
    header = ["序号", "被巡察单位", "问题清单", "整改措施", "责任领导", "整改时限", "完成情况", "销号时间", "备注"]
    return xlsx(
        [
            ["某县委巡察反馈问题整改台账（2023年）"] + [None] * 8,
            ["填报单位：某县委巡察办", None, None, None, None, None, None, "填报日期：2023年12月31日", None],
            header,
            [
                1,
                "县住建局",
                "工程项目审批不规范",
                "建立审批台账",
                "张副局长",
                "2023年6月30日",
                "已整改",
                "2023年5月20日",
                None,
            ],
            [
                2,
                "县住建局",
                "公务用车管理不规范",
                "清理车辆",
                "张副局长",
                "2023年6月30日",
                "长期整改",
                None,
                "持续推进",
            ],
            [None] * 9,
            [3, "县教育局", "食堂经费管理混乱", "规范采购", "王副局长", "2023年9月30日", "整改中", None, None],
            [
                4,
                "县教育局",
                "三重一大制度执行不到位",
                "修订议事规则",
                "王副局长",
                "2023年3月31日",
                "已销号",
                "2023年3月5日",
                None,
            ],
            [None] * 9,
            ["合计", "共4个问题", None, None, None, None, None, None, None],
        ],
        merge_title_over=9,
    )


def layout_city_csv() -> bytes:
    """A city office's export as GB18030 CSV: dates “2023.3.5”, full-width digits, its own words."""
    lines = [
        "市委巡察问题清单",
        "编号,轮次,巡察组,单位名称,问题类型,存在问题,反馈日期,整改状态,完成时间",
        "XC-2023-001,十届第３轮,第一组,市财政局,财经纪律,违规发放津贴补贴,２０２３.３.５,已销号,2023.6.1",
        "XC-2023-002,十届第３轮,第一组,市财政局,选人用人,干部档案管理不规范,2023.3.5,正在整改,",
        "XC-2023-003,十届第3轮,第二组,市水利局,作风建设,调研走过场,2023.03.08,持续整改,",
        ",,,,,,,,",
        "总计,3,,,,,,,",
    ]
    return "\n".join(lines).encode("gb18030")


def layout_township_dates() -> bytes:
    """A township sheet with date cells, two title rows, columns in another order, 小计 rows."""
    return xlsx(
        [
            ["巡察整改销号台账"],
            [],
            ["问题描述", "整改状态", "被巡察党组织", "发现时间", "销号日期", "销号意见"],
            [
                "村集体资金管理不规范",
                "已完成",
                "某村党支部",
                dt.datetime(2022, 11, 2),
                dt.datetime(2023, 1, 15),
                "整改到位，同意销号",
            ],
            ["小计", None, None, None, None, None],
            ["党员发展程序不规范", "未完成", "某社区党委", dt.datetime(2022, 11, 3), None, None],
        ]
    )


def statuses(ledger):
    return [(row.values["unit"], row.values["status"], row.values.get("closed_on")) for row in ledger.rows]


def test_county_layout_with_merged_title_blank_rows_and_totals():
    ledger = read_ledger(layout_county_rectification(), "整改台账.xlsx")
    assert ledger.ok, ledger.errors
    assert ledger.header_row == 3 and ledger.skipped == [1, 2, 6, 9, 10]
    assert {ledger.headers[i]: f for i, f in ledger.mapping.items()} == {
        "被巡察单位": "unit",
        "问题清单": "title",
        "整改措施": "measure",
        "责任领导": "responsible_leader",
        "整改时限": "deadline",
        "完成情况": "status",
        "销号时间": "closed_on",
    }
    assert statuses(ledger) == [
        ("县住建局", CLOSED, dt.date(2023, 5, 20)),
        ("县住建局", LONG_TERM, None),
        ("县教育局", RECTIFYING, None),
        ("县教育局", CLOSED, dt.date(2023, 3, 5)),
    ]
    assert ledger.rows[0].values["deadline"] == dt.date(2023, 6, 30)
    assert ledger.names("unit") == ["县住建局", "县教育局"]


def test_city_csv_with_dotted_dates_and_full_width_digits():
    ledger = read_ledger(layout_city_csv(), "问题清单.csv")
    assert ledger.ok, ledger.errors
    assert ledger.header_row == 2
    assert statuses(ledger) == [
        ("市财政局", CLOSED, dt.date(2023, 6, 1)),
        ("市财政局", RECTIFYING, None),
        ("市水利局", LONG_TERM, None),
    ]
    assert [row.values["found_on"] for row in ledger.rows] == [dt.date(2023, 3, 5)] * 2 + [dt.date(2023, 3, 8)]
    # Full-width digits in names are read as half width, so one round is named, not two.
    assert ledger.names("round") == ["十届第3轮"] and ledger.names("group") == ["第一组", "第二组"]
    assert ledger.rows[0].values["code"] == "XC-2023-001"


def test_township_layout_with_date_cells_and_close_out_opinion():
    ledger = read_ledger(layout_township_dates(), "销号台账.xlsx")
    assert ledger.ok, ledger.errors
    assert ledger.header_row == 3 and 5 in ledger.skipped
    first, second = ledger.rows
    assert first.values["status"] == CLOSED and first.values["closed_on"] == dt.date(2023, 1, 15)
    assert first.values["close_comment"] == "整改到位，同意销号" and first.values["found_on"] == dt.date(2022, 11, 2)
    assert second.values["status"] == RECTIFYING and second.number == 6


def test_a_broken_ledger_is_refused_whole_with_row_and_column_of_each_error():
    data = xlsx(
        [
            ["被巡察单位", "问题", "整改状态", "销号日期"],
            ["县住建局", "问题一", "已整改", "2023年13月5日"],
            ["县住建局", "", "搁置", None],
            ["县教育局", "问题三", "已销号", None],
            ["县教育局", "问题四", "整改中", None],
        ]
    )
    ledger = read_ledger(data, "broken.xlsx")
    assert not ledger.ok
    assert [(e.row, e.column) for e in ledger.errors] == [(2, "D"), (3, "C"), (3, "B"), (4, "D")]
    assert str(ledger.errors[0]) == "D2：“2023年13月5日”不是日期（如 2023年3月5日、2023.3.5）。"
    assert "搁置" in ledger.errors[1].message


def test_a_file_without_the_needed_columns_or_as_xls_is_refused():
    with pytest.raises(HistoricFileError):
        read_ledger(xlsx([["甲", "乙"], [1, 2]]), "x.xlsx")
    with pytest.raises(HistoricFileError) as refused:
        read_ledger(b"\xd0\xcf\x11\xe0", "old.xls")
    assert ".xlsx" in str(refused.value)
    ledger = read_ledger(xlsx([["被巡察单位", "问题", "整改措施"], ["县住建局", "问题", "措施"]]), "x.xlsx")
    assert not ledger.ok and "整改状态" in ledger.errors[0].message
    # The user's own mapping replaces the suggestion.
    ledger = read_ledger(
        xlsx([["单位", "事项", "进度", "备注"], ["县住建局", "问题", "已完成", ""]]),
        "x.xlsx",
        mapping={0: "unit", 1: "title", 2: "status"},
    )
    assert ledger.ok and ledger.rows[0].values["status"] == CLOSED


def test_words_dates_and_headers():
    assert half_width("２０２３．３．５　") == "2023.3.5 "
    assert (
        parse_date("2023年3月5日") == parse_date("2023.3.5") == parse_date("２０２３-０３-０５") == dt.date(2023, 3, 5)
    )
    assert parse_date("20230305") == parse_date("2023/3/5") == dt.date(2023, 3, 5)
    assert parse_date("2023年6月底") == parse_date("2023.6") == dt.date(2023, 6, 30)
    assert parse_date("") is None
    with pytest.raises(ValueError):
        parse_date("明年")
    assert parse_status("未完成") == RECTIFYING and parse_status("已完成") == CLOSED
    assert parse_status("长期整改（持续推进）") == LONG_TERM and parse_status("待验收") == IssueStatus.PENDING_REVIEW
    assert parse_status("搁置") is None
    assert suggest_mapping(["序号", "责任单位", "被巡察单位（部门）", "存在的主要问题"]) == {
        1: "responsible_department",
        2: "unit",
        3: "title",
    }


def test_twenty_thousand_rows_are_read_and_checked_quickly():
    header = "编号,单位名称,存在问题,反馈日期,整改状态,完成时间"
    rows = [f"X-{n},单位{n % 50},问题{n},2023.3.5,已销号,2023年6月{n % 28 + 1}日" for n in range(20_000)]
    data = "\n".join([header, *rows]).encode("utf-8")
    started = time.perf_counter()
    ledger = read_ledger(data, "big.csv")
    assert ledger.ok and len(ledger.rows) == 20_000
    assert time.perf_counter() - started < 10
