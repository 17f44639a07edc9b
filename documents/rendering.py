"""Word documents (.docx) from templates that admins can replace, rendered in a sandbox.

Three documents: 巡察反馈意见书 (an assignment), 问题线索移交函 (a clue transfer) and 整改督办通知书
(a supervision action). Each is a docxtpl (Jinja in Word) template: an office's own uploaded
template (``DocumentTemplate``, in the admin) wins, then an ancestor office's, then the built-in
default in official format (GB/T 9704-2012), generated with python-docx by ``documents.defaults``
so no binary file lives in the repository.

An uploaded template is code an admin wrote, so it never runs with Jinja's full powers: it is
rendered in an immutable sandbox (no ``_``-attributes, no mutating methods, bounded repetition)
with no globals (no ``cycler``, ``range`` …) and strict undefined values, so a name or attribute
outside the documented placeholders (``SAMPLES``) fails instead of printing. A template is
checked on upload by rendering it against the sample data (``check_template``).
"""

from __future__ import annotations

import io
import logging
from zipfile import BadZipFile

from django.utils import timezone
from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from core.errors import ApplicationError

from . import report_template
from .choices import DocumentKind
from .defaults import default_template as _default_template

logger = logging.getLogger(__name__)

FEEDBACK, CLUE_LETTER, SUPERVISION = DocumentKind.FEEDBACK, DocumentKind.CLUE_LETTER, DocumentKind.SUPERVISION
COMMON_NOTICE, REPORT = DocumentKind.COMMON_NOTICE, DocumentKind.REPORT
MAX_REPEAT = 100_000  # the longest string or list a template may build with "*"
MAX_POWER = 64  # the largest exponent of "**"
# What opening a file that is not a Word document raises (zip, package or XML errors).
NOT_WORD = (BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError, OSError)
# What a template's own expressions may raise besides Jinja's errors ({{ 1 / 0 }}, {{ unit + 1 }}).
RUNTIME_ERRORS = (ArithmeticError, TypeError, ValueError, LookupError, AttributeError)

# The documented placeholders of each document, with the sample values a template is checked
# against on upload (every list holds one item, so the attributes used in loops are checked too).
_ISSUE = {"code": "JZ-2026-001", "title": "示例问题", "category": "示例类别"}
SAMPLES = {
    FEEDBACK: {
        "office": "某某市委巡察办",
        "round": "十一届市委第3轮",
        "unit": "某某局",
        "group": "第一巡察组",
        "doc_number": "某巡反〔2026〕1号",
        "feedback_date": "2026年5月15日",
        "report_due": "2026年7月15日",
        "plan_due": "2026年6月14日",
        "issues": [_ISSUE],
        "today": "2026年5月15日",
    },
    CLUE_LETTER: {
        "office": "某某市委巡察办",
        "clue": {"code": "JZ-XS-2026-001", "summary": "示例线索摘要"},
        "persons": [{"name": "某某", "post": "局长", "rank": "县处级"}],
        "recipient_body": "市纪委监委",
        "letter_number": "巡移〔2026〕1号",
        "transfer_date": "2026年5月15日",
        "result_due": "2026年8月15日",
        "today": "2026年5月15日",
    },
    SUPERVISION: {
        "office": "某某市委巡察办",
        "unit": "某某局",
        "doc_number": "某巡督〔2026〕1号",
        "kind": "约谈",
        "reason": "拖延整改",
        "date": "2026年7月1日",
        "note": "",
        "overdue_issues": [{"code": "JZ-2026-001", "title": "示例问题", "deadline": "2026年6月1日"}],
        "today": "2026年7月1日",
    },
    COMMON_NOTICE: {
        "office": "某某市委巡察办",
        "doc_number": "某巡通〔2026〕1号",
        "title": "示例共性问题",
        "description": "示例问题描述",
        "measure": "示例整改措施",
        "measure_deadline": "2026年9月30日",
        "units": [{"name": "某某局", "count": 1}],
        "issues": [{"code": "JZ-2026-001", "title": "示例问题", "unit": "某某局", "status": "整改中"}],
        "progress": "0.0%",
        "today": "2026年7月1日",
    },
    REPORT: report_template.SAMPLE,
}
PLACEHOLDERS = {kind: list(sample) for kind, sample in SAMPLES.items()}


