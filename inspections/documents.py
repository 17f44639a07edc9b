"""Word documents (.docx) from templates that admins can replace.

Three documents: 巡察反馈意见书 (an assignment), 问题线索移交函 (a clue transfer) and 整改督办通知书
(a supervision action). Each is a docxtpl (Jinja in Word) template: an office's own uploaded
template (``DocumentTemplate``, in the admin) wins, then an ancestor office's, then the built-in
default, which is generated here with python-docx so no binary file lives in the repository.
The placeholders each template may use are listed in ``PLACEHOLDERS``.
"""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docxtpl import DocxTemplate

from .choices import DocumentKind

FEEDBACK, CLUE_LETTER, SUPERVISION = DocumentKind.FEEDBACK, DocumentKind.CLUE_LETTER, DocumentKind.SUPERVISION

PLACEHOLDERS = {
    FEEDBACK: ["office", "round", "unit", "group", "feedback_date", "report_due", "plan_due", "issues", "today"],
    CLUE_LETTER: [
        "office",
        "clue",
        "persons",
        "recipient_body",
        "letter_number",
        "transfer_date",
        "result_due",
        "today",
    ],
    SUPERVISION: ["office", "unit", "kind", "reason", "date", "note", "overdue_issues", "today"],
}


def _heading(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(20)


def _default_template(kind: str) -> io.BytesIO:
    """The built-in template of ``kind`` with Jinja placeholders (docxtpl syntax)."""
    document = Document()
    if kind == FEEDBACK:
        _heading(document, "{{ office }}")
        _heading(document, "关于对{{ unit }}的巡察反馈意见")
        document.add_paragraph("{{ unit }}党组织：")
        document.add_paragraph(
            "根据{{ round }}巡察工作安排，{{ group }}对你单位开展了巡察。现将巡察发现的主要问题反馈如下："
        )
        document.add_paragraph("{%p for issue in issues %}")
        document.add_paragraph("{{ loop.index }}. 【{{ issue.category }}】{{ issue.title }}（{{ issue.code }}）")
        document.add_paragraph("{%p endfor %}")
        document.add_paragraph("请你单位在{{ plan_due }}前报送整改方案，在{{ report_due }}前报送整改情况报告。")
        document.add_paragraph("{{ office }}")
        document.add_paragraph("{{ feedback_date }}")
    elif kind == CLUE_LETTER:
        _heading(document, "{{ office }}")
        _heading(document, "问题线索移交函")
        document.add_paragraph("{{ letter_number }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
        document.add_paragraph("{{ recipient_body }}：")
        document.add_paragraph(
            "巡察中发现反映以下人员的问题线索（编号 {{ clue.code }}），现移交你单位依规依纪依法处置："
        )
        document.add_paragraph("{%p for person in persons %}")
        document.add_paragraph("{{ person.name }}，{{ person.post }}（{{ person.rank }}）")
        document.add_paragraph("{%p endfor %}")
        document.add_paragraph("线索摘要：{{ clue.summary }}")
        document.add_paragraph("请于{{ result_due }}前将办理结果反馈我办。")
        document.add_paragraph("（此件涉密，严格控制知悉范围）")
        document.add_paragraph("{{ office }}")
        document.add_paragraph("{{ transfer_date }}")
    elif kind == SUPERVISION:
        _heading(document, "{{ office }}")
        _heading(document, "整改督办通知书")
        document.add_paragraph("{{ unit }}：")
        document.add_paragraph("因你单位存在{{ reason }}情况，现对你单位予以{{ kind }}。{{ note }}")
        document.add_paragraph("{%p if overdue_issues %}")
        document.add_paragraph("以下问题已超过整改期限：")
        document.add_paragraph("{%p for issue in overdue_issues %}")
        document.add_paragraph("{{ issue.code }} {{ issue.title }}（期限 {{ issue.deadline }}）")
        document.add_paragraph("{%p endfor %}")
        document.add_paragraph("{%p endif %}")
        document.add_paragraph("请立即组织整改，并于收到本通知后5个工作日内书面报告整改情况。")
        document.add_paragraph("{{ office }}")
        document.add_paragraph("{{ date }}")
    else:
        raise ValueError(kind)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def template_source(kind: str, office):
    """The office's own template (or its nearest ancestor's), else the built-in default."""
    from .models import DocumentTemplate

    if office is not None:
        ancestors = [int(part) for part in office.path.strip("/").split("/") if part]
        custom = (
            DocumentTemplate.objects.filter(kind=kind, office_id__in=ancestors, is_active=True)
            .order_by("-office__path")
            .first()
        )
        if custom is not None:
            return custom.file.open("rb")
    return _default_template(kind)


def render(kind: str, context: dict, *, office) -> bytes:
    template = DocxTemplate(template_source(kind, office))
    template.render({"today": date_text(timezone.localdate()), **context}, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def date_text(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


# --- contexts -------------------------------------------------------------------------------


def feedback_opinion(assignment, *, fed_back_only: bool = False) -> bytes:
    """The feedback opinion; for the unit itself only the issues actually fed back are listed."""
    from .choices import FED_BACK_STATUSES, FOUND_STATUSES

    statuses = FED_BACK_STATUSES if fed_back_only else FOUND_STATUSES
    issues = assignment.issues.filter(status__in=statuses).select_related("category").order_by("code")
    context = {
        "office": assignment.round.office.name,
        "round": str(assignment.round),
        "unit": assignment.unit.name,
        "group": str(assignment.group),
        "feedback_date": date_text(assignment.feedback_date or timezone.localdate()),
        "plan_due": date_text(assignment.plan_due),
        "report_due": date_text(assignment.report_due),
        "issues": [{"code": i.code, "title": i.title, "category": i.category.name} for i in issues],
    }
    return render(FEEDBACK, context, office=assignment.round.office)


def clue_transfer_letter(clue) -> bytes:
    context = {
        "office": clue.office.name,
        "clue": {"code": clue.code, "summary": clue.summary},
        "persons": [{"name": p.name, "post": p.post, "rank": p.get_rank_display()} for p in clue.persons.all()],
        "recipient_body": clue.recipient_body or clue.get_recipient_display(),
        "letter_number": clue.letter_number,
        "transfer_date": date_text(clue.transfer_date),
        "result_due": date_text(clue.result_due),
    }
    return render(CLUE_LETTER, context, office=clue.office)


def supervision_notice(action) -> bytes:
    from .choices import IssueStatus
    from .models import Issue

    overdue = Issue.objects.filter(unit=action.unit, status=IssueStatus.RECTIFYING, deadline__lt=action.date).order_by(
        "deadline"
    )[:50]
    context = {
        "office": action.unit.office.name,
        "unit": action.unit.name,
        "kind": action.get_kind_display(),
        "reason": action.get_reason_display(),
        "date": date_text(action.date),
        "note": action.note,
        "overdue_issues": [{"code": i.code, "title": i.title, "deadline": date_text(i.deadline)} for i in overdue],
    }
    return render(SUPERVISION, context, office=action.unit.office)
