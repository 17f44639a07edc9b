from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    ACTIVE = "active", _("治理中")
    FINISHED = "finished", _("已完成")
