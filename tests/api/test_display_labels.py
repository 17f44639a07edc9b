"""Choice labels in API output follow the caller's language (cached per language)."""

import pytest
from django.conf import settings
from django.utils import translation
from rest_framework.test import APIClient

from tests.factories import make_issue, make_world


@pytest.mark.django_db
def test_status_display_in_chinese_and_english():
    w = make_world()
    issue = make_issue(w.assignment_x, "rectifying", n=1)
    client = APIClient()
    client.force_authenticate(w.supervisor)
    assert client.get(f"/api/v1/issues/{issue.pk}/").json()["status_display"] == "整改中"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(f"/api/v1/issues/{issue.pk}/").json()["status_display"]
    with translation.override("en"):
        assert english == issue.get_status_display() != "整改中"
