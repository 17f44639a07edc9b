"""The built-in Word templates (docxtpl placeholders) in official format (GB/T 9704-2012).

Generated with python-docx on demand (``default_template``), so no binary file lives in the
repository; laid out by ``documents.official``. An office replaces any of them with its own
template (``DocumentTemplate``), rendered in the same sandbox.
"""

from __future__ import annotations

import io

from . import report_template
from .choices import DocumentKind
from .official import OfficialDocument

FEEDBACK, CLUE_LETTER, SUPERVISION = DocumentKind.FEEDBACK, DocumentKind.CLUE_LETTER, DocumentKind.SUPERVISION
COMMON_NOTICE, REPORT = DocumentKind.COMMON_NOTICE, DocumentKind.REPORT


def _feedback(doc: OfficialDocument) -> None:
    doc.masthead("{{ office }}", "{{ doc_number }}")
    doc.title("关于对{{ unit }}的巡察反馈意见")
    doc.addressee("{{ unit }}党组织：")
    doc.body("根据{{ round }}巡察工作安排，{{ group }}对你单位开展了巡察。现将巡察发现的主要问题反馈如下：")
    doc.heading1("一、巡察发现的主要问题")
    doc.plain("{%p for issue in issues %}")
    doc.body("{{ loop.index }}. 【{{ issue.category }}】{{ issue.title }}（{{ issue.code }}）")
    doc.plain("{%p endfor %}")
    doc.heading1("二、整改要求")
    doc.heading2("（一）按时报送整改方案和整改情况报告。")
    doc.body("请你单位在{{ plan_due }}前报送整改方案，在{{ report_due }}前报送整改情况报告。")
    doc.heading2("（二）压实整改责任。")
    doc.body(
        "党组织主要负责人要履行第一责任人职责，对反馈的问题逐条制定整改措施，"
        "明确责任领导、责任部门、责任人和整改时限，做到件件有着落、事事有回音。"
    )
    doc.signature("{{ office }}", "{{ feedback_date }}")
    doc.imprint("{{ office }}", "{{ today }}")


def _clue_letter(doc: OfficialDocument) -> None:
    doc.masthead("{{ office }}", "{{ letter_number }}")
    doc.title("问题线索移交函")
    doc.addressee("{{ recipient_body }}：")
    doc.body("巡察中发现反映以下人员的问题线索（编号 {{ clue.code }}），现移交你单位依规依纪依法处置：")
    doc.heading1("一、被反映人")
    doc.plain("{%p for person in persons %}")
    doc.body("{{ person.name }}，{{ person.post }}（{{ person.rank }}）")
    doc.plain("{%p endfor %}")
    doc.heading1("二、线索摘要")
    doc.body("线索摘要：{{ clue.summary }}")
    doc.heading1("三、办理要求")
    doc.body("请于{{ result_due }}前将办理结果反馈我办。")
    doc.body("（此件涉密，严格控制知悉范围）")
    doc.signature("{{ office }}", "{{ transfer_date }}")
    doc.imprint("{{ office }}", "{{ today }}")


def _supervision(doc: OfficialDocument) -> None:
    doc.masthead("{{ office }}", "{{ doc_number }}")
    doc.title("整改督办通知书")
    doc.addressee("{{ unit }}：")
    doc.body("因你单位存在{{ reason }}情况，现对你单位予以{{ kind }}。{{ note }}")
    doc.plain("{%p if overdue_issues %}")
    doc.heading1("一、逾期未完成整改的问题")
    doc.body("以下问题已超过整改期限：")
    doc.plain("{%p for issue in overdue_issues %}")
    doc.body("{{ issue.code }} {{ issue.title }}（期限 {{ issue.deadline }}）")
    doc.plain("{%p endfor %}")
    doc.heading1("二、工作要求")
    doc.plain("{%p endif %}")
    doc.body("请立即组织整改，并于收到本通知后5个工作日内书面报告整改情况。")
    doc.signature("{{ office }}", "{{ date }}")
    doc.imprint("{{ office }}", "{{ today }}")


def _common_notice(doc: OfficialDocument) -> None:
    doc.masthead("{{ office }}", "{{ doc_number }}")
    doc.title("共性问题集中通报")
    doc.addressee("各有关单位：")
    doc.body("巡察发现，以下单位普遍存在“{{ title }}”问题。{{ description }}")
    doc.heading1("一、涉及单位")
    doc.plain("{%p for unit in units %}")
    doc.body("{{ loop.index }}. {{ unit.name }}（{{ unit.count }}个问题）")
    doc.plain("{%p endfor %}")
    doc.heading1("二、涉及问题")
    doc.plain("{%p for issue in issues %}")
    doc.body("{{ issue.code }} {{ issue.unit }}：{{ issue.title }}（{{ issue.status }}）")
    doc.plain("{%p endfor %}")
    doc.heading1("三、整改要求")
    doc.body("整改要求：{{ measure }}")
    doc.body(
        "请各单位对照检查、举一反三，于{{ measure_deadline }}前将整改措施纳入本单位整改方案并报送整改情况。"
    )
    doc.body("目前销号进度：{{ progress }}。")
    doc.signature("{{ office }}", "{{ today }}")
    doc.imprint("{{ office }}", "{{ today }}")


BUILDERS = {
    FEEDBACK: _feedback,
    CLUE_LETTER: _clue_letter,
    SUPERVISION: _supervision,
    COMMON_NOTICE: _common_notice,
    REPORT: report_template.build,
}


def default_template(kind: str) -> io.BytesIO:
    """The built-in template of ``kind`` with Jinja placeholders (docxtpl syntax)."""
    try:
        build = BUILDERS[kind]
    except KeyError:
        raise ValueError(kind) from None
    doc = OfficialDocument()
    build(doc)
    return doc.save()
