"""The Excel import journey in a real Chromium: download the template, upload a bad file (row
errors, nothing imported), then a good one (all rows imported as drafts)."""

import io
import re

import pytest
from openpyxl import load_workbook

from inspections.choices import IssueStatus
from inspections.models import Issue
from tests.e2e.test_inspector_journey import choose, inspection, log_in, shot  # noqa: F401 - fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def filled(template: bytes, rows) -> bytes:
    book = load_workbook(io.BytesIO(template))
    sheet = book["问题清单"]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(page, tmp_path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    page.wait_for_selector("#id_round-ts-control", state="attached")
    if not page.eval_on_selector("#id_round", "e => e.value"):
        choose(page, "id_round", "十一届市委")
    page.set_input_files("#id_file", str(path))
    page.click("#import-form button[type=submit]")
    page.wait_for_load_state()


def test_import_journey_bad_file_then_good_file(page, live_server, inspection, tmp_path):  # noqa: F811
    log_in(page, live_server, "inspector")
    page.click("[data-nav=issues]")
    page.click("text=从 Excel 导入")
    page.wait_for_url("**/issues/import/")
    choose(page, "id_round", "十一届市委")
    with page.expect_download() as download:
        page.click("#template-link")
    template = download.value.path().read_bytes()
    assert download.value.suggested_filename == "问题导入模板.xlsx"
    shot(page, "11-import-upload")

    unit = "荆州市住房和城乡建设局"
    bad = filled(
        template,
        [
            [unit, "工程建设", "工程项目未公开招标", "事实", "", "查阅资料", "个性问题", "否", "2026-03-20"],
            ["不存在的单位", "工程建设", "违规发放补贴", "", "", "", "", "", ""],
            [unit, "不存在的类别", "", "", "", "", "", "", ""],
        ],
    )
    upload(page, tmp_path, "bad.xlsx", bad)
    summary = page.locator("#preview-summary").inner_text()
    assert "共 3 行，其中 2 行有错误" in summary
    table = page.locator("#preview-table").inner_text()
    assert "未知的被巡察单位“不存在的单位”" in table and "缺少问题标题。" in table and "未知的问题类别" in table
    assert page.locator("#import-button").count() == 0
    shot(page, "12-import-bad-file-preview")
    assert not Issue.objects.exists()

    page.click("a:has-text('重新上传')")
    page.wait_for_url(re.compile(r"/issues/import/\?round=\d+$"))
    good = filled(
        template,
        [
            [
                unit,
                "工程建设",
                "工程项目未公开招标",
                "事实一",
                "招标投标法",
                "查阅资料",
                "个性问题",
                "否",
                "2026-03-20",
            ],
            [unit, "作风建设", "违规公款吃喝", "事实二", "", "个别谈话", "共性问题", "是", "2026-03-21"],
        ],
    )
    upload(page, tmp_path, "good.xlsx", good)
    assert "共 2 行，全部检查通过" in page.locator("#preview-summary").inner_text()
    shot(page, "13-import-good-file-preview")
    page.click("#import-button")
    page.wait_for_url(re.compile(r"/issues/\?tab=mine"))
    assert "已导入 2 条问题底稿" in page.locator("#messages").inner_text()
    assert page.locator("#issue-table tbody tr").count() == 2
    shot(page, "14-import-done")
    assert sorted(Issue.objects.values_list("title", "status", "immediate")) == [
        ("工程项目未公开招标", IssueStatus.DRAFT, False),
        ("违规公款吃喝", IssueStatus.DRAFT, True),
    ]
