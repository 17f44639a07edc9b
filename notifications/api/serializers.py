"""The notification's output serializer and the inputs of marking read and muting."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from config.api import InputSerializer, OutputSerializer, display

from ..choices import NotificationKind
from ..models import Notification


class NotificationSerializer(OutputSerializer):
    kind_display = display("kind", _("类型名称"))
    subject = serializers.SerializerMethodField(help_text=_("事项"))
    url = serializers.SerializerMethodField(help_text=_("事项的页面地址（无权查看时为空）"))
    is_read = serializers.SerializerMethodField(help_text=_("是否已读"))

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_display",
            "alert",
            "issue",
            "assignment",
            "clue",
            "text",
            "subject",
            "url",
            "created_at",
            "read_at",
            "is_read",
        ]

    def _subject(self, note: Notification) -> dict:
        return self.context.get("subjects", {}).get(note.pk, {"label": note.get_kind_display(), "url": None})

    def get_subject(self, note: Notification) -> str:
        return str(self._subject(note)["label"])

    def get_url(self, note: Notification) -> str | None:
        return self._subject(note)["url"]

    def get_is_read(self, note: Notification) -> bool:
        return note.read_at is not None


class MarkReadSerializer(InputSerializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        allow_empty=True,
        max_length=1000,
        help_text=_("要标为已读的提醒 id；不填则全部标为已读"),
    )


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("本次标为已读的条数"))


class MutesSerializer(InputSerializer):
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=NotificationKind.choices),
        allow_empty=True,
        max_length=len(NotificationKind.choices),
        help_text=_("不再提醒的类型"),
    )
