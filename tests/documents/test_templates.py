"""Uploaded Word templates cannot run code (security review finding 2): they render in a Jinja
sandbox with only the documented placeholders, are checked when uploaded, and the uploader is kept."""

import datetime as dt
import io
import os

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import Cycler

from documents import selectors
from documents.choices import DocumentKind
from documents.models import DocumentTemplate
from documents.rendering import (
    SAMPLES,
    DocumentEnvironment,
    DocumentTemplateError,
    _default_template,
    check_template,
    render_template,
)
from tests.factories import make_world

pytestmark = pytest.mark.django_db

ATTACK = "{{ cycler.__init__.__globals__.os.getcwd() }}"
ADD_URL = "/admin/documents/documenttemplate/add/"


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def text_of(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


@pytest.fixture
def w():
    w = make_world()
    w.admin.is_staff = w.admin.is_superuser = True
    w.admin.save()
    w.assignment_x.feedback_date = dt.date(2026, 5, 15)
    w.assignment_x.save()
    return w


def upload(client, w, content: bytes, kind=DocumentKind.FEEDBACK):
    client.force_login(w.admin)
    data = {"office": w.city.pk, "kind": kind, "file": SimpleUploadedFile("mine.docx", content), "is_active": "on"}
    return client.post(ADD_URL, data)


def test_the_attack_template_is_refused_at_upload(client, w):
    response = upload(client, w, docx_bytes("关于{{ unit }}", ATTACK))
    page = response.content.decode()
    assert response.status_code == 200  # the form again, with the reason
    assert "模板未通过检查" in page and "cycler" in page
    assert os.getcwd() not in page
    assert not DocumentTemplate.objects.exists()


def test_a_good_template_is_kept_with_its_uploader(client, w):
    content = docx_bytes("自定义：{{ unit }}，{% for issue in issues %}{{ issue.title }}{% endfor %}")
    response = upload(client, w, content)
    assert response.status_code == 302
    template = DocumentTemplate.objects.get()
    assert template.uploaded_by == w.admin
    assert text_of(selectors.feedback_opinion(w.assignment_x)) == "自定义：市住建局，"


@pytest.mark.parametrize(
    "kind, text, reason",
    [
        (DocumentKind.FEEDBACK, "{{ secret }}", "未定义的占位符：secret"),  # not a documented name
        (DocumentKind.CLUE_LETTER, "{{ clue.secret }}", "未定义的占位符或属性"),  # not a documented attribute
        (DocumentKind.FEEDBACK, "{{ unit.__class__.__mro__ }}", "不允许的写法"),  # private attributes
        (DocumentKind.FEEDBACK, "{% for i in range(3) %}{% endfor %}", "未定义的占位符：range"),  # no globals
        (DocumentKind.FEEDBACK, "{{ issues.append(1) }}", "不允许的写法"),  # no mutation
        (DocumentKind.FEEDBACK, "{{ unit * 100000000 }}", "不允许的写法"),  # bounded repetition
        (DocumentKind.SUPERVISION, "{% if %}", "模板语法有误"),
        (DocumentKind.SUPERVISION, "{{ 1 / 0 }}", "模板无法生成文书"),
    ],
)
def test_only_the_documented_placeholders_render(kind, text, reason):
    with pytest.raises(DocumentTemplateError) as refused:
        check_template(kind, docx_bytes(text))
    assert reason in refused.value.message


def test_a_file_that_is_not_word_is_refused():
    with pytest.raises(DocumentTemplateError) as refused:
        check_template(DocumentKind.FEEDBACK, b"PK\x03\x04 not really a zip")
    assert "请上传 Word（.docx）文件" in refused.value.message


def test_the_sandbox_holds_even_with_a_cycler_in_reach():
    assert isinstance(DocumentEnvironment(), SandboxedEnvironment)
    context = {**SAMPLES[DocumentKind.FEEDBACK], "cycler": Cycler(1, 2)}
    with pytest.raises(DocumentTemplateError) as refused:
        render_template(DocumentKind.FEEDBACK, docx_bytes(ATTACK), context)
    assert isinstance(refused.value.__cause__, SecurityError)
    assert os.getcwd() not in refused.value.message


def test_the_built_in_templates_pass_the_check():
    for kind in DocumentKind.values:
        check_template(kind, _default_template(kind).getvalue())


def test_an_attack_forced_into_the_database_renders_nothing(client, w):
    DocumentTemplate.objects.create(
        office=w.city, kind=DocumentKind.FEEDBACK, file=ContentFile(docx_bytes(ATTACK), name="evil.docx")
    )
    with pytest.raises(DocumentTemplateError) as refused:
        selectors.feedback_opinion(w.assignment_x)
    assert "不允许的写法" in refused.value.message and os.getcwd() not in refused.value.message

    client.force_login(w.supervisor)
    response = client.get(f"/documents/assignments/{w.assignment_x.pk}/feedback-opinion.docx")
    page = response.content.decode()
    assert response.status_code == 409 and response["Content-Type"].startswith("text/html")
    assert "无法生成文书" in page and os.getcwd() not in page
