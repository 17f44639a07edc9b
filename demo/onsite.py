"""Demo on-site registers (issue 17) for the demo group's round on site: entries in every register
recorded by the demo inspector, letters triaged by the group leader, the public channel opened and
a few public reports. Nothing becomes a finding or a clue, so the seed's figures stay as they are.
Idempotent: skipped once an entry exists."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from inspections.choices import GroupRole, RoundStage
from inspections.models import Assignment
from onsite import services
from onsite.choices import EntryKind, LetterChannel, SpotCheckResult
from onsite.models import REGISTERS
from onsite.public import channel_open, public_report_submit

TALKS = [
    (
        "办公室主任",
        "组长、副组长",
        "反映工程项目招投标“走过场”，评标专家多次为同一批人。",
        "调阅近三年招投标资料",
    ),
    ("财务科科长", "副组长、组员", "反映公务接待费用报销审核不严，存在拆分报销情况。", "调阅公务接待台账和凭证"),
    ("退休老干部", "组长", "反映班子成员之间沟通不够，民主生活会批评与自我批评辣味不足。", ""),
]
LETTERS = [
    (LetterChannel.LETTER, "反映某副局长违规收受礼金", "某副局长", "2025年春节前后多次收受下属单位礼金。"),
    (LetterChannel.CALL, "反映低保评定优亲厚友", "某村党支部书记", "村干部亲属违规享受低保待遇。"),
    (LetterChannel.VISIT, "反映拖欠工程款", "", "某项目完工两年仍拖欠农民工工资和工程款。"),
    (LetterChannel.ONLINE, "反映办事窗口推诿扯皮", "", "办理不动产登记多次往返，窗口人员态度生硬。"),
]
DOCUMENTS = [
    ("2023—2025年党组会议记录", "办公室", "“三重一大”事项集体决策记录不完整"),
    ("2024年公务接待台账及凭证", "财务科", "部分接待无公函"),
]
SPOT_CHECKS = [
    ("某副局长", "副局长", SpotCheckResult.CONSISTENT, "与查核结果一致"),
    ("某科长", "科长", SpotCheckResult.OMISSION, "漏报配偶名下房产一处"),
]
VISITS = [
    ("某村村委会", "村民代表、网格员", "群众反映村集体资产出租价格偏低，合同未公开。"),
    ("某项目工地", "施工方负责人", "项目变更签证程序不规范，现场与图纸不符。"),
]
PUBLIC_REPORTS = [
    ("反映某站所工作人员吃拿卡要", "办理审批时被暗示“打点”，否则拖延办理。", "", ""),
    ("反映村务公开不及时", "村务公开栏半年未更新，集体收支不公开。", "王某", "13900000000"),
    ("反映公车私用", "周末多次看到公务车辆停在景区停车场。", "", ""),
]


def _demo_assignment(leader) -> Assignment | None:
    return (
        Assignment.objects.filter(
            round__stage=RoundStage.ON_SITE,
            group__memberships__user=leader,
            group__memberships__role=GroupRole.LEADER,
        )
        .select_related("round", "unit", "group")
        .order_by("round__planned_start", "pk")
        .first()
    )


def seed_onsite(*, accounts: dict) -> dict[str, int]:
    leader, inspector = accounts["group_leader"], accounts["inspector"]
    if any(model.objects.exists() for model in REGISTERS.values()):
        return {}
    assignment = _demo_assignment(leader)
    if assignment is None:
        return {}
    today = timezone.localdate()
    start = assignment.entry_date or today - dt.timedelta(days=10)

    def day(n: int) -> dt.date:
        return min(start + dt.timedelta(days=n), today)

    def record(kind, **fields):
        return services.entry_create(actor=inspector, kind=kind, assignment=assignment, **fields)

    for n, (post, talkers, summary, follow_ups) in enumerate(TALKS):
        record(EntryKind.TALK, person_name=f"谈话对象{n + 1}", person_post=post, talked_on=day(n + 1),
               talkers=talkers, summary=summary, follow_ups=follow_ups)  # fmt: skip
    letters = [
        record(
            EntryKind.LETTER,
            channel=channel,
            received_on=day(n + 1),
            anonymous=not about,
            subject=subject,
            about_whom=about,
            text=text,
        )  # fmt: skip
        for n, (channel, subject, about, text) in enumerate(LETTERS)
    ]
    for n, (title, provider, notes) in enumerate(DOCUMENTS):
        record(EntryKind.DOCUMENT_CHECK, title=title, provided_by=provider, requested_on=day(n + 2),
               returned_on=day(n + 6) if n == 0 else None, notes=notes)  # fmt: skip
    for name, post, result, notes in SPOT_CHECKS:
        record(EntryKind.SPOT_CHECK, person_name=name, person_post=post, checked_on=day(4), result=result, notes=notes)
    for n, (place, people, summary) in enumerate(VISITS):
        record(EntryKind.VISIT, visited_on=day(n + 3), place=place, people_met=people, summary=summary)

    services.letter_hand_over(
        actor=leader, letter=letters[2], handed_to="市人力资源和社会保障局", reply_due=today + dt.timedelta(days=30)
    )
    services.letter_close(actor=leader, letter=letters[3], reason="已当场协调解决，反映人表示满意。")

    channel = channel_open(
        actor=leader, assignment=assignment, opens_on=start, closes_on=max(today, start) + dt.timedelta(days=20)
    )
    for subject, text, name, phone in PUBLIC_REPORTS:
        public_report_submit(channel=channel, subject=subject, text=text, name=name, phone=phone)
    return {kind: model.objects.count() for kind, model in REGISTERS.items()}
