"""The notification FilterSet (API): by kind, read or unread."""

from __future__ import annotations

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from core.filters import ChoicesFilter, StableOrderingFilter

from .choices import NotificationKind
from .models import Notification


class NotificationFilterSet(filters.FilterSet):
    kind = ChoicesFilter(choices=NotificationKind.choices, label=_("类型"))
    unread = filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("未读"))
    ordering = StableOrderingFilter(fields=("id", "created_at"))

    class Meta:
        model = Notification
        fields = ["kind"]
