"""Finding 9: evidence archives are inspected member by member. The hostile files of the review
(a 1 MB zip of 1 GiB, bombs under .docx names, an executable behind a PDF header, a member named
../../../../etc/evil.pdf) are refused quickly with the reason, and nothing is written."""

import datetime as dt
import io
import time
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from inspections.choices import IssueStatus
from inspections.models import Issue
from rectification import services
from rectification.evidence import check_evidence
from rectification.models import Evidence, Progress
from tests.factories import make_issue, make_world

from .builders import ELF, EXE, MB, PDF, PNG, bomb_entry, docx, docx_like, raw_zip, xlsx, zeros_deflated, zip_of


def refused(name: str, data: bytes) -> str:
    """check_evidence's reason for refusing the file (fails if it is accepted), within 5 s."""
    start = time.monotonic()
    with pytest.raises(ValidationError) as caught:
        check_evidence(SimpleUploadedFile(name, data))
    assert time.monotonic() - start < 5
    (message,) = caught.value.messages
    return message


def accepted(name: str, data: bytes) -> str:
    return check_evidence(SimpleUploadedFile(name, data)).kind


# --- the review's files -----------------------------------------------------------------------


def test_a_1_mb_zip_expanding_to_1_gib_is_refused_without_being_expanded():
    bomb = raw_zip([bomb_entry("整改报告.pdf", 1024)])
    assert len(bomb) < 2 * MB
    assert zipfile.ZipFile(io.BytesIO(bomb)).getinfo("整改报告.pdf").file_size == 1024 * MB
    assert refused("佐证.zip", bomb) == "文件“佐证.zip”中的“整改报告.pdf”压缩比异常（超过 100 倍），疑似压缩炸弹。"


def test_without_the_ratio_limit_the_total_size_still_stops_it(settings):
    settings.EVIDENCE_ZIP_MAX_RATIO = 10**9
    assert refused("佐证.zip", raw_zip([bomb_entry("整改报告.pdf", 1024)])) == "文件“佐证.zip”解压后超过 200 MB。"


def test_headers_that_understate_a_member_get_no_more_bytes_than_they_declare():
    data, crc = zeros_deflated(64)  # 64 MiB of zeros declared as 100 bytes
    lying = raw_zip([{"name": "整改报告.pdf", "data": data, "crc": crc, "size": 100}])
    assert refused("佐证.zip", lying) == "文件“佐证.zip”已损坏或格式不受支持，无法检查。"


def test_nested_bombs_under_docx_names_are_opened_as_office_files_and_refused():
    inner = docx_like(raw=[bomb_entry("word/media/image1.png", 300)])
    outer = zip_of({f"整改报告{n}.docx": inner for n in range(3)}, compression=zipfile.ZIP_STORED)
    assert refused("佐证.zip", outer) == (
        "文件“佐证.zip”中的“整改报告0.docx/word/media/image1.png”压缩比异常（超过 100 倍），疑似压缩炸弹。"
    )
    assert "压缩比异常" in refused("整改报告.docx", inner)


def test_the_total_counts_every_level_of_nesting(settings):
    settings.EVIDENCE_ZIP_MAX_TOTAL_BYTES = 20 * MB
    settings.EVIDENCE_ZIP_MAX_RATIO = 10**9
    inner = docx_like(raw=[bomb_entry("word/media/image1.png", 8)])  # 8 MiB each: fine alone
    outer = zip_of({f"整改报告{n}.docx": inner for n in range(3)}, compression=zipfile.ZIP_STORED)
    assert accepted("一份.zip", zip_of({"整改报告.docx": inner}, compression=zipfile.ZIP_STORED)) == "zip"
    assert refused("三份.zip", outer) == "文件“三份.zip”解压后超过 20 MB。"


def test_an_executable_behind_a_pdf_header_is_refused_alone_or_in_a_zip():
    disguised = b"%PDF-1.7\n" + EXE + b"\n%%EOF\n"
    assert refused("tool.exe", b"%PDF-1.7\n" + EXE) == "文件“tool.exe”中含有可执行程序，不允许上传。"
    assert refused("整改报告.pdf", disguised) == "文件“整改报告.pdf”中含有可执行程序，不允许上传。"
    assert refused("报告.pdf", b"%PDF-1.7\n" + ELF + b"\n%%EOF\n") == "文件“报告.pdf”中含有可执行程序，不允许上传。"
    assert refused("佐证.zip", zip_of({"tool.pdf": disguised})) == (
        "文件“佐证.zip”中的“tool.pdf”含有可执行程序，不允许上传。"
    )


def test_a_pdf_must_end_with_its_trailer():
    assert refused("报告.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\n") == (
        "文件“报告.pdf”不是完整的 PDF 文件（缺少文件结尾标记）。"
    )
    assert accepted("报告.pdf", PDF) == "pdf"


