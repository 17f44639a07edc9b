"""Feedback, plans, measures, progress and evidence, reviews, evaluations and supervision actions."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from rectification.choices import ActionKind, ActionReason, Grade, ReviewDecision
from rectification.models import (
    Action,
    Evaluation,
    EvaluationTemplate,
    Evidence,
    Feedback,
    Measure,
    Plan,
    Progress,
    Review,
)

from .accounts import OfficeFactory, UserFactory
from .base import FEEDBACK, Factory
from .inspections import AssignmentFactory, IssueFactory, UnitFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# 五审三评 in two items: reviewing the plan and evaluating the effect, 50 points each.
TEMPLATE_ITEMS = [
    {"code": "plan", "label": "审方案", "group": "review", "max_score": 50},
    {"code": "effect", "label": "评效果", "group": "evaluate", "max_score": 50},
]


class FeedbackFactory(Factory):
    class Meta:
        model = Feedback

    assignment = factory.SubFactory(AssignmentFactory)
    meeting_date = FEEDBACK
    recorded_by = factory.SubFactory(UserFactory)


class PlanFactory(Factory):
    class Meta:
        model = Plan

    assignment = factory.SubFactory(AssignmentFactory)
    text = "整改方案"
    submitted_by = factory.SubFactory(UserFactory)


class MeasureFactory(Factory):
    class Meta:
        model = Measure

    issue = factory.SubFactory(IssueFactory)
    content = "整改"
    responsible_leader = "局长"
    responsible_person = "科长"
    created_by = factory.SubFactory(UserFactory)


class ProgressFactory(Factory):
    """A progress entry; ``files=n`` attaches n PDF evidence files."""

    class Meta:
        model = Progress

    issue = factory.SubFactory(IssueFactory)
    date = dt.date(2026, 5, 10)
    text = "已整改"
    submitted_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def files(progress, create, extracted, **kwargs):
        for n in range(extracted or 0):
            EvidenceFactory(progress=progress, number=n)


class EvidenceFactory(Factory):
    """A small PDF stored under MEDIA_ROOT (the API tests point it at a temporary directory)."""

    class Meta:
        model = Evidence

    class Params:
        number = factory.Sequence(lambda n: n)
        content = PDF

    progress = factory.SubFactory(ProgressFactory)
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name=f"evidence-{o.number}.pdf"))
    original_name = factory.LazyAttribute(lambda o: f"佐证{o.number}.pdf")
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())


class ReviewFactory(Factory):
    class Meta:
        model = Review

    issue = factory.SubFactory(IssueFactory)
    reviewer = factory.SubFactory(UserFactory)
    decision = ReviewDecision.CLOSE


class EvaluationTemplateFactory(Factory):
    class Meta:
        model = EvaluationTemplate

    office = factory.SubFactory(OfficeFactory)
    name = "五审三评"
    items = factory.LazyFunction(lambda: [dict(item) for item in TEMPLATE_ITEMS])


class EvaluationFactory(Factory):
    class Meta:
        model = Evaluation

    assignment = factory.SubFactory(AssignmentFactory)
    template = factory.SubFactory(EvaluationTemplateFactory, office=factory.SelfAttribute("..assignment.round.office"))
    scores = factory.LazyFunction(lambda: {"plan": 40, "effect": 40})
    total = Decimal("80")
    grade = Grade.PASS
    evaluated_on = dt.date(2026, 7, 1)
    evaluated_by = factory.SubFactory(UserFactory)


class ActionFactory(Factory):
    class Meta:
        model = Action

    unit = factory.SubFactory(UnitFactory)
    kind = ActionKind.REMINDER
    reason = ActionReason.DELAY
    date = factory.LazyFunction(timezone.localdate)
    taken_by = factory.SubFactory(UserFactory)
