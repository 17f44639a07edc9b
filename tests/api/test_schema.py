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


def test_every_operation_documents_its_error_answers(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            expected = {"400", "401", "403", "404"} | ({"409", "413", "415"} if method != "get" else set())
            assert expected <= codes, (method, path, codes)
            for code in expected:
                content = operation["responses"][code]["content"]["application/json"]["schema"]
                assert content == {"$ref": "#/components/schemas/Error"}


def test_errors_may_nest(schema):
    errors = schema["components"]["schemas"]["Error"]["properties"]["errors"]
    kinds = errors["additionalProperties"]["anyOf"]
    assert {"type": "object"} in kinds
    assert {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}} in kinds


def test_the_schema_says_what_the_api_answers(schema):
    components = schema["components"]["schemas"]
    summary = components["Summary"]["properties"]
    assert {"from", "to"} <= set(summary) and not {"date_from", "date_to"} & set(summary)
    assert components["Assignment"]["properties"]["political_portrait"]["nullable"] is True
    summary_query = {p["name"] for p in schema["paths"]["/api/v1/stats/summary/"]["get"]["parameters"]}
    assert {"office", "round", "from", "to", "basis"} == summary_query


def test_query_parameters_state_their_bounds(schema):
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/issues/"]["get"]["parameters"]}
    assert parameters["page"]["minimum"] == 1
    assert (parameters["page_size"]["minimum"], parameters["page_size"]["maximum"]) == (1, 200)
    assert parameters["office"] == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    groups = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/groups/"]["get"]["parameters"]}
    assert groups["number"]["type"] == "integer"


def test_bodies_are_json_and_uploads_multipart(schema):
    # One encoding per operation: openapi-python-client cannot generate an operation with two.
    uploads = {"/api/v1/feedbacks/": "document", "/api/v1/plans/": "attachment", "/api/v1/progress/": "files"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if "requestBody" not in operation:
                continue
            content = operation["requestBody"]["content"]
            if path in uploads and method == "post":
                assert list(content) == ["multipart/form-data"], path
                body = schema["components"]["schemas"][
                    content["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[-1]
                ]
                assert "nullable" not in body["properties"][uploads[path]]  # a part left out, not null
            else:
                assert list(content) == ["application/json"], (method, path, list(content))


def test_request_rules_the_schema_states(schema):
    components = schema["components"]["schemas"]
    clue = components["ClueCreateRequest"]["properties"]
    assert clue["persons"]["minItems"] == 1
    assert clue["summary"]["pattern"] == r"\S"  # more than whitespace
    assert clue["assignment"]["minimum"] == 1
    money = components["IssueCloseRequest"]["properties"]["funds_refunded_wan"]
    assert money["pattern"] == r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
    assert components["ProgressCreateRequest"]["properties"]["files"]["items"]["minLength"] == 1


def test_request_rules_of_the_registers_and_campaigns(schema):
    components = schema["components"]["schemas"]
    # a list of ids that may not be empty says so
    assert components["CampaignCreateRequest"]["properties"]["special_reports"]["minItems"] == 1
    assert components["CommonIssueCreateRequest"]["properties"]["issues"]["minItems"] == 1
    assert "minItems" not in components["CampaignCreateRequest"]["properties"]["issues"]
    # a 码上巡察 report is not typed in: the request's channels leave it out, the answers keep it
    registered = [{"$ref": "#/components/schemas/RegisteredChannelEnum"}]
    for name in ("LetterCreateRequest", "PatchedLetterUpdateRequest"):
        assert components[name]["properties"]["channel"]["allOf"] == registered
    assert components["RegisteredChannelEnum"]["enum"] == ["letter", "call", "visit", "online"]
    assert "public" in components["ChannelEnum"]["enum"]
    assert components["Letter"]["properties"]["channel"]["allOf"] == [{"$ref": "#/components/schemas/ChannelEnum"}]
    term = [p for p in schema["paths"]["/api/v1/stats/breakdown/"]["get"]["parameters"] if p["name"] == "term"]
    assert term[0]["schema"]["pattern"] == r"\S"
