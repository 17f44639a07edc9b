"""Excel import of findings: the template, row-by-row checks, all-or-none import, bad files."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from inspections import imports
from inspections.choices import IssueStatus
from inspections.models import Issue, IssueCategory
from tests.factories import make_issue, make_world

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def w():
    return make_world()


def category_name() -> str:
    return IssueCategory.objects.get(name="工程建设").name


def workbook(rows, headers=imports.HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = imports.DATA_SHEET
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(
    unit="市住建局", category=None, title="违规发放津贴", facts="事实", how="查阅资料", nature="个性问题", flag="否"
):
    return [unit, category or category_name(), title, facts, "依据", how, nature, flag, "2026-03-20"]


def upload(client, w, data: bytes, name="问题.xlsx"):
    return client.post(
        reverse("inspections:import-upload"),
        {"round": w.round.pk, "file": SimpleUploadedFile(name, data, content_type=XLSX)},
    )


def test_template_has_chinese_headers_and_drop_down_lists(client, w):
    client.force_login(w.inspector_x)
    response = client.get(reverse("inspections:import-template"), {"round": w.round.pk})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    sheet = book[imports.DATA_SHEET]
    assert [cell.value for cell in sheet[1]] == imports.HEADERS
    rules = {str(rule.sqref).split(":")[0]: rule.formula1 for rule in sheet.data_validations.dataValidation}
    assert set(rules) == {"A2", "B2", "F2", "G2", "H2"}
    lists = book[imports.LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    assert "工程建设" in [c.value for c in lists["A"]]
    assert [c.value for c in lists["C"] if c.value] == ["共性问题", "个性问题"]
    assert [c.value for c in lists["E"] if c.value] == ["市住建局"]  # the round's units he may see
    # A later upload of the untouched template is "empty", not an error page.
    response = upload(client, w, response.content)
    assert response.status_code == 400 and "没有数据行" in response.context["form"].errors["file"][0]


def test_good_file_previews_then_imports_every_row_as_drafts(client, w):
    client.force_login(w.inspector_x)
    data = workbook([row(title="违规发放津贴"), row(unit="U-X", title="公车私用", flag="是", nature="共性问题")])
    response = upload(client, w, data)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.ok and [r.number for r in preview.rows] == [2, 3]
    assert "全部检查通过" in response.content.decode()
    assert not Issue.objects.exists()  # nothing written by the preview

    response = client.post(reverse("inspections:import-confirm", args=[response.context["token"]]))
    assert response.status_code == 302
    issues = Issue.objects.order_by("id")
    assert [(i.title, i.status, i.immediate, i.nature) for i in issues] == [
        ("违规发放津贴", IssueStatus.DRAFT, False, "individual"),
        ("公车私用", IssueStatus.DRAFT, True, "common"),
    ]
    assert all(i.case_officer == w.inspector_x and i.events.get().action == "create" for i in issues)
    # The token is spent: a second confirm imports nothing more.
    client.post(reverse("inspections:import-confirm", args=[response.wsgi_request.path.split("/")[-2]]))
    assert Issue.objects.count() == 2


def test_bad_rows_are_listed_one_by_one_and_nothing_can_be_imported(client, w):
    existing = make_issue(w.assignment_x, title="已有的问题")
    client.force_login(w.inspector_x)
    data = workbook(
        [
            row(title="好的一行"),
            row(unit="不存在的单位"),
            row(category="不存在的类别", title="类别错"),
            row(title=""),
            row(title="已有的问题"),
            row(title="好的一行"),
            row(unit="市发改委", title="别组的单位"),
            row(title="方式错", how="猜的"),
        ]
    )
    response = upload(client, w, data)
    assert response.status_code == 200
    preview = response.context["preview"]
    errors = {r.number: r.errors for r in preview.rows}
    assert errors[2] == []
    assert "未知的被巡察单位“不存在的单位”" in errors[3][0]
    assert errors[4] == ["未知的问题类别“不存在的类别”。"]
    assert errors[5] == ["缺少问题标题。"]
    assert errors[6] == [f"与已有问题 {existing.code} 重复。"]
    assert errors[7] == ["与第 2 行重复。"]
    assert "未知的被巡察单位“市发改委”" in errors[8][0]  # another group's unit is outside his scope
    assert errors[9] == ["发现方式“猜的”无效。"]
    html = response.content.decode()
    assert "其中 7 行有错误" in html and 'id="import-button"' not in html

    # Even a forged confirm imports nothing.
    response = client.post(reverse("inspections:import-confirm", args=[response.context["token"]]), follow=True)
    assert any("有错误" in str(m) for m in response.context["messages"])
    assert Issue.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4 not a spreadsheet", "报告.xlsx", "不是 Excel 表格"),
        (b"", "空.xlsx", "文件"),
        ("wrong-headers", "表头.xlsx", "表头不正确，缺少列：问题类别"),
        ("no-rows", "空表.xlsx", "没有数据行"),
        ("too-big", "大.xlsx", "超过大小限制"),
    ],
)
def test_bad_files_get_a_clear_message_and_change_nothing(client, w, data, name, message):
    if data == "wrong-headers":
        data = workbook([["市住建局", "标题"]], headers=["被巡察单位", "问题标题"])
    elif data == "no-rows":
        data = workbook([])
    elif data == "too-big":
        data = b"PK" + b"0" * (imports.MAX_BYTES + 1)
    client.force_login(w.inspector_x)
    response = upload(client, w, data, name)
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert message in errors[0], errors
    assert not Issue.objects.exists()


def test_all_or_none_when_a_row_fails_at_import_time(client, w):
    client.force_login(w.inspector_x)
    response = upload(client, w, workbook([row(title="一"), row(title="二")]))
    token = response.context["token"]
    # Between preview and import the second title is taken by someone else: the file is
    # checked again and nothing is imported.
    make_issue(w.assignment_x, title="二")
    response = client.post(reverse("inspections:import-confirm", args=[token]), follow=True)
    assert any("有错误" in str(m) for m in response.context["messages"])
    assert list(Issue.objects.values_list("title", flat=True)) == ["二"]

    # A refusal inside the transaction rolls back the rows already created.
    preview = imports.validate_rows(
        user=w.inspector_x, round=w.round, rows=imports.read_rows(workbook([row(title="三"), row(title="四")]))
    )
    assert preview.ok
    preview.rows[1].assignment = w.assignment_y  # a group he is not in: issue_create refuses
    with pytest.raises(imports.ApplicationError, match="第 3 行导入失败"):
        imports.import_preview(user=w.inspector_x, preview=preview)
    assert list(Issue.objects.values_list("title", flat=True)) == ["二"]


def test_five_thousand_rows_validate_in_under_ten_seconds(w):
    titles = [f"问题{n}" for n in range(5000)]
    data = workbook([row(title=t, unit="市住建局" if n % 2 else "U-X") for n, t in enumerate(titles)])
    started = time.monotonic()
    preview = imports.preview_upload(user=w.inspector_x, round=w.round, data=data)
    elapsed = time.monotonic() - started
    assert preview.ok and len(preview.rows) == 5000
    assert elapsed < 10, elapsed


def test_a_large_file_is_imported_by_the_background_task(client, w, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(imports, "SYNC_ROWS", 2)
    queued = []
    monkeypatch.setattr(imports.import_findings, "delay", lambda **kwargs: queued.append(kwargs))
    client.force_login(w.inspector_x)
    token = upload(client, w, workbook([row(title=f"问题{n}") for n in range(3)])).context["token"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("inspections:import-confirm", args=[token]))
    status_url = reverse("inspections:import-status", args=[token])
    assert response.status_code == 302 and response["Location"] == status_url
    assert queued == [{"user_id": w.inspector_x.pk, "round_id": w.round.pk, "token": token, "language": "zh-hans"}]
    response = client.get(status_url)
    assert response.status_code == 200 and "正在导入 3 行" in response.content.decode()
    assert not Issue.objects.exists()

    # The worker runs the task; the polling page then sends the user to his drafts.
    assert imports.import_findings.run(**queued[0]) == {"state": "done", "count": 3, "round": w.round.pk}
    assert Issue.objects.count() == 3
    assert imports.import_findings.run(**queued[0])["count"] == 3  # idempotent: nothing imported twice
    assert Issue.objects.count() == 3
    response = client.get(status_url, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and "tab=mine" in response["HX-Redirect"]
