"""The API tests' world (``w``, built by :func:`tests.factories.make_api_world`) and clients."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from tests.factories import PDF, make_api_world  # noqa: F401 - PDF: the write tests import it from here


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def w(db):
    return make_api_world()


class Api:
    """An API client acting as one user (force-authenticated; token auth has its own tests)."""

    def __init__(self, user: User | None):
        self.client = APIClient()
        if user is not None:
            # A fresh user object, so that cached scope grants never leak between clients.
            self.client.force_authenticate(User.objects.get(pk=user.pk))

    def get(self, path: str, params=None):
        return self.client.get(f"/api/v1/{path}", params or {})

    def post(self, path: str, data=None, **kwargs):
        kwargs.setdefault("format", "json")
        return self.client.post(f"/api/v1/{path}", data or {}, **kwargs)

    def patch(self, path: str, data=None):
        return self.client.patch(f"/api/v1/{path}", data or {}, format="json")

    def put(self, path: str, data=None):
        return self.client.put(f"/api/v1/{path}", data or {}, format="json")

    def delete(self, path: str):
        return self.client.delete(f"/api/v1/{path}")

    def ids(self, path: str, params=None) -> list[int]:
        response = self.get(path.rstrip("/") + "/", {"page_size": 200, **(params or {})})
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def api():
    return Api


def token_client(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
