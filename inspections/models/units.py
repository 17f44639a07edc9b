"""Inspected units (被巡察单位) and the talent pool (巡察人才库) that staffs the groups."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from accounts.history import history
from accounts.models import Office
from accounts.querysets import ScopedQuerySet

from ..choices import SecondedFrom, UnitKind, VillageCategory
from .base import TimeStamped


@history()
class Unit(TimeStamped):
    """An inspected party organisation or unit (被巡察党组织/单位); a tree county → township → village."""

    name = models.CharField(_("名称"), max_length=200)
    code = models.CharField(_("编码"), max_length=40, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    office = models.ForeignKey(Office, verbose_name=_("归口巡察机构"), on_delete=models.PROTECT, related_name="units")
    village_category = models.CharField(_("村（社区）类别"), max_length=20, choices=VillageCategory.choices, blank=True)
    principal_name = models.CharField(_("主要负责人"), max_length=50, blank=True)
    principal_post = models.CharField(_("主要负责人职务"), max_length=100, blank=True)
    deputy_name = models.CharField(_("分管整改负责人"), max_length=50, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("被巡察单位")
        verbose_name_plural = _("被巡察单位")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["office", "kind"]),
            models.Index(fields=["name"]),
            # The characters and character pairs of the name (the function of migration 0011), for
            # the findings' search by unit name (inspections/filters.py::UnitIdsMatching).
            GinIndex(
                Func(F("name"), function="xuncha_search_grams", output_field=ArrayField(models.TextField())),
                name="unit_name_grams",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=UnitKind.VILLAGE) | Q(village_category=""), name="village_category_only_for_villages"
            ),
        ]

    def __str__(self) -> str:
        return self.name


@history()
class Talent(TimeStamped):
    """An entry of the talent pool (巡察人才库): who can be seconded into a group, and where he has worked."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talent",
    )
    name = models.CharField(_("姓名"), max_length=50)
    employer = models.CharField(_("工作单位及职务"), max_length=200, blank=True)
    background = models.CharField(_("专业背景"), max_length=20, choices=SecondedFrom.choices, blank=True)
    specialty = models.CharField(_("业务专长"), max_length=200, blank=True)
    past_units = models.ManyToManyField(Unit, verbose_name=_("曾工作单位"), blank=True, related_name="former_staff")

    class Meta:
        verbose_name = _("巡察人才")
        verbose_name_plural = _("巡察人才库")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
