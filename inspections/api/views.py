"""API views of the inspection side: declarations over :class:`config.api.ScopedViewSet`.

Reads start from ``visible_to(request.user)``; each write parses its body, calls one service
from :mod:`inspections.services` and renders the result.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action

from config.api import CommentSerializer, ScopedViewSet, write_schema
from core.web import never_store

from .. import services
from ..choices import ReadVia
from ..filters import (
    AssignmentFilterSet,
    ClueFilterSet,
    GroupFilterSet,
    RoundFilterSet,
    SecretaryPointFilterSet,
    SpecialReportFilterSet,
    UnitFilterSet,
)
from ..models import (
    Assignment,
    Clue,
    ClueEvent,
    Group,
    GroupMembership,
    Round,
    SecretaryPoint,
    SpecialReport,
    Unit,
)
from . import serializers as s
from .base import ISSUE_OUT, IssueAPIBase


@extend_schema_view(
    list=extend_schema(summary=_("被巡察单位列表")),
    retrieve=extend_schema(summary=_("被巡察单位详情")),
)
class UnitViewSet(ScopedViewSet):
    model = Unit
    serializer_class = s.UnitSerializer
    filterset_class = UnitFilterSet
    select_related = ("office", "parent")

    @write_schema(s.UnitCreateSerializer, s.UnitSerializer, status_code=201, summary=_("登记被巡察单位"))
    def create(self, request):
        unit = services.unit_create(actor=request.user, **self.parse(s.UnitCreateSerializer))
        return self.respond(unit, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=_("巡察轮次列表")),
    retrieve=extend_schema(summary=_("巡察轮次详情")),
)
class RoundViewSet(ScopedViewSet):
    model = Round
    serializer_class = s.RoundSerializer
    filterset_class = RoundFilterSet
    select_related = ("office",)

    def prefetches(self) -> tuple:
        # The earlier rounds a revisit looks back on: only those the reader may see.
        earlier = Prefetch(
            "looks_back_on", queryset=Round.objects.visible_to(self.request.user), to_attr=s.VISIBLE_EARLIER
        )
        return (*super().prefetches(), earlier)

    @write_schema(s.RoundCreateSerializer, s.RoundSerializer, status_code=201, summary=_("安排巡察轮次"))
    def create(self, request):
        round_ = services.round_create(actor=request.user, **self.parse(s.RoundCreateSerializer))
        return self.respond(round_, status.HTTP_201_CREATED)

    @write_schema(s.RoundUpdateSerializer, s.RoundSerializer, summary=_("修改巡察轮次（全部字段）"))
    def update(self, request, pk=None):
        return self._update(partial=False)

    @write_schema(s.RoundUpdateSerializer, s.RoundSerializer, summary=_("修改巡察轮次（部分字段）"))
    def partial_update(self, request, pk=None):
        return self._update(partial=True)

    def _update(self, *, partial: bool):
        round_ = self.get_object()
        fields = self.parse(s.RoundUpdateSerializer, partial=partial)
        return self.respond(services.round_update(actor=self.request.user, round=round_, **fields))

    @write_schema(s.RoundArchiveSerializer, s.RoundSerializer, summary=_("立卷归档（此后拒绝对该轮记录的一切修改）"))
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        round_ = self.get_object()
        data = self.parse(s.RoundArchiveSerializer)
        return self.respond(services.round_archive(actor=request.user, round=round_, **data))

    @write_schema(s.RoundReopenSerializer, s.RoundSerializer, summary=_("重新开启已归档的轮次（系统管理员，须填理由）"))
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        round_ = self.get_object()
        data = self.parse(s.RoundReopenSerializer)
        return self.respond(services.round_reopen(actor=request.user, round=round_, **data))


@extend_schema_view(
    list=extend_schema(summary=_("巡察组列表")),
    retrieve=extend_schema(summary=_("巡察组详情")),
)
class GroupViewSet(ScopedViewSet):
    model = Group
    serializer_class = s.GroupSerializer
    filterset_class = GroupFilterSet
    select_related = ("round",)
    prefetch_related = (
        Prefetch(
            "memberships", queryset=GroupMembership.objects.select_related("user").order_by("group_id", "role", "id")
        ),
    )

    @write_schema(s.GroupCreateSerializer, s.GroupSerializer, status_code=201, summary=_("组建巡察组"))
    def create(self, request):
        group = services.group_create(actor=request.user, **self.parse(s.GroupCreateSerializer))
        return self.respond(group, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=_("巡察对象列表")),
    retrieve=extend_schema(summary=_("巡察对象详情")),
)
class AssignmentViewSet(ScopedViewSet):
    model = Assignment
    serializer_class = s.AssignmentSerializer
    filterset_class = AssignmentFilterSet
    select_related = ("round", "unit", "group")

    @write_schema(s.AssignmentCreateSerializer, s.AssignmentSerializer, status_code=201, summary=_("确定巡察对象"))
    def create(self, request):
        assignment = services.assignment_create(actor=request.user, **self.parse(s.AssignmentCreateSerializer))
        return self.respond(assignment, status.HTTP_201_CREATED)

    @write_schema(
        s.AssignmentHandOverSerializer,
        s.AssignmentSerializer,
        summary=_("移交或收回整改督促责任（交叉、提级巡察，由组织本轮巡察的机构决定）"),
    )
    @action(detail=True, methods=["post"], url_path="hand-over")
    def hand_over(self, request, pk=None):
        assignment = self.get_object()
        fields = self.parse(s.AssignmentHandOverSerializer)
        return self.respond(services.assignment_hand_over(actor=request.user, assignment=assignment, **fields))


@extend_schema_view(
    list=extend_schema(summary=_("面上问题列表")),
    retrieve=extend_schema(summary=_("面上问题详情（含流转记录）")),
)
class IssueViewSet(IssueAPIBase):
    @write_schema(s.IssueCreateSerializer, ISSUE_OUT, status_code=201, summary=_("登记问题（草稿）"))
    def create(self, request):
        issue = services.issue_create(actor=request.user, **self.parse(s.IssueCreateSerializer))
        return self.respond(issue, status.HTTP_201_CREATED)

    @write_schema(s.IssueUpdateSerializer, ISSUE_OUT, summary=_("修改问题底稿（全部字段，仅草稿）"))
    def update(self, request, pk=None):
        return self._update(partial=False)

    @write_schema(s.IssueUpdateSerializer, ISSUE_OUT, summary=_("修改问题底稿（部分字段，仅草稿）"))
    def partial_update(self, request, pk=None):
        return self._update(partial=True)

    def _update(self, *, partial: bool):
        issue = self.get_object()
        fields = self.parse(s.IssueUpdateSerializer, partial=partial)
        return self.respond(services.issue_update(actor=self.request.user, issue=issue, **fields))

    @write_schema(CommentSerializer, ISSUE_OUT, summary=_("副组长审核问题底稿"))
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return self._move(services.issue_review, CommentSerializer)

    @write_schema(CommentSerializer, ISSUE_OUT, summary=_("组长确认问题"))
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._move(services.issue_confirm, CommentSerializer)

    @write_schema(CommentSerializer, ISSUE_OUT, summary=_("被巡察单位报请销号"))
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._move(services.issue_submit, CommentSerializer)

    @write_schema(s.WithdrawSerializer, ISSUE_OUT, summary=_("撤销问题（须填理由）"))
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._move(services.issue_withdraw, s.WithdrawSerializer)


CLUE_OUT = s.ClueDetailSerializer


@method_decorator(never_store, name="dispatch")
@extend_schema_view(
    list=extend_schema(summary=_("问题线索列表（每次读取均记录）")),
    retrieve=extend_schema(summary=_("问题线索详情（每次读取均记录）")),
)
class ClueViewSet(ScopedViewSet):
    """Clues are confidential: every row a list returns and every detail read is logged (ClueRead)."""

    model = Clue
    serializer_class = s.ClueSerializer
    detail_serializer_class = s.ClueDetailSerializer
    filterset_class = ClueFilterSet
    select_related = ("office", "round", "unit", "group", "created_by")
    prefetch_related = ("persons",)
    detail_prefetch_related = (
        Prefetch("events", queryset=ClueEvent.objects.select_related("actor").order_by("at", "id")),
    )

    def after_read(self, rows, *, detail: bool) -> None:
        via = ReadVia.API_DETAIL if detail else ReadVia.API_LIST
        services.clue_reads_log(user=self.request.user, clues=rows, via=via)

    @write_schema(s.ClueCreateSerializer, CLUE_OUT, status_code=201, summary=_("登记问题线索"))
    def create(self, request):
        clue = services.clue_create(actor=request.user, **self.parse(s.ClueCreateSerializer))
        return self.respond(clue, status.HTTP_201_CREATED)

    def _move(self, service, serializer_class):
        clue = self.get_object()
        data = self.parse(serializer_class)
        return self.respond(service(actor=self.request.user, clue=clue, **data))

    @write_schema(s.ClueTransferSerializer, CLUE_OUT, summary=_("移交问题线索"))
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        return self._move(services.clue_transfer, s.ClueTransferSerializer)

    @write_schema(s.ClueOutcomeSerializer, CLUE_OUT, summary=_("登记线索办理结果（办结）"))
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        return self._move(services.clue_record_outcome, s.ClueOutcomeSerializer)

    @write_schema(s.WithdrawSerializer, CLUE_OUT, summary=_("撤销问题线索（须填理由）"))
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._move(services.clue_withdraw, s.WithdrawSerializer)


@extend_schema_view(
    list=extend_schema(summary=_("书记点人点事点问题列表")),
    retrieve=extend_schema(summary=_("书记点人点事点问题详情")),
)
class SecretaryPointViewSet(ScopedViewSet):
    model = SecretaryPoint
    serializer_class = s.SecretaryPointSerializer
    filterset_class = SecretaryPointFilterSet
    select_related = ("round", "unit", "created_by")

    @write_schema(
        s.SecretaryPointCreateSerializer, s.SecretaryPointSerializer, status_code=201, summary=_("登记书记点题")
    )
    def create(self, request):
        point = services.secretary_point_create(actor=request.user, **self.parse(s.SecretaryPointCreateSerializer))
        return self.respond(point, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=_("巡察专报列表")),
    retrieve=extend_schema(summary=_("巡察专报详情")),
)
class SpecialReportViewSet(ScopedViewSet):
    model = SpecialReport
    serializer_class = s.SpecialReportSerializer
    filterset_class = SpecialReportFilterSet
    select_related = ("round", "created_by")

    @write_schema(
        s.SpecialReportCreateSerializer, s.SpecialReportSerializer, status_code=201, summary=_("登记巡察专报")
    )
    def create(self, request):
        report = services.special_report_create(actor=request.user, **self.parse(s.SpecialReportCreateSerializer))
        return self.respond(report, status.HTTP_201_CREATED)
