"""The built-in template of the annual / term report summary (巡察工作统计报告): paragraphs that
state the figures the way the seed document does. An office replaces it like the other documents
(``DocumentTemplate`` of kind ``report_summary``); these are its documented placeholders."""

from __future__ import annotations

SAMPLE = {
    "doc_number": "某巡〔2026〕1号",
    "office": "某某市委巡察办",
    "scope": "市县两级",
    "period": "六届市委",
    "rounds": 18,
    "units": 203,
    "issues": 5938,
    "fed_back": 5938,
    "closed": 5847,
    "rate": "98.5",
    "clues": 937,
    "county_clues": 161,
    "surrenders": 2,
    "accountable": 2437,
    "judiciary": 56,
    "loss_wan": "52,000",
    "loss_yi": "5.2",
    "refunded": "3,213",
    "villages": 103,
    "village_issues": 1200,
    "village_clues": 90,
    "immediate_found": 700,
    "immediate_done": 690,
    "special_reports": 15,
    "campaigns": 6,
    "evaluation_rounds": 20,
    "evaluations": 200,
    "called_in": 16,
    "leader_attendance": 192,
    "feedback_meetings": 190,
    "corrected": 5847,
    "outcome_campaigns": 1000,
    "outcome_accountable": 0,
    "rules": 5000,
    "breakdown": [{"label": "部门", "units": 80, "issues": 2000, "clues": 300}],
    "today": "2026年5月15日",
}


def build(doc) -> None:
    """Write the default report template's paragraphs into ``doc`` (documents.official.OfficialDocument)."""
    doc.masthead("{{ office }}", "{{ doc_number }}")
    doc.title("巡察工作统计报告（{{ period }}）")
    doc.body(
        "{{ period }}，{{ office }}（{{ scope }}）先后组织开展{{ rounds }}轮、对{{ units }}个党组织的政治巡察，"
        "发现面上问题{{ issues }}个，移交问题线索{{ clues }}件，推动相关部门追责问责{{ accountable }}人，"
        "移送司法{{ judiciary }}人，挽回和避免经济损失约{{ loss_yi }}亿元（{{ loss_wan }}万元）。"
    )
    doc.body(
        "紧盯“关键少数”，发现县级领导干部问题线索{{ county_clues }}件，{{ surrenders }}名公职人员巡察期间主动投案自首。"
    )
    doc.body(
        "通过立行立改、交办督办，清退清欠账款{{ refunded }}万元；立行立改问题{{ immediate_found }}个，"
        "已完成{{ immediate_done }}个。形成巡察专报{{ special_reports }}期，推动专项治理{{ campaigns }}个。"
    )
    doc.body(
        "对{{ villages }}个村（社区）开展巡察，发现面上问题{{ village_issues }}个，问题线索{{ village_clues }}件。"
    )
    doc.body(
        "领导参加巡察反馈会{{ leader_attendance }}人次（{{ feedback_meetings }}场），"
        "先后约谈通报拖延整改、整改不力的单位{{ called_in }}家。"
    )
    doc.body(
        "先后开展审核评估{{ evaluation_rounds }}轮次（{{ evaluations }}个单位次），巡察反馈的{{ fed_back }}个问题，"
        "认定销号{{ closed }}个，整改完成率达{{ rate }}%。按照“纠清治问建”标准，纠正问题{{ corrected }}个，"
        "清退资金{{ refunded }}万元，纳入专项治理整改问题{{ outcome_campaigns }}个，"
        "整改销号时追责问责{{ outcome_accountable }}人，建立完善制度{{ rules }}项。"
    )
    doc.heading1("一、按单位类型")
    doc.plain("{%p for row in breakdown %}")
    doc.body(
        "{{ row.label }}：巡察{{ row.units }}个，发现问题{{ row.issues }}个，问题线索{{ row.clues }}件。"
    )
    doc.plain("{%p endfor %}")
    doc.signature("{{ office }}", "{{ today }}")
    doc.imprint("{{ office }}", "{{ today }}")
