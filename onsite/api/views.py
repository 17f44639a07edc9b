"""API of the on-site registers: `/api/v1/talks/`, `/api/v1/letters/` (with the triage actions),
`/api/v1/document-checks/`, `/api/v1/spot-checks/`, `/api/v1/visits/`.

Reads start from ``visible_to(request.user)``; each write parses its body and calls one service.
Every register has the actions `to-issue` and `to-clue` (turn the entry into a finding or a clue,
answered with the entry, which then links to it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action

from config.api import ScopedViewSet, write_schema
from inspections.choices import ReadVia

from .. import services
from ..choices import EntryKind
from ..filters import DocumentCheckFilterSet, LetterFilterSet, SpotCheckFilterSet, TalkFilterSet, VisitFilterSet
from ..models import DocumentCheck, Letter, SpotCheck, Talk, Visit
from ..selectors import log_letter_reads, mask_talks
from . import serializers as s


class EntryViewSet(ScopedViewSet):
    """The shared writes; each register's class documents them with its own serializers."""

    kind: str = ""
    select_related = ("office", "round", "unit", "group", "created_by")

    def _create(self, serializer_class):
        entry = services.entry_create(actor=self.request.user, kind=self.kind, **self.parse(serializer_class))
        return self.respond(entry, status.HTTP_201_CREATED)

    def _update(self, serializer_class):
        entry = self.get_object()
        data = self.parse(serializer_class, partial=True)
        return self.respond(services.entry_update(actor=self.request.user, entry=entry, **data))

    def _convert(self, service, serializer_class):
        entry = self.get_object()
        service(actor=self.request.user, entry=entry, **self.parse(serializer_class))
        return self.respond(entry)


@extend_schema_view(list=extend_schema(summary=_("个别谈话列表")), retrieve=extend_schema(summary=_("个别谈话详情")))
class TalkViewSet(EntryViewSet):
    """The talked-to person's name is shown to the group's members only."""

    model = Talk
    kind = EntryKind.TALK
    serializer_class = s.TalkSerializer
    filterset_class = TalkFilterSet

    def after_read(self, rows, *, detail: bool) -> None:
        mask_talks(self.request.user, rows)

    @write_schema(s.TalkCreateSerializer, s.TalkSerializer, status_code=201, summary=_("登记个别谈话"))
    def create(self, request):
        return self._create(s.TalkCreateSerializer)

    @write_schema(s.TalkFieldsSerializer, s.TalkSerializer, summary=_("修改个别谈话"))
    def partial_update(self, request, pk=None):
        return self._update(s.TalkFieldsSerializer)

    @write_schema(s.ToIssueSerializer, s.TalkSerializer, summary=_("个别谈话转为问题"))
    @action(detail=True, methods=["post"], url_path="to-issue")
    def to_issue(self, request, pk=None):
        return self._convert(services.entry_to_issue, s.ToIssueSerializer)

    @write_schema(s.ToClueSerializer, s.TalkSerializer, summary=_("个别谈话转为问题线索"))
    @action(detail=True, methods=["post"], url_path="to-clue")
    def to_clue(self, request, pk=None):
        return self._convert(services.entry_to_clue, s.ToClueSerializer)


@extend_schema_view(list=extend_schema(summary=_("信访件列表")), retrieve=extend_schema(summary=_("信访件详情")))
class LetterViewSet(EntryViewSet):
    """Letters, calls, visits and public reports (信访件), as confidential as clues; triage:
    to-issue, to-clue, hand-over (转办), reply (办理结果), close (了结)."""

    model = Letter
    kind = EntryKind.LETTER
    serializer_class = s.LetterSerializer
    filterset_class = LetterFilterSet
    prefetch_related = ("attachments",)

    def after_read(self, rows, *, detail: bool) -> None:
        via = ReadVia.API_DETAIL if detail else ReadVia.API_LIST
        log_letter_reads(self.request.user, [row.pk for row in rows], via)

    @write_schema(s.LetterCreateSerializer, s.LetterSerializer, status_code=201, summary=_("登记信访件"))
    def create(self, request):
        return self._create(s.LetterCreateSerializer)

    @write_schema(s.LetterUpdateSerializer, s.LetterSerializer, summary=_("修改信访件（处置前）"))
    def partial_update(self, request, pk=None):
        return self._update(s.LetterUpdateSerializer)

    @write_schema(s.ToIssueSerializer, s.LetterSerializer, summary=_("信访件转为问题"))
    @action(detail=True, methods=["post"], url_path="to-issue")
    def to_issue(self, request, pk=None):
        return self._convert(services.entry_to_issue, s.ToIssueSerializer)

    @write_schema(s.ToClueSerializer, s.LetterSerializer, summary=_("信访件转为问题线索"))
    @action(detail=True, methods=["post"], url_path="to-clue")
    def to_clue(self, request, pk=None):
        return self._convert(services.entry_to_clue, s.ToClueSerializer)

    def _triage(self, service, serializer_class):
        letter = self.get_object()
        return self.respond(service(actor=self.request.user, letter=letter, **self.parse(serializer_class)))

    @write_schema(s.HandOverSerializer, s.LetterSerializer, summary=_("转办信访件（转办单位与反馈期限）"))
    @action(detail=True, methods=["post"], url_path="hand-over")
    def hand_over(self, request, pk=None):
        return self._triage(services.letter_hand_over, s.HandOverSerializer)

    @write_schema(s.ReplySerializer, s.LetterSerializer, summary=_("登记转办信访件的办理结果"))
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        return self._triage(services.letter_record_reply, s.ReplySerializer)

    @write_schema(s.CloseSerializer, s.LetterSerializer, summary=_("了结信访件（须填理由）"))
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._triage(services.letter_close, s.CloseSerializer)


