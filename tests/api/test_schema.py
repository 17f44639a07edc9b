"""The OpenAPI schema validates without a single warning, and documents every field."""

import pytest
import yaml
from django.core.management import call_command

RESOURCES = [
    "offices", "units", "rounds", "groups", "assignments", "issues", "clues", "secretary-points",
    "special-reports", "feedbacks", "plans", "measures", "progress", "reviews", "evaluations",
    "actions", "alerts", "stats",
]  # fmt: skip


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def test_every_resource_and_action_is_documented(schema):
    paths = schema["paths"]
    for resource in RESOURCES:
        assert f"/api/v1/{resource}/" in paths
        assert f"/api/v1/{resource}/{{id}}/" in paths
    for action in ("confirm", "review", "submit", "close", "return", "long-term", "withdraw"):
        assert "post" in paths[f"/api/v1/issues/{{id}}/{action}/"]
    for action in ("transfer", "outcome", "withdraw"):
        assert "post" in paths[f"/api/v1/clues/{{id}}/{action}/"]
    assert "post" in paths["/api/v1/plans/{id}/review/"]
    assert "delete" not in paths["/api/v1/issues/{id}/"]
    assert {"put", "patch"} <= set(paths["/api/v1/issues/{id}/"])
    assert {"put", "patch"} <= set(paths["/api/v1/rounds/{id}/"])


def test_every_field_of_our_serializers_has_a_description(schema):
    missing = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        if not name.startswith("AuthToken")  # DRF's own token view
        for field, spec in component.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert missing == []


def test_actions_document_their_errors(schema):
    close = schema["paths"]["/api/v1/issues/{id}/close/"]["post"]
    assert {"200", "400", "403", "404", "409"} <= set(close["responses"])
    assert close["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("IssueCloseRequest")


def test_list_filters_are_in_the_schema(schema):
    names = {parameter["name"] for parameter in schema["paths"]["/api/v1/issues/"]["get"]["parameters"]}
    assert {"office", "round", "unit", "group", "status", "category", "overdue", "q", "ordering"} <= names
    assert {"deadline_after", "deadline_before", "found_on_after", "found_on_before", "page", "page_size"} <= names
