"""Word templates an office uploads to replace the built-in ones."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from inspections.models import TimeStamped

from .choices import DocumentKind


class DocumentTemplate(TimeStamped):
    """An office's own .docx template for one of the generated documents (docxtpl placeholders).

    Checked when uploaded (rendered against sample data in the sandbox) and rendered in the
    sandbox every time (``documents.rendering``); who uploaded it is kept."""

    office = models.ForeignKey(Office, verbose_name=_("巡察机构"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("文书"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("模板文件（.docx）"), upload_to="docx_templates/")
    is_active = models.BooleanField(_("启用"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        db_table = "inspections_documenttemplate"  # the table from before documents had a room of its own
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "kind"], condition=Q(is_active=True), name="one_active_template_per_office_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} · {self.get_kind_display()}"
