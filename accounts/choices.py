from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficeLevel(models.TextChoices):
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


class Role(models.TextChoices):
    INSPECTOR = "inspector", _("巡察组成员")
    SUPERVISOR = "supervisor", _("审核监督")
    LIAISON = "liaison", _("整改联络员")
    CLUE_OFFICER = "clue_officer", _("线索管理员")
    ADMIN = "admin", _("系统管理员")
    LEADER = "leader", _("领导")