class DocumentTemplateError(ApplicationError):
    """A Word template that cannot be rendered safely: refused on upload, reported on download."""

    status_code = 409
    default_code = "bad_document_template"


class DocumentEnvironment(ImmutableSandboxedEnvironment):
    """Jinja for uploaded Word templates: sandboxed, no globals, strict, bounded repetition."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self):
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self.globals.clear()  # no range, dict, lipsum, cycler, joiner or namespace

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_POWER:
            raise SecurityError(f"exponent {right} is too large")
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, str | list | tuple) and isinstance(times, int):
                    if len(sequence) * times > MAX_REPEAT:
                        raise SecurityError(f"repetition longer than {MAX_REPEAT}")
        return super().call_binop(context, operator, left, right)


def template_source(kind: str, office) -> tuple[bytes, object]:
    """The office's own template (or its nearest ancestor's), else the built-in default, as
    ``(content, template)``; ``template`` is the ``DocumentTemplate`` row or None."""
    from .models import DocumentTemplate

    if office is not None:
        ancestors = [int(part) for part in office.path.strip("/").split("/") if part]
        custom = (
            DocumentTemplate.objects.filter(kind=kind, office_id__in=ancestors, is_active=True)
            .order_by("-office__path")
            .first()
        )
        if custom is not None:
            with custom.file.open("rb") as handle:
                return handle.read(), custom
    return _default_template(kind).getvalue(), None


def _problem(exc: Exception) -> str:
    """What is wrong with a template, in words an admin can act on."""
    if isinstance(exc, SecurityError):
        return _("模板包含不允许的写法（%(detail)s）。") % {"detail": exc}
    if isinstance(exc, UndefinedError):
        return _("模板使用了未定义的占位符或属性（%(detail)s）。") % {"detail": exc}
    if isinstance(exc, TemplateSyntaxError):
        return _("模板语法有误（%(detail)s）。") % {"detail": exc.message or exc}
    return _("模板无法生成文书（%(detail)s）。") % {"detail": exc}


def _open(content: bytes) -> DocxTemplate:
    """``content`` as a docxtpl template, or a readable refusal when it is not a Word file."""
    template = DocxTemplate(io.BytesIO(content))
    try:
        template.init_docx()
    except NOT_WORD as exc:
        raise DocumentTemplateError(_("无法读取模板文件，请上传 Word（.docx）文件。")) from exc
    return template


def render_template(kind: str, content: bytes, context: dict) -> bytes:
    """Render ``content`` (a .docx template) with ``context`` in the sandbox; raises
    ``DocumentTemplateError`` with a readable message when the template is not fit to use."""
    template = _open(content)
    try:
        template.render(context, jinja_env=DocumentEnvironment(), autoescape=True)
    except (TemplateError, *RUNTIME_ERRORS) as exc:
        raise DocumentTemplateError(_problem(exc)) from exc
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def check_template(kind: str, content: bytes) -> None:
    """Refuse a template that uses names outside the documented placeholders of ``kind`` or
    fails to render against the sample data (raises ``DocumentTemplateError``)."""
    allowed = PLACEHOLDERS[kind]
    try:
        used = _open(content).get_undeclared_template_variables(DocumentEnvironment())
    except TemplateError as exc:
        raise DocumentTemplateError(_problem(exc)) from exc
    unknown = sorted(set(used) - set(allowed))
    if unknown:
        raise DocumentTemplateError(
            _("模板使用了未定义的占位符：%(names)s。可用的占位符：%(allowed)s。")
            % {"names": "、".join(unknown), "allowed": "、".join(allowed)}
        )
    render_template(kind, content, SAMPLES[kind])


def render(kind: str, context: dict, *, office) -> bytes:
    """The document ``kind`` for ``context`` from the office's template (or the default)."""
    content, custom = template_source(kind, office)
    today = timezone.localdate()
    # 发文字号: the year filled in, the number left for the office to write (〔2026〕　号).
    context = {"today": date_text(today), "doc_number": f"〔{today.year}〕\u3000号", **context}
    try:
        return render_template(kind, content, context)
    except DocumentTemplateError:
        logger.warning("document template %s (%s) failed to render", getattr(custom, "pk", "default"), kind)
        raise


def date_text(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""
