"""An office's saved mapping of a historic ledger's layout (历史台账列对应).

Offices keep their old ledgers in layouts of their own and upload the same layout again (next
year's sheet, another department's copy). The columns chosen in the mapping step are kept per
office and per layout (the sheet's headers, normalised: ``header_signature``); whoever of that
office uploads a sheet with the same headers gets them as the suggestion.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from accounts.querysets import ScopedQuerySet


class HistoricMapping(models.Model):
    office = models.ForeignKey(
        Office, verbose_name=_("巡察机构"), on_delete=models.CASCADE, related_name="historic_mappings"
    )
    signature = models.CharField(_("表头特征"), max_length=64)
    headers = models.JSONField(_("表头"), default=list)  # the sheet's header texts, as uploaded
    columns = models.JSONField(_("列对应"), default=dict)  # {"<column index>": "<field>"}
    statuses = models.JSONField(_("状态对应"), default=dict)  # {"<status word>": "<IssueStatus>"}
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("保存人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("历史台账列对应")
        verbose_name_plural = _("历史台账列对应")
        ordering = ["office", "-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["office", "signature"], name="historic_mapping_one_per_layout"),
        ]

    def __str__(self) -> str:
        return f"{self.office} · {'、'.join(h for h in self.headers if h)[:60]}"

    def column_mapping(self) -> dict[int, str]:
        return {int(index): field for index, field in self.columns.items()}
