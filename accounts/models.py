import pghistory
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import OfficeLevel, Role
from .history import history
from .querysets import ScopedQuerySet


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

    # Time rules (巡察工作条例 2015 art. 27/29 and county practice); every number is per office.
    plan_due_days = models.PositiveSmallIntegerField(_("整改方案报送时限（天）"), default=30)
    plan_due_in_working_days = models.BooleanField(_("方案时限按工作日计"), default=False)
    report_due_months = models.PositiveSmallIntegerField(_("整改报告报送时限（月）"), default=2)
    clue_result_months = models.PositiveSmallIntegerField(_("线索办理结果反馈时限（月）"), default=3)
    long_term_report_months = models.PositiveSmallIntegerField(_("长期整改进展报送周期（月）"), default=6)
    warn_green_days = models.PositiveSmallIntegerField(_("绿色提示天数"), default=20)
    warn_yellow_days = models.PositiveSmallIntegerField(_("黄色预警天数"), default=10)

    objects = ScopedQuerySet.as_manager()

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
    # Accounts an admin creates must choose their own password at first sign-in.
    must_change_password = models.BooleanField(_("首次登录须修改密码"), default=False)
    # Bumped by "sign out everywhere": sessions stamped with an older version end.
    session_version = models.PositiveIntegerField(_("会话版本"), default=0, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        # Every way of setting a password (the change form, the admin, `changepassword`) ends in
        # this save, as Django's own password_changed hook does: a new password ends the old API
        # tokens, as it ends the other sessions. (A hash upgrade at sign-in is not a change.)
        password_changed = self._password is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            from .tokens import revoke_tokens

            revoke_tokens(self)


# Permission changes are audited: grants, edits and removals of roles.
@history(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class RoleAssignment(models.Model):
    """A role held by a user within an office; it reaches that office and its descendants."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="roles")
    office = models.ForeignKey(
        Office, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    # A liaison acts for one inspected unit only.
    unit = models.ForeignKey(
        "inspections.Unit",
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaisons",
    )

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(fields=["user", "office", "role"], name="unique_role_per_office"),
            models.CheckConstraint(
                condition=models.Q(role=Role.LIAISON, unit__isnull=False) | ~models.Q(role=Role.LIAISON),
                name="liaison_has_unit",
            ),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.office} · {self.get_role_display()}"


class TokenActivity(models.Model):
    """When an API token (DRF's Token, one per user) was last used: a token idle for longer than
    ``API_TOKEN_IDLE_DAYS`` no longer works. Stamped at most once an hour, not on every request
    (accounts/tokens.py)."""

    token = models.OneToOneField(
        "authtoken.Token",
        verbose_name=_("接口令牌"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="activity",
    )
    last_used = models.DateTimeField(_("最近使用时间"))

    class Meta:
        verbose_name = _("接口令牌使用记录")
        verbose_name_plural = _("接口令牌使用记录")

    def __str__(self) -> str:
        return f"{self.token.user} · {self.last_used:%Y-%m-%d %H:%M}"
