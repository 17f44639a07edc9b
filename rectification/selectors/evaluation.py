"""The evaluation checklist (五审三评) of an office and the grade thresholds."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_noop

from accounts.models import Office

from ..models import EvaluationTemplate
from ..services import GRADE_THRESHOLDS

# 五审三评: five reviews (plan, measures, progress, evidence, results) and three evaluations
# (effect, satisfaction, sustainability); the maximum scores add up to 100.
DEFAULT_TEMPLATE_NAME = gettext_noop("五审三评")
DEFAULT_ITEMS = [
    {"code": "review_plan", "label": gettext_noop("审方案"), "group": "review", "max_score": 12},
    {"code": "review_measures", "label": gettext_noop("审措施"), "group": "review", "max_score": 12},
    {"code": "review_progress", "label": gettext_noop("审进展"), "group": "review", "max_score": 12},
    {"code": "review_evidence", "label": gettext_noop("审佐证"), "group": "review", "max_score": 12},
    {"code": "review_results", "label": gettext_noop("审成效"), "group": "review", "max_score": 12},
    {"code": "evaluate_effect", "label": gettext_noop("评效果"), "group": "evaluate", "max_score": 20},
    {"code": "evaluate_satisfaction", "label": gettext_noop("评满意度"), "group": "evaluate", "max_score": 10},
    {"code": "evaluate_sustainability", "label": gettext_noop("评长效"), "group": "evaluate", "max_score": 10},
]
GROUP_LABELS = {"review": gettext_noop("五审"), "evaluate": gettext_noop("三评")}


def evaluation_template(office: Office) -> EvaluationTemplate:
    """The office's active checklist, else its nearest ancestor's; if none exists anywhere up the
    tree, the default 五审三评 template is created for the office (once: the office row is locked)."""
    ancestors = [int(part) for part in office.path.strip("/").split("/") if part] or [office.pk]
    chain = EvaluationTemplate.objects.filter(office_id__in=ancestors, is_active=True).order_by("-office__path", "-id")
    template = chain.first()
    if template is not None:
        return template
    with transaction.atomic():
        Office.objects.select_for_update().filter(pk=office.pk).first()
        template = EvaluationTemplate.objects.filter(office=office, is_active=True).order_by("-id").first()
        if template is None:
            template = EvaluationTemplate.objects.create(
                office=office, name=DEFAULT_TEMPLATE_NAME, items=[dict(item) for item in DEFAULT_ITEMS]
            )
    return template


def grade_thresholds() -> list[tuple[int, str, str]]:
    """(minimum total, grade code, grade label), best first: what the evaluation page shows."""
    return [(threshold, grade.value, str(grade.label)) for threshold, grade in GRADE_THRESHOLDS]
