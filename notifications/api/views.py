"""`/api/v1/notifications/`: a person's own notifications; marking them read; muting kinds."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from config.api import ScopedViewSet, write_schema

from .. import services
from ..filters import NotificationFilterSet
from ..models import Notification, NotificationMute
from ..selectors import RELATED, note_subjects
from .serializers import MarkedSerializer, MarkReadSerializer, MutesSerializer, NotificationSerializer


@extend_schema_view(
    list=extend_schema(summary=_("我的站内提醒")),
    retrieve=extend_schema(summary=_("站内提醒详情")),
)
class NotificationViewSet(ScopedViewSet):
    """A person only ever reads his own notifications (less the kinds he muted)."""

    model = Notification
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    select_related = RELATED

    def after_read(self, rows, *, detail: bool) -> None:
        self._subjects = note_subjects(self.request.user, rows)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["subjects"] = getattr(self, "_subjects", {})
        return context

    @write_schema(None, NotificationSerializer, summary=_("将一条提醒标为已读"))
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        note = self.get_object()
        services.mark_read(request.user, [note.pk])
        return self.respond(note)

    @write_schema(MarkReadSerializer, MarkedSerializer, summary=_("将提醒标为已读（全部或所列 id）"))
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        ids = self.parse(MarkReadSerializer).get("ids")
        return Response({"marked": services.mark_read(request.user, ids)}, status=status.HTTP_200_OK)

    @extend_schema(methods=["get"], responses={200: MutesSerializer}, summary=_("不再提醒的类型"))
    @write_schema(MutesSerializer, MutesSerializer, summary=_("设置不再提醒的类型"), methods=["post"])
    @action(detail=False, methods=["get", "post"])
    def mutes(self, request):
        if request.method == "POST":
            kinds = services.mutes_set(actor=request.user, kinds=self.parse(MutesSerializer)["kinds"])
        else:
            kinds = NotificationMute.objects.filter(user=request.user).values_list("kind", flat=True)
        return Response({"kinds": sorted(kinds)})
