"""The one JSON error shape of the exception handler, for every kind of refusal."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions

from config.api import exception_handler
from core.errors import ApplicationError, ConflictError, TransitionError


def handle(exc):
    response = exception_handler(exc, {})
    return response.status_code, response.data


def test_application_errors_keep_status_code_and_field():
    assert handle(ApplicationError("不行", field="title")) == (
        400,
        {"detail": "不行", "code": "invalid", "errors": {"title": ["不行"]}},
    )
    assert handle(TransitionError("状态不对")) == (409, {"detail": "状态不对", "code": "illegal_transition"})
    assert handle(ConflictError("已被修改"))[0] == 409
    assert handle(ApplicationError("没有进展", code="no_progress"))[1]["code"] == "no_progress"


def test_django_validation_errors():
    status, body = handle(ValidationError({"title": ["必填"], "__all__": ["组合不合法"]}))
    assert status == 400
    assert body["errors"] == {"title": ["必填"], "non_field_errors": ["组合不合法"]}
    assert body["detail"] == "提交的数据有误，请检查标出的字段。"
    status, body = handle(ValidationError("一句话说明"))
    assert (status, body["detail"], body["errors"]) == (400, "一句话说明", {"non_field_errors": ["一句话说明"]})


def test_drf_validation_error_nested():
    status, body = handle(exceptions.ValidationError({"persons": [{"name": ["必填"]}]}))
    assert status == 400
    assert body["errors"] == {"persons": [{"name": ["必填"]}]}


def test_permission_denied_keeps_its_message():
    assert handle(PermissionDenied("只有组长可以确认问题。")) == (
        403,
        {"detail": "只有组长可以确认问题。", "code": "permission_denied"},
    )
    assert handle(PermissionDenied())[1]["detail"] == "您没有执行该操作的权限。"


def test_not_found_never_says_why():
    assert handle(Http404("No Issue matches the given query.")) == (
        404,
        {"detail": "未找到该对象，或您无权访问。", "code": "not_found"},
    )
    assert handle(exceptions.NotFound())[1]["detail"] == "未找到该对象，或您无权访问。"


def test_integrity_error_is_a_readable_conflict():
    status, body = handle(IntegrityError('duplicate key value violates unique constraint "x"'))
    assert status == 409
    assert body["code"] == "integrity_error"
    assert "duplicate" not in body["detail"]


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (exceptions.NotAuthenticated(), 401, "not_authenticated"),
        (exceptions.AuthenticationFailed(), 401, "authentication_failed"),
        (exceptions.MethodNotAllowed("DELETE"), 405, "method_not_allowed"),
        (exceptions.ParseError(), 400, "parse_error"),
        (exceptions.Throttled(wait=3), 429, "throttled"),
    ],
)
def test_other_api_exceptions(exc, status, code):
    response = exception_handler(exc, {})
    assert response.status_code == status
    assert response.data["code"] == code
    assert isinstance(response.data["detail"], str) and response.data["detail"]
    if status == 429:
        assert response.headers["Retry-After"] == "3"


def test_unexpected_errors_stay_500():
    assert exception_handler(RuntimeError("boom"), {}) is None
