"""The on-site registers in a round's archive inventory (卷内目录, archives/inventory.py): one sheet
per register with its entries, read through the scope rules like every other sheet (so a reader
who may not see letters gets an empty letters sheet, and the talked-to person's name is left out
of the talks sheet: it is the group's only)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.ledgers import DATE, TEXT, Column, choices_map

from .choices import LetterChannel, LetterStatus, SpotCheckResult
from .models import DocumentCheck, Letter, SpotCheck, Talk, Visit
from .selectors import log_letter_reads

UNIT = ("unit__name", "被巡察单位", TEXT, 24, None)
# (model, sheet title, columns as (path, header msgid, kind, width, choices enum or None))
SHEETS = (
    (
        Talk,
        gettext_lazy("个别谈话"),
        (
            ("talked_on", "谈话日期", DATE, 12, None),
            UNIT,
            ("person_post", "职务", TEXT, 16, None),
            ("talkers", "谈话人", TEXT, 16, None),
            ("summary", "谈话摘要", TEXT, 50, None),
            ("issue__code", "转为问题编号", TEXT, 20, None),
        ),
    ),
    (
        Letter,
        gettext_lazy("信访件"),
        (
            ("received_on", "受理日期", DATE, 12, None),
            UNIT,
            ("channel", "来源渠道", TEXT, 10, LetterChannel),
            ("subject", "标题", TEXT, 30, None),
            ("status", "处置状态", TEXT, 12, LetterStatus),
            ("handed_to", "转办单位", TEXT, 16, None),
        ),
    ),
    (
        DocumentCheck,
        gettext_lazy("调阅资料"),
        (
            ("requested_on", "调阅日期", DATE, 12, None),
            UNIT,
            ("title", "调阅资料", TEXT, 30, None),
            ("provided_by", "提供单位（人）", TEXT, 16, None),
            ("returned_on", "归还日期", DATE, 12, None),
        ),
    ),
    (
        SpotCheck,
        gettext_lazy("个人有关事项抽查"),
        (
            ("checked_on", "抽查日期", DATE, 12, None),
            UNIT,
            ("person_post", "职务", TEXT, 16, None),
            ("result", "抽查结果", TEXT, 12, SpotCheckResult),
        ),
    ),
    (
        Visit,
        gettext_lazy("下沉走访"),
        (
            ("visited_on", "走访日期", DATE, 12, None),
            UNIT,
            ("place", "走访地点", TEXT, 20, None),
            ("summary", "走访情况", TEXT, 50, None),
        ),
    ),
)


def inventory_sheets(user, round_) -> list[tuple]:
    """(title, columns, values_list rows) per register with entries in the round that ``user``
    may read: (title, columns, values_list rows, log_reads). Letters are confidential: their rows
    are led by the primary key and each is logged as read (export)."""
    result = []
    for model, title, spec in SHEETS:
        columns = [
            Column(_(header), path, kind, width=width, choices=choices_map(enum.choices) if enum else None)
            for path, header, kind, width, enum in spec
        ]
        log_reads = log_letter_reads if model is Letter else None
        paths = [path for path, *_rest in spec]
        rows = model.objects.visible_to(user).filter(round=round_).order_by("id")
        rows = rows.values_list(*(["pk", *paths] if log_reads else paths))
        if rows.exists():  # a register with nothing filed adds no sheet
            result.append((str(title), columns, rows, log_reads))
    return result
