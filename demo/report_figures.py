"""Demo records behind the report's figures that the city load leaves out: the audit evaluations
(整改审核评估) — "先后开展审核评估20轮次".

Every finished round's assignments are evaluated once, a month after their reports were due;
in three rounds a few units came out 基本合格 and were evaluated again six weeks later (合格 or
better), which makes 17 + 3 = 20 evaluation batches (a round's evaluations of one day). Loaded
once (skipped when the demo's evaluations exist), without field history, like the city load.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from accounts.models import Office, User
from inspections.choices import RoundStage
from inspections.models import Assignment, Round
from rectification.choices import Grade
from rectification.models import Evaluation
from rectification.selectors import evaluation_template
from rectification.services import grade_for

from .accounts import CITY_OFFICE
from .copy import bulk_load
from .figures import DEFAULT_SEED

SEED_EVALUATION_ROUNDS = 20  # 先后开展审核评估20轮次
SEED_TERMS = ("五届市委", "六届市委", "九届区委", "九届市委")
REEVALUATED_ROUNDS = 3  # rounds whose first batch left units below 合格
COMMENTS = {
    Grade.EXCELLENT: "整改责任压实，措施具体，成效明显，群众满意度高。",
    Grade.PASS: "整改任务基本完成，个别问题整改成效有待巩固。",
    Grade.BASIC: "部分问题整改不彻底、佐证材料不充分，需开展第二轮整改。",
}


def _scores(items: list[dict], ratio: float) -> tuple[dict, Decimal]:
    scores = {item["code"]: round(item["max_score"] * ratio, 1) for item in items}
    return scores, Decimal(str(round(sum(scores.values()), 1)))


def load_report_figures(*, offices: dict[str, Office], accounts: dict[str, User], today: dt.date) -> int:
    """Add the demo's audit evaluations once; the number of evaluations written."""
    finished = Round.objects.filter(
        term__in=SEED_TERMS, stage__in=(RoundStage.RECTIFICATION, RoundStage.CLOSED)
    ).order_by("planned_start", "id")
    if Evaluation.objects.filter(assignment__round__in=finished).exists():
        return 0
    rng = random.Random(DEFAULT_SEED)
    evaluator = accounts["supervisor"]
    template = evaluation_template(offices[CITY_OFFICE])
    evaluations = []
    rounds = list(finished)
    reevaluated = {r.pk for r in rounds[:REEVALUATED_ROUNDS]}
    for rnd in rounds:
        assignments = list(Assignment.objects.filter(round=rnd).order_by("id"))
        due = max((a.report_due for a in assignments if a.report_due), default=rnd.planned_end)
        first_day = min(due + dt.timedelta(days=30), today - dt.timedelta(days=2))
        again = set()
        if rnd.pk in reevaluated:
            again = {a.pk for a in rng.sample(assignments, min(2, len(assignments)))}
        for a in assignments:
            ratio = rng.uniform(0.65, 0.74) if a.pk in again else rng.uniform(0.8, 0.97)
            evaluations.append((a, first_day, ratio))
            if a.pk in again:
                second_day = min(first_day + dt.timedelta(days=42), today - dt.timedelta(days=1))
                evaluations.append((a, second_day, rng.uniform(0.8, 0.92)))
    rows = []
    for assignment, day, ratio in evaluations:
        scores, total = _scores(template.items, ratio)
        grade = grade_for(total)
        rows.append(
            Evaluation(
                assignment=assignment,
                template=template,
                scores=scores,
                total=total,
                grade=grade,
                comment=COMMENTS.get(grade, ""),
                evaluated_on=day,
                evaluated_by=evaluator,
            )
        )
    with bulk_load():
        Evaluation.objects.bulk_create(rows)
    return len(rows)
