"""API views of the rectification side: declarations over :class:`config.api.ScopedViewSet`;
each write parses its body, calls one service from :mod:`rectification.services` and renders."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser

from config.api import CommentSerializer, ScopedViewSet, upload_request, write_schema
from config.parsers import LimitedJSONParser
from inspections.api.base import ISSUE_OUT, IssueAPIBase

from .. import services
from ..filters import (
    ActionFilterSet,
    EvaluationFilterSet,
    ExtensionFilterSet,
    FeedbackFilterSet,
    MeasureFilterSet,
    PlanFilterSet,
    ProgressFilterSet,
    ReviewFilterSet,
)
from ..models import Action, DeadlineExtension, Evaluation, Feedback, Measure, Plan, Progress, Review
from . import serializers as s

# JSON, and multipart/form-data for the writes that take files (see config.api.upload_request).
UPLOAD_PARSERS = [LimitedJSONParser, MultiPartParser]


@extend_schema_view(
    list=extend_schema(summary=_("巡察反馈列表")),
    retrieve=extend_schema(summary=_("巡察反馈详情")),
)
class FeedbackViewSet(ScopedViewSet):
    model = Feedback
    serializer_class = s.FeedbackSerializer
    filterset_class = FeedbackFilterSet
    select_related = (*s.AssignmentContextSerializer.SELECT, "recorded_by")
    parser_classes = UPLOAD_PARSERS

    @write_schema(
        upload_request(s.FeedbackCreateSerializer, "document"),
        s.FeedbackSerializer,
        status_code=201,
        summary=_("登记巡察反馈（问题转入整改）"),
    )
    def create(self, request):
        feedback = services.feedback_record(actor=request.user, **self.parse(s.FeedbackCreateSerializer))
        return self.respond(feedback, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=_("整改方案列表")),
    retrieve=extend_schema(summary=_("整改方案详情")),
)
class PlanViewSet(ScopedViewSet):
    model = Plan
    serializer_class = s.PlanSerializer
    filterset_class = PlanFilterSet
    select_related = (*s.AssignmentContextSerializer.SELECT, "submitted_by", "reviewed_by")
    parser_classes = UPLOAD_PARSERS

    @write_schema(
        upload_request(s.PlanCreateSerializer, "attachment"),
        s.PlanSerializer,
        status_code=201,
        summary=_("报送整改方案"),
    )
    def create(self, request):
        plan = services.plan_submit(actor=request.user, **self.parse(s.PlanCreateSerializer))
        return self.respond(plan, status.HTTP_201_CREATED)

    @write_schema(s.PlanReviewSerializer, s.PlanSerializer, summary=_("审核整改方案（通过或退回）"))
    @action(detail=True, methods=["post"], parser_classes=[LimitedJSONParser])  # no file: JSON only
    def review(self, request, pk=None):
        plan = self.get_object()
        data = self.parse(s.PlanReviewSerializer)
        return self.respond(services.plan_review(actor=request.user, plan=plan, **data))


@extend_schema_view(
    list=extend_schema(summary=_("整改措施列表")),
    retrieve=extend_schema(summary=_("整改措施详情")),
)
class MeasureViewSet(ScopedViewSet):
    model = Measure
    serializer_class = s.MeasureSerializer
    filterset_class = MeasureFilterSet
    select_related = (*s.IssueContextSerializer.SELECT, "created_by")

    @write_schema(s.MeasureCreateSerializer, s.MeasureSerializer, status_code=201, summary=_("制定整改措施"))
    def create(self, request):
        measure = services.measure_create(actor=request.user, **self.parse(s.MeasureCreateSerializer))
        return self.respond(measure, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=_("整改进展列表")),
    retrieve=extend_schema(summary=_("整改进展详情")),
)
class ProgressViewSet(ScopedViewSet):
    model = Progress
    serializer_class = s.ProgressSerializer
    filterset_class = ProgressFilterSet
    select_related = (*s.IssueContextSerializer.SELECT, "submitted_by")
    prefetch_related = ("evidence",)
    parser_classes = UPLOAD_PARSERS

    @write_schema(
        upload_request(s.ProgressCreateSerializer, "files"),
        s.ProgressSerializer,
        status_code=201,
        summary=_("报送整改进展（附佐证材料）"),
    )
    def create(self, request):
        progress = services.progress_create(actor=request.user, **self.parse(s.ProgressCreateSerializer))
        return self.respond(progress, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=_("审核销号记录列表")),
    retrieve=extend_schema(summary=_("审核销号记录详情")),
)
class ReviewViewSet(ScopedViewSet):
    """Reviews are written by the issue actions close / return / long-term; read-only here."""

    model = Review
    serializer_class = s.ReviewSerializer
    filterset_class = ReviewFilterSet
    select_related = (*s.IssueContextSerializer.SELECT, "reviewer")


@extend_schema_view(
    list=extend_schema(summary=_("整改延期申请列表")),
    retrieve=extend_schema(summary=_("整改延期申请详情")),
)
class ExtensionViewSet(ScopedViewSet):
    model = DeadlineExtension
    serializer_class = s.ExtensionSerializer
    filterset_class = ExtensionFilterSet
    select_related = s.ExtensionSerializer.SELECT

    @write_schema(
        s.ExtensionCreateSerializer, s.ExtensionSerializer, status_code=201, summary=_("申请延长问题的整改期限")
    )
    def create(self, request):
        extension = services.extension_request(actor=request.user, **self.parse(s.ExtensionCreateSerializer))
        return self.respond(extension, status.HTTP_201_CREATED)

    @write_schema(s.ExtensionDecideSerializer, s.ExtensionSerializer, summary=_("审批延期申请（批准或不予批准）"))
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        extension = self.get_object()
        data = self.parse(s.ExtensionDecideSerializer)
        return self.respond(services.extension_decide(actor=request.user, extension=extension, **data))


@extend_schema_view(
    list=extend_schema(summary=_("整改审核评估列表")),
    retrieve=extend_schema(summary=_("整改审核评估详情")),
)
class EvaluationViewSet(ScopedViewSet):
    model = Evaluation
    serializer_class = s.EvaluationSerializer
    filterset_class = EvaluationFilterSet
    select_related = (*s.AssignmentContextSerializer.SELECT, "template", "evaluated_by")

    @write_schema(s.EvaluationCreateSerializer, s.EvaluationSerializer, status_code=201, summary=_("开展整改审核评估"))
    def create(self, request):
        evaluation = services.evaluation_record(actor=request.user, **self.parse(s.EvaluationCreateSerializer))
        return self.respond(evaluation, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=_("督办列表")),
    retrieve=extend_schema(summary=_("督办详情")),
)
class ActionViewSet(ScopedViewSet):
    model = Action
    serializer_class = s.ActionSerializer
    filterset_class = ActionFilterSet
    select_related = ("unit", "taken_by")

    @write_schema(s.ActionCreateSerializer, s.ActionSerializer, status_code=201, summary=_("督办（提醒、约谈、通报）"))
    def create(self, request):
        taken = services.action_create(actor=request.user, **self.parse(s.ActionCreateSerializer))
        return self.respond(taken, status.HTTP_201_CREATED)


# The supervisor's close-out review moves on an issue (/issues/{id}/close/, return/, long-term/).
# Only these three routes are registered from here; the issue list and detail are the inspections
# API's, on the same resource. (No docstring: it would become the operations' description.)
class IssueReviewViewSet(IssueAPIBase):

    list = None
    retrieve = None

    @write_schema(s.IssueCloseSerializer, ISSUE_OUT, summary=_("审核销号（记录纠清治问建）"))
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._move(services.issue_close, s.IssueCloseSerializer)

    @write_schema(s.IssueReturnSerializer, ISSUE_OUT, summary=_("退回整改（须填理由）"))
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._move(services.issue_return, s.IssueReturnSerializer)

    @write_schema(CommentSerializer, ISSUE_OUT, summary=_("转为长期整改"))
    @action(detail=True, methods=["post"], url_path="long-term")
    def long_term(self, request, pk=None):
        return self._move(services.issue_long_term, CommentSerializer)
