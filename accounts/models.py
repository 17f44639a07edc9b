from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import OfficeLevel, Role


class Office(models.Model):
    """An inspection office (巡察机构); offices form a tree, city above counties.

    ``path`` is the materialised chain of ids from the root ("/1/4/"), so "this office
    and its descendants" is one indexed ``LIKE '/1/4/%'`` in SQL.
    """

    name = models.CharField(_("名称"), max_length=100, unique=True)
    level = models.CharField(_("层级"), max_length=10, choices=OfficeLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("路径"), max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("巡察机构")
        verbose_name_plural = _("巡察机构")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if path != self.path:
            self.path = path
            type(self).objects.filter(pk=self.pk).update(path=path)


class User(AbstractUser):
    """A person who signs in; what he may see and do comes from his role assignments."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """A role held by a user within an office; it reaches that office and its descendants."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="roles")
    office = models.ForeignKey(
        Office, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(fields=["user", "office", "role"], name="unique_role_per_office"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.office} · {self.get_role_display()}"
