"""The API's JSON parser: DRF's, with a size and a nesting limit.

Kept apart from config.api because DRF reads DEFAULT_PARSER_CLASSES while its generic views are
being imported, and config.api imports those views. A refusal is an APIException, so the API's
exception handler answers it in the one JSON error shape.
"""

from __future__ import annotations

import codecs

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, status
from rest_framework.utils import json


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("请求内容过大。")
    default_code = "request_too_large"


def json_max_bytes() -> int:
    return getattr(settings, "API_JSON_MAX_BYTES", 1024 * 1024)


def json_max_depth() -> int:
    return getattr(settings, "API_JSON_MAX_DEPTH", 32)


def nesting_depth(data) -> int:
    """How deep lists and objects nest in parsed JSON (a scalar is 0), without recursion."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def too_large_message() -> str:
    return _("请求内容超过 %(limit)s KB，未处理。") % {"limit": json_max_bytes() // 1024}


def too_deep_message() -> str:
    return _("JSON 嵌套层数超过 %(limit)s 层，未处理。") % {"limit": json_max_depth()}


class LimitedJSONParser(parsers.JSONParser):
    """At most ``API_JSON_MAX_BYTES`` bytes (413) nested at most ``API_JSON_MAX_DEPTH`` deep (400)."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = json_max_bytes()
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise RequestTooLarge(too_large_message())
        try:
            text = codecs.decode(raw, encoding)
            constant = json.strict_constant if self.strict else None
            data = json.loads(text, parse_constant=constant)
        except RecursionError:
            raise exceptions.ParseError(too_deep_message()) from None
        except ValueError as exc:
            raise exceptions.ParseError(_("JSON 格式错误：%(error)s") % {"error": exc}) from None
        if nesting_depth(data) > json_max_depth():
            raise exceptions.ParseError(too_deep_message())
        return data
