"""What a round reports upward and is asked: secretary points (书记点人点事点问题) and special reports (巡察专报)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.history import history
from accounts.querysets import ScopedQuerySet

from ..choices import PointKind
from .base import TimeStamped
from .rounds import Round
from .units import Unit


@history()
class SecretaryPoint(TimeStamped):
    """书记点人点事点问题: what the party secretary asked a round to look at, and the response."""

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.PROTECT, related_name="secretary_points")
    unit = models.ForeignKey(
        Unit, verbose_name=_("涉及单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=PointKind.choices)
    content = models.TextField(_("点题内容"))
    response = models.TextField(_("办理情况"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("书记点人点事点问题")
        verbose_name_plural = _("书记点人点事点问题")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.content[:30]}"


@history()
class SpecialReport(TimeStamped):
    """巡察专报: a numbered report to the committee, with suggestions and the campaigns it led to."""

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.PROTECT, related_name="special_reports")
    number = models.PositiveSmallIntegerField(_("期号"), validators=[MinValueValidator(1)])
    title = models.CharField(_("标题"), max_length=200)
    suggestions = models.TextField(_("意见建议"), blank=True)
    recipients = models.CharField(_("报送对象"), max_length=200, blank=True)
    campaigns = models.TextField(_("推动专项治理"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡察专报")
        verbose_name_plural = _("巡察专报")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="unique_report_number")]

    def __str__(self) -> str:
        return _("第%(number)s期 %(title)s") % {"number": self.number, "title": self.title}
