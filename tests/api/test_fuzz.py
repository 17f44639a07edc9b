"""Fuzz the API from its own OpenAPI schema (schemathesis, bounded): no 500 anywhere, every answer
is one the schema documents (status, content type, headers, body), and every 4xx answer carries the
JSON error shape with a readable ``detail``. The full run, every check as an admin and a liaison on
the demo data, is bench/schemathesis_run.py (docs/security.md, "API schema conformance")."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests.factories import make_issue, make_world

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

# Bounded so CI stays fast: a few generated requests per operation.
EXAMPLES = 3
# The checks on the answer alone (whether a request should have been accepted is the full run's job).
RESPONSE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def token(db):
    w = make_world()
    make_issue(w.assignment_x, "rectifying", n=1)
    return Token.objects.create(user=w.supervisor).key


@pytest.fixture(autouse=True)
def keep_test_connection():
    """Calls go straight into the WSGI app, whose request signals would close the test's
    connection (and its transaction); Django's own test client unhooks them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_api_never_fails_and_errors_are_json(case, token):
    response = case.call(headers={"Authorization": f"Token {token}"})
    where = f"{case.method} {case.formatted_path} query={case.query}"
    assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:500]}"
    if 400 <= response.status_code < 500:
        try:
            body = response.json()
        except ValueError:
            pytest.fail(f"{where}: {response.status_code} is not JSON: {response.text[:200]}")
        assert isinstance(body, dict) and body.get("detail"), f"{where}: {response.text[:300]}"
    case.validate_response(response, checks=RESPONSE_CHECKS)
