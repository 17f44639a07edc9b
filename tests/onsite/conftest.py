"""The on-site registers' tests run in the API tests' world (``w``) with its clients."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import Api
from tests.factories import make_api_world


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def w(db):
    return make_api_world()


@pytest.fixture
def api():
    return Api


@pytest.fixture
def web():
    """A browser session signed in as ``user`` (the screens are Django views, not DRF's)."""

    def signed_in(user):
        client = Client()
        client.force_login(user)
        return client

    return signed_in
