"""The letters-and-visits ledger (信访件台账), declared here and exported by the ledgers app."""

from __future__ import annotations

from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _

from accounts.scopes import CLUE_READERS
from core.ledgers import DATE, Column, LedgerSpec, choices_map, declare

from .choices import LetterChannel, LetterStatus
from .filters import LetterFilterSet
from .models import Letter
from .selectors import log_letter_reads


def _group_name(number: int) -> str:
    from inspections.models import Group

    return str(Group(number=number))


@declare
def onsite_ledgers() -> list[LedgerSpec]:
    yes_no = {True: _("是"), False: _("否")}
    columns = [
        Column(_("受理日期"), "received_on", DATE, width=12),
        Column(_("来源渠道"), "channel", choices=choices_map(LetterChannel.choices), width=10),
        Column(_("巡察机构"), "office__name", width=16),
        Column(_("轮次"), "round_name", width=18),
        Column(_("巡察组"), "group__number", width=12, display=_group_name),
        Column(_("被巡察单位"), "unit__name", width=24),
        Column(_("标题"), "subject", width=30),
        Column(_("被反映人"), "about_whom", width=12),
        Column(_("匿名"), "anonymous", choices=yes_no, width=8),
        Column(_("反映内容"), "text", width=50),
        Column(_("处置状态"), "status", choices=choices_map(LetterStatus.choices), width=12),
        Column(_("转办单位"), "handed_to", width=16),
        Column(_("办理结果反馈期限"), "reply_due", DATE, width=12),
        Column(_("办理结果反馈日期"), "reply_received_on", DATE, width=12),
        Column(_("办理结果"), "reply", width=30),
        Column(_("了结理由"), "closed_reason", width=30),
        Column(_("转为问题编号"), "issue__code", width=20),
        Column(_("转为线索编号"), "clue__code", width=22),
    ]
    round_name = Concat(
        F("round__term"), Value("第"), Cast("round__sequence", CharField()), Value("轮"), output_field=CharField()
    )
    return [
        LedgerSpec(
            "letters",
            columns,
            lambda user: Letter.objects.visible_to(user).annotate(round_name=round_name),
            LetterFilterSet,
            description=_(
                "巡察期间受理的来信、来电、来访、网上和码上巡察反映件及其处置（转问题、转线索、转办、了结）。涉密，仅线索管理员和系统管理员可导出。"
            ),
            list_url="onsite:letter-list",
            basic_fields=("q", "status", "channel", "round"),
            roles=CLUE_READERS,
            log_reads=log_letter_reads,
        )
    ]
