"""The seed document's figures the demo data set reproduces exactly, the demo's timeline, and
the small arithmetic both loads share (splitting a total, a day at an hour, the categories)."""

from __future__ import annotations

import datetime as dt
import importlib
import math
from collections.abc import Sequence
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.apps import apps as django_apps
from django.conf import settings

from inspections.models import IssueCategory

DEFAULT_SEED = 5938
TZ = ZoneInfo(settings.TIME_ZONE)
# Accounts that may never sign in (pool users, unit liaisons of the generated units).
UNUSABLE_PASSWORD = "!seed-demo"  # noqa: S105 - "!" marks an unusable password

# The seed document's figures (DESIGN.md, "Seed figures") and a few more it states.
SEED_ROUNDS = 18
SEED_UNITS = 203
SEED_ISSUES_FED_BACK = 5938
SEED_ISSUES_CLOSED = 5847
SEED_CLUES_TRANSFERRED = 937
SEED_PERSONS_ACCOUNTABLE = 2437
SEED_PERSONS_TO_JUDICIARY = 56
SEED_LOSS_RECOVERED_WAN = Decimal("52000.00")
SEED_COUNTY_LEVEL_CLUES = 161  # 发现县级领导干部问题线索161件
SEED_SELF_SURRENDERS = 2  # 2名公职人员巡察期间主动投案自首
SEED_SPECIAL_REPORTS = 15  # 形成巡察专报15期
SEED_CAMPAIGNS = 6  # 推动专项治理6个
SEED_FUNDS_REFUNDED_WAN = Decimal("3213.00")  # 清退清欠账款3213万元
SEED_LEADER_ATTENDANCE = 192  # 市领导参加巡察反馈会……190余人次
SEED_PORTRAITS = 94  # 形成“政治画像”……94个
SEED_UNITS_CALLED_IN = 16  # 约谈通报拖延整改、整改不力的单位16家

# Issues of the finished rounds still open on the day of loading: round index -> how many
# (rectifying, pending_review, long_term); 91 in all, so that 5938 − 91 = 5847 are closed.
OPEN_ISSUES = {13: (2, 1, 7), 14: (3, 2, 7), 15: (6, 5, 4), 16: (9, 10, 5), 17: (18, 12, 0)}
CLUES_AWAITING_RESULT = 57  # transferred, result not back yet; the other 880 are concluded
DRAFT_ISSUES_ON_SITE = 4
# Days before today on which each of the 18 rounds started (the last one is on site now).
ROUND_START_DAYS_AGO = [
    1800, 1690, 1580, 1470, 1400, 1320, 1210, 1120, 1020, 920, 850, 760, 560, 440, 330, 220, 110, 10,
]  # fmt: skip
ON_SITE_DAYS = 35
FEEDBACK_AFTER_EXIT_DAYS = 30


def apportion(total: int, weights: Sequence[float], minimums: Sequence[int] | None = None) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder), each ≥ its minimum."""
    minimums = list(minimums) if minimums is not None else [0] * len(weights)
    rest = total - sum(minimums)
    if rest < 0 or (rest and not any(weights)):
        raise ValueError(f"cannot split {total} over {len(weights)} parts")
    scale = rest / sum(weights) if rest else 0
    raw = [w * scale for w in weights]
    parts = [math.floor(x) for x in raw]
    short = rest - sum(parts)
    for i in sorted(range(len(raw)), key=lambda i: parts[i] - raw[i])[:short]:
        parts[i] += 1
    return [m + p for m, p in zip(minimums, parts, strict=True)]


def leaf_categories() -> list[tuple[int, str]]:
    """(id, name) of the city-wide leaf categories of the dictionary seeded by migration 0002
    (seeded again if a flush emptied the table, as transactional tests do)."""
    leaves = IssueCategory.objects.filter(office=None, parent__isnull=False, is_active=True).order_by("sort", "id")
    if not leaves.exists():
        importlib.import_module("inspections.migrations.0002_seed_issue_categories").seed(django_apps, None)
    return list(leaves.values_list("id", "name"))


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """An aware datetime on ``day`` in the project's time zone."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)
