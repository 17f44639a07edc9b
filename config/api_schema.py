"""What drf-spectacular cannot see on its own, so that the OpenAPI schema tells the truth.

- Every operation documents the error answers it can give, in the one error shape: 400, 401, 403
  and 404 for every operation, 409, 413 and 415 as well for a write; and an ``{id}`` in a path is
  an integer (``document_errors``, a postprocessing hook named in ``SPECTACULAR_SETTINGS``).
- An object id in a filter is a positive integer (``ApiFilterExtension``); the strict reading of
  the query string itself is :mod:`config.api_query`.
- A text field that may not be blank must hold more than whitespace, which DRF trims
  (``TextExtension``); a file or a list that may not be empty says so (``NonEmptyFileExtension``,
  ``NonEmptyListExtension``, ``NonEmptyManyExtension`` for a list of ids).

See docs/security.md, "API schema conformance".
"""

from __future__ import annotations

from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension

from config.api_query import MAX_ID, MIN_INT, _is_reference
from core.filters import IntegerFilter

ERROR_REF = "#/components/schemas/Error"
# An object's id in a path: the URL patterns take digits only, and ids are PostgreSQL bigints.
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
WRITES = ("post", "put", "patch", "delete")
# Descriptions of the answers the views' own declarations (config.api.ERROR_RESPONSES) do not give.
DESCRIPTIONS = {
    400: _("数据有误；errors 按字段列出原因"),
    401: _("未登录，或令牌无效、已过期"),
    403: _("在可见范围内，但您的角色不能执行该操作"),
    404: _("不存在，或不在您的可见范围内"),
    409: _("状态不允许该操作，或已被他人修改（版本号过期）"),
    413: _("请求内容过大。"),
    415: _("不支持的请求内容类型（请用 application/json，上传文件用 multipart/form-data）"),
}
LIST_404 = _("页码超出范围，或筛选条件中的对象不存在、不在您的可见范围内")


def _error_codes(method: str) -> tuple[int, ...]:
    codes = (400, 401, 403, 404)
    if method in WRITES:
        codes += (409, 413, 415)
    return codes


def document_errors(result, generator, request, public):
    """Add the error answers an operation can give and does not declare yet (see module docstring)."""
    if ERROR_REF.rsplit("/", 1)[-1] not in result.get("components", {}).get("schemas", {}):
        return result
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", *WRITES):
                continue
            responses = operation.setdefault("responses", {})
            for code in _error_codes(method):
                if str(code) in responses:
                    continue
                description = LIST_404 if code == 404 and method == "get" and "{" not in path else DESCRIPTIONS[code]
                responses[str(code)] = {
                    "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
                    "description": force_str(description),
                }
            operation["responses"] = dict(sorted(responses.items()))
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] == "id":
                    parameter["schema"] = dict(ID_SCHEMA)
    return result


class ApiFilterExtension(DjangoFilterExtension):
    """django-filter's schema, with an object id declared as what it is: an integer from 1."""

    target_class = "config.api_query.ApiFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        bounds = {}
        if _is_reference(filter_field):
            bounds = {"minimum": 1, "maximum": MAX_ID}
        elif isinstance(filter_field, IntegerFilter):
            bounds = {"minimum": MIN_INT, "maximum": MAX_ID}
        for parameter in parameters:
            schema = parameter["schema"]
            schema = schema.get("items", schema)
            if schema.get("type") == "integer":
                schema.update(bounds)
        return parameters


class TextExtension(OpenApiSerializerFieldExtension):
    """A request's text that may not be blank: DRF trims it first, so it needs a non-space character."""

    target_class = "rest_framework.fields.CharField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        field = self.target
        plain = not ({"pattern", "format", "enum"} & set(schema))
        if direction == "request" and plain and field.trim_whitespace and not field.allow_blank:
            schema["pattern"] = r"\S"
        return schema


class NonEmptyFileExtension(OpenApiSerializerFieldExtension):
    """An uploaded file that may not be empty (DRF refuses an empty file unless told otherwise)."""

    target_class = "rest_framework.fields.FileField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "request" and not self.target.allow_empty_file:
            schema["minLength"] = 1
        return schema


class NonEmptyListExtension(OpenApiSerializerFieldExtension):
    """A nested list declared ``allow_empty=False`` (drf-spectacular leaves that out)."""

    target_class = "rest_framework.serializers.ListSerializer"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "request" and not self.target.allow_empty:
            schema["minItems"] = 1
        return schema


class NonEmptyManyExtension(OpenApiSerializerFieldExtension):
    """A list of ids declared ``allow_empty=False`` (``many=True`` on a related field)."""

    target_class = "rest_framework.relations.ManyRelatedField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "request" and not self.target.allow_empty and schema.get("type") == "array":
            schema["minItems"] = 1
        return schema
