"""Admin of the on-site registers. The registers and letters are kept out of the admin, as clues
are: a talk's person is the group's only and every letter read is logged, which the screens and
the API do. The letter-read log and the public channels are here, scoped and read-only."""

from django.contrib import admin

from accounts.admin_site import ScopedAdminMixin
from core.admin import ReadOnlyAdmin

from .models import LetterRead, PublicChannel


@admin.register(LetterRead)
class LetterReadAdmin(ScopedAdminMixin, ReadOnlyAdmin):
    list_display = ["at", "user", "letter_id", "via"]
    list_filter = ["via"]
    list_select_related = ["user"]


@admin.register(PublicChannel)
class PublicChannelAdmin(ScopedAdminMixin, ReadOnlyAdmin):
    list_display = ["assignment", "opens_on", "closes_on", "created_by"]
    list_select_related = ["assignment__round", "assignment__unit", "created_by"]
    exclude = ["token"]  # the link's secret stays on the group's page