@pytest.mark.parametrize(
    "member",
    [
        "../../../../etc/evil.pdf",
        "/etc/evil.pdf",
        "C:/evil.pdf",
        "c:evil.pdf",
        "..\\..\\evil.pdf",
        "材料\\evil.pdf",
        "材料/../../evil.pdf",
        "evil\x00.pdf",
    ],
)
def test_member_names_that_leave_the_folder_are_refused(member):
    message = refused("佐证.zip", raw_zip([{"name": member, "data": PDF, "method": 0}]))
    assert message.startswith("文件“佐证.zip”中的文件名“") and "不安全" in message


def test_duplicate_and_encrypted_members_are_refused():
    twice = raw_zip([{"name": "a.pdf", "data": PDF, "method": 0}, {"name": "a.pdf", "data": PDF, "method": 0}])
    assert "不安全" in refused("佐证.zip", twice)
    encrypted = raw_zip([{"name": "a.pdf", "data": PDF, "method": 0, "flags": 0x1}])
    assert refused("佐证.zip", encrypted) == "文件“佐证.zip”中的“a.pdf”已加密，无法检查。"


def test_members_are_typed_by_content_like_top_level_evidence():
    assert refused("佐证.zip", zip_of({"a.pdf": b"GIF89a\x01\x00\x01\x00"})) == (
        "文件“佐证.zip”中的“a.pdf”类型不允许，压缩包内只能是 PDF、JPG、PNG、DOCX 或 XLSX。"
    )
    assert "类型不允许" in refused("佐证.zip", zip_of({"inner.zip": zip_of({"a.pdf": PDF})}))
    assert "类型不允许" in refused("佐证.zip", zip_of({"说明.txt": b"plain text"}))
    assert refused("佐证.zip", zip_of({"照片.png": PDF})) == "文件“佐证.zip”中的“照片.png”扩展名与实际内容（PDF）不符。"
    assert "含有宏" in refused("报告.docx", docx({"word/vbaProject.bin": b"Attribute VB_Name"}))


def test_nesting_depth_and_member_count_are_limited(settings):
    deep = xlsx()
    for _ in range(3):
        deep = docx({"word/embeddings/object.docx": deep})
    assert refused("报告.docx", deep) == "文件“报告.docx”嵌套的压缩层数过多（最多 3 层）。"
    settings.EVIDENCE_ZIP_MAX_MEMBERS = 5
    many = zip_of({f"{n}.pdf": PDF for n in range(6)})
    assert refused("佐证.zip", many) == "文件“佐证.zip”包含的文件过多（最多 5 个）。"


def test_ordinary_evidence_still_passes():
    """Real office files (with an embedded workbook), images and PDFs, alone and zipped."""
    report = docx({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx()})
    assert accepted("整改报告.docx", report) == "docx"
    assert accepted("台账.xlsx", xlsx()) == "xlsx"
    assert accepted("照片.png", PNG) == "png"
    bundle = zip_of({"报告.pdf": PDF, "照片.png": PNG, "材料/整改报告.docx": report, "材料/台账.xlsx": xlsx()})
    assert accepted("佐证材料.zip", bundle) == "zip"


# --- through the screens and the API: refused, nothing written --------------------------------


@pytest.fixture
def w(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = make_world()
    w.issue = make_issue(w.assignment_x, IssueStatus.CONFIRMED, n=1)
    services.feedback_record(actor=w.supervisor, assignment=w.assignment_x, meeting_date=dt.date(2026, 5, 1))
    w.issue = Issue.objects.get(pk=w.issue.pk)
    return w


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_the_progress_form_refuses_a_bomb_with_the_reason_and_writes_nothing(client, w):
    client.force_login(w.liaison_x)
    bomb = raw_zip([bomb_entry("整改报告.pdf", 1024)])
    start = time.monotonic()
    response = client.post(
        reverse("rectification:progress-create", args=[w.issue.pk]),
        {"date": "2026-11-20", "text": "已整改", "files": [SimpleUploadedFile("佐证.zip", bomb)]},
    )
    assert time.monotonic() - start < 10
    assert response.status_code == 400
    assert response.context["progress_form"].errors["files"] == [
        "文件“佐证.zip”中的“整改报告.pdf”压缩比异常（超过 100 倍），疑似压缩炸弹。"
    ]
    assert not Progress.objects.exists() and not Evidence.objects.exists()
    assert stored_files() == []


def test_the_api_refuses_a_zip_slip_member_in_the_error_shape_and_writes_nothing(w):
    client = APIClient()
    client.force_authenticate(w.liaison_x)
    slip = zip_of({"../../../../etc/evil.pdf": PDF})
    response = client.post(
        "/api/v1/progress/",
        {"issue": w.issue.pk, "date": "2026-11-20", "text": "已整改", "files": [SimpleUploadedFile("佐证.zip", slip)]},
        format="multipart",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"]["files"] == [
        "文件“佐证.zip”中的文件名“../../../../etc/evil.pdf”不安全（绝对路径、“..”、盘符、反斜杠或重名）。"
    ]
    assert not Progress.objects.exists() and not Evidence.objects.exists()
    assert stored_files() == []
