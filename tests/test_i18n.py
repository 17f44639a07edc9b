"""Chinese is the source language; the English catalogue must be complete and compiled."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_english_catalogue_is_complete():
    catalogue = polib.pofile(str(PO))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []
    assert PO.with_suffix(".mo").stat().st_mtime >= PO.stat().st_mtime - 1


@pytest.mark.django_db
def test_login_page_in_both_languages(client):
    chinese = client.get("/login/").content.decode()
    assert "巡察工作平台" in chinese and "用户名" in chinese

    with translation.override("en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = client.get("/login/").content.decode()
    assert "Inspection Work Platform" in english and "Username" in english
    assert "用户名" not in english
