"""What the inspection models share: timestamps, lifecycle events, append-only audit rows, and
the names built from numbers (第三巡察组 / Inspection group 3)."""

import pgtrigger
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..choices import ACTION_LABELS

NON_NEGATIVE = [MinValueValidator(0)]
# Audit rows (lifecycle events, clue reads): the database itself refuses UPDATE and DELETE.
APPEND_ONLY = pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class LifecycleEvent(models.Model):
    """One lifecycle step (who, what, when, comment), written by the service in its transaction."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=30)
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    status_choices = None  # the TextChoices of the subject's status

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    @property
    def action_label(self) -> str:
        label = ACTION_LABELS.get(self.action)
        return str(label) if label else self.action

    @property
    def status_changed(self) -> bool:
        return self.from_status != self.to_status

    @property
    def to_status_label(self) -> str:
        try:
            return str(self.status_choices(self.to_status).label)
        except ValueError:
            return self.to_status


def get_language_info_is_english() -> bool:
    """Names built from numbers read as Chinese (第三巡察组) or English (Inspection group 3)."""
    return (get_language() or "").startswith("en")


CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (enough for group numbers and round sequences)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return f"{CHINESE_DIGITS[tens] if tens > 1 else ''}十{CHINESE_DIGITS[ones] if ones else ''}"
    return str(n)