@extend_schema_view(list=extend_schema(summary=_("调阅资料列表")), retrieve=extend_schema(summary=_("调阅资料详情")))
class DocumentCheckViewSet(EntryViewSet):
    model = DocumentCheck
    kind = EntryKind.DOCUMENT_CHECK
    serializer_class = s.DocumentCheckSerializer
    filterset_class = DocumentCheckFilterSet

    @write_schema(
        s.DocumentCheckCreateSerializer, s.DocumentCheckSerializer, status_code=201, summary=_("登记调阅资料")
    )
    def create(self, request):
        return self._create(s.DocumentCheckCreateSerializer)

    @write_schema(s.DocumentCheckFieldsSerializer, s.DocumentCheckSerializer, summary=_("修改调阅资料（如登记归还）"))
    def partial_update(self, request, pk=None):
        return self._update(s.DocumentCheckFieldsSerializer)

    @write_schema(s.ToIssueSerializer, s.DocumentCheckSerializer, summary=_("调阅资料转为问题"))
    @action(detail=True, methods=["post"], url_path="to-issue")
    def to_issue(self, request, pk=None):
        return self._convert(services.entry_to_issue, s.ToIssueSerializer)

    @write_schema(s.ToClueSerializer, s.DocumentCheckSerializer, summary=_("调阅资料转为问题线索"))
    @action(detail=True, methods=["post"], url_path="to-clue")
    def to_clue(self, request, pk=None):
        return self._convert(services.entry_to_clue, s.ToClueSerializer)


@extend_schema_view(
    list=extend_schema(summary=_("个人有关事项抽查列表")), retrieve=extend_schema(summary=_("个人有关事项抽查详情"))
)
class SpotCheckViewSet(EntryViewSet):
    model = SpotCheck
    kind = EntryKind.SPOT_CHECK
    serializer_class = s.SpotCheckSerializer
    filterset_class = SpotCheckFilterSet

    @write_schema(
        s.SpotCheckCreateSerializer, s.SpotCheckSerializer, status_code=201, summary=_("登记个人有关事项抽查")
    )
    def create(self, request):
        return self._create(s.SpotCheckCreateSerializer)

    @write_schema(s.SpotCheckFieldsSerializer, s.SpotCheckSerializer, summary=_("修改个人有关事项抽查"))
    def partial_update(self, request, pk=None):
        return self._update(s.SpotCheckFieldsSerializer)

    @write_schema(s.ToIssueSerializer, s.SpotCheckSerializer, summary=_("个人有关事项抽查转为问题"))
    @action(detail=True, methods=["post"], url_path="to-issue")
    def to_issue(self, request, pk=None):
        return self._convert(services.entry_to_issue, s.ToIssueSerializer)

    @write_schema(s.ToClueSerializer, s.SpotCheckSerializer, summary=_("个人有关事项抽查转为问题线索"))
    @action(detail=True, methods=["post"], url_path="to-clue")
    def to_clue(self, request, pk=None):
        return self._convert(services.entry_to_clue, s.ToClueSerializer)


@extend_schema_view(list=extend_schema(summary=_("下沉走访列表")), retrieve=extend_schema(summary=_("下沉走访详情")))
class VisitViewSet(EntryViewSet):
    model = Visit
    kind = EntryKind.VISIT
    serializer_class = s.VisitSerializer
    filterset_class = VisitFilterSet

    @write_schema(s.VisitCreateSerializer, s.VisitSerializer, status_code=201, summary=_("登记下沉走访"))
    def create(self, request):
        return self._create(s.VisitCreateSerializer)

    @write_schema(s.VisitFieldsSerializer, s.VisitSerializer, summary=_("修改下沉走访"))
    def partial_update(self, request, pk=None):
        return self._update(s.VisitFieldsSerializer)

    @write_schema(s.ToIssueSerializer, s.VisitSerializer, summary=_("下沉走访转为问题"))
    @action(detail=True, methods=["post"], url_path="to-issue")
    def to_issue(self, request, pk=None):
        return self._convert(services.entry_to_issue, s.ToIssueSerializer)

    @write_schema(s.ToClueSerializer, s.VisitSerializer, summary=_("下沉走访转为问题线索"))
    @action(detail=True, methods=["post"], url_path="to-clue")
    def to_clue(self, request, pk=None):
        return self._convert(services.entry_to_clue, s.ToClueSerializer)
