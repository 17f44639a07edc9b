"""Shared pieces of the `/api/v1/` REST API: the one JSON error shape, pagination, scoped
relation fields, documented serializers and the base viewset every resource builds on.

Every resource follows one pattern (HackSoft styleguide): reads start from
``Model.objects.visible_to(request.user)``; writes parse the body with an input serializer,
call one service and render the result with the output serializer.
"""

from __future__ import annotations

import copy
import functools
import logging
import re
from functools import partial

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import prefetch_related_objects
from django.http import Http404, QueryDict
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

import config.api_schema  # noqa: F401 - registers the schema extension of the API's filter backend
from config.api_paging import Pagination, TwoStepPaginator  # noqa: F401 - the API's pagination, imported from here
from config.api_query import BOOLEANS, ISO_DATE, MAX_ID, NOT_VISIBLE_MESSAGE, NotVisible, int_error
from config.parsers import RequestTooLarge, too_deep_message, too_large_message
from core.errors import ApplicationError

logger = logging.getLogger(__name__)

NOT_FOUND_MESSAGE = _("未找到该对象，或您无权访问。")
INVALID_MESSAGE = _("提交的数据有误，请检查标出的字段。")
FORBIDDEN_MESSAGE = _("您没有执行该操作的权限。")
CONFLICT_MESSAGE = _("数据与已有记录冲突（例如编号重复），未保存任何修改。")
__all__ = ["NOT_VISIBLE_MESSAGE"]  # re-exported: defined in config.api_query


# ---------------------------------------------------------------------------------------------
# Errors: {"detail": "<readable message>", "code": "<code>", "errors": {"<field>": ["<why>"]}}
#
# A field's errors are a list of messages; a nested object's are an object of its fields' errors
# ({"persons": {"non_field_errors": [...]}}), a list field's are keyed by position
# ({"files": {"0": [...]}}), and a list of objects gives one object per item ([{}, {"name": [...]}]).

FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
        ]
    },
}


@extend_schema_field(FIELD_ERRORS_SCHEMA)
class FieldErrorsField(serializers.DictField):
    """Field name → list of messages, or the nested errors of an object or a list (documentation only)."""


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API (documentation only)."""

    detail = serializers.CharField(help_text=_("可读的错误说明"))
    code = serializers.CharField(help_text=_("错误代码，如 invalid、not_found、permission_denied、illegal_transition"))
    errors = FieldErrorsField(required=False, help_text=_("按字段列出的错误原因（仅字段错误时出现）"))


def _plain(detail):
    """ErrorDetail trees → plain str/list/dict trees."""
    if isinstance(detail, dict):
        return {str(key): _plain(value) for key, value in detail.items()}
    if isinstance(detail, (list, tuple)):
        return [_plain(item) for item in detail]
    return force_str(detail)


def _field_errors(detail) -> dict:
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    if isinstance(detail, dict):
        return {(non_field if key == NON_FIELD_ERRORS else key): value for key, value in _plain(detail).items()}
    return {non_field: _plain(detail if isinstance(detail, (list, tuple)) else [detail])}


def _error(status_code: int, detail, code: str, errors: dict | None = None, headers=None) -> Response:
    set_rollback()  # only matters with ATOMIC_REQUESTS; the services are atomic themselves
    body = {"detail": force_str(detail), "code": code}
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers)


# Field errors that are not about the request's form: an object id the caller cannot see (404, as
# an unknown id in a path), a value another record already holds (409, as a race on it does).
NOT_VISIBLE_CODES = {"does_not_exist"}
DUPLICATE_CODES = {"unique", "unique_together"}


def _leaf_codes(codes) -> set:
    if isinstance(codes, dict):
        return set().union(*(_leaf_codes(value) for value in codes.values())) if codes else set()
    if isinstance(codes, (list, tuple)):
        return set().union(*(_leaf_codes(value) for value in codes)) if codes else set()
    return {codes}


def _django_codes(exc: DjangoValidationError) -> set:
    errors = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    return {error.code for field_errors in errors for error in field_errors}


def _validation_response(errors: dict, codes: set | None = None) -> Response:
    if codes and codes <= NOT_VISIBLE_CODES:
        return _error(status.HTTP_404_NOT_FOUND, NOT_VISIBLE_MESSAGE, "not_found", errors)
    # A lone non-field message reads better as the detail itself.
    non_field = errors.get(api_settings.NON_FIELD_ERRORS_KEY)
    detail = INVALID_MESSAGE
    if list(errors) == [api_settings.NON_FIELD_ERRORS_KEY] and len(non_field) == 1 and isinstance(non_field[0], str):
        detail = non_field[0]
    if codes and codes <= DUPLICATE_CODES:
        return _error(status.HTTP_409_CONFLICT, detail, "duplicate", errors)
    return _error(status.HTTP_400_BAD_REQUEST, detail, "invalid", errors)


def _json_parse_failed(request) -> bool:
    # DRF leaves an empty QueryDict as the data of a body it failed to parse; parsed JSON never is one.
    return "json" in (getattr(request, "content_type", "") or "") and isinstance(
        getattr(request, "_full_data", None), QueryDict
    )


def exception_handler(exc, context):
    """Turn every refusal into the one JSON error shape; anything else stays a 500."""
    # A body over DATA_UPLOAD_MAX_MEMORY_SIZE (DRF reads JSON through request.body), and JSON
    # nested too deep for the parser of a view with its own parsers (the token view's).
    if isinstance(exc, RequestDataTooBig):
        return _error(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, too_large_message(), RequestTooLarge.default_code)
    if isinstance(exc, RecursionError) and _json_parse_failed(context.get("request")):
        return _error(status.HTTP_400_BAD_REQUEST, too_deep_message(), exceptions.ParseError.default_code)
    if isinstance(exc, ApplicationError):
        errors = {exc.field: [exc.message]} if exc.field else None
        return _error(exc.status_code, exc.message, exc.code, errors)
    if isinstance(exc, NotVisible):
        return _error(exc.status_code, exc.detail, exc.default_code, exc.errors)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return _validation_response(_field_errors(exc.message_dict), _django_codes(exc))
        return _validation_response(_field_errors(exc.messages), _django_codes(exc))
    if isinstance(exc, DjangoPermissionDenied):
        message = force_str(exc.args[0]) if exc.args and exc.args[0] else FORBIDDEN_MESSAGE
        return _error(status.HTTP_403_FORBIDDEN, message, "permission_denied")
    if isinstance(exc, Http404):
        return _error(status.HTTP_404_NOT_FOUND, NOT_FOUND_MESSAGE, "not_found")
    if isinstance(exc, IntegrityError):
        # Services are atomic, so nothing was half-written; usually a race on a unique value.
        logger.warning("IntegrityError answered with 409: %s", exc)
        return _error(status.HTTP_409_CONFLICT, CONFLICT_MESSAGE, "integrity_error")
    if isinstance(exc, exceptions.ValidationError):
        return _validation_response(_field_errors(exc.detail), _leaf_codes(exc.get_codes()))

    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.NotFound) and force_str(exc.detail) == force_str(exceptions.NotFound.default_detail):
        detail = NOT_FOUND_MESSAGE
    elif isinstance(exc.detail, (list, dict)):
        detail = _plain(exc.detail)
        detail = detail[0] if isinstance(detail, list) and detail else str(detail)
    else:
        detail = exc.detail
    code = getattr(exc.detail, "code", None) or exc.default_code
    headers = {key: value for key, value in response.headers.items() if key in ("WWW-Authenticate", "Retry-After")}
    return _error(response.status_code, detail, code, headers=headers)


ERROR_RESPONSES = {
    400: OpenApiResponse(ErrorSerializer, description=_("数据有误；errors 按字段列出原因")),
    403: OpenApiResponse(ErrorSerializer, description=_("在可见范围内，但您的角色不能执行该操作")),
    404: OpenApiResponse(ErrorSerializer, description=_("不存在，或不在您的可见范围内")),
    409: OpenApiResponse(ErrorSerializer, description=_("状态不允许该操作，或已被他人修改（版本号过期）")),
}


def write_schema(request, response, *, status_code: int = 200, summary: str | None = None, **kwargs):
    """extend_schema for a write: the input serializer, the output serializer and the error shape."""
    return extend_schema(
        request=request,
        responses={status_code: response, **ERROR_RESPONSES},
        summary=summary,
        **kwargs,
    )


def upload_request(serializer_class, *file_fields: str) -> dict:
    """The documented request body of a write that takes files: ``multipart/form-data``, where a
    file left out is a part not sent (a form has no null), so the file fields are not nullable.

    The view also reads a JSON body (without files) with ``serializer_class``; the schema names one
    encoding only, because openapi-python-client (0.29) generates an operation with two request
    encodings that does not import (docs/security.md, "API schema conformance").
    """
    files = {}
    for name in file_fields:
        field = files[name] = copy.deepcopy(serializer_class._declared_fields[name])
        field._kwargs.pop("allow_null", None)  # serializers copy their fields from these arguments
        field.allow_null = False
    body = type(serializer_class.__name__, (serializer_class,), {"__module__": serializer_class.__module__, **files})
    return {"multipart/form-data": body}


# ---------------------------------------------------------------------------------------------
# Serializers


class DocumentedMixin:
    """Every field gets a description: its help_text, or else its label (the model's verbose name)."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            if not getattr(field, "help_text", None) and getattr(field, "label", None):
                field.help_text = field.label
        return fields


class OutputSerializer(DocumentedMixin, serializers.ModelSerializer):
    """Base of the output serializers: read-only, documented."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


class ChoiceLabelField(serializers.CharField):
    """The readable label of a choice field, from a per-language table built once.

    Same output as ``get_<field>_display`` without a translation lookup per row and field,
    which dominates the cost of rendering a list page.
    """

    def __init__(self, field: str, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(source=field, **kwargs)

    def to_representation(self, value):
        if value in (None, ""):
            return ""
        model_field = self.parent.Meta.model._meta.get_field(self.source)
        return _choice_labels(model_field, get_language())().get(value, value)


@functools.lru_cache(maxsize=512)
def _choice_labels(model_field, language):
    labels = {key: str(label) for key, label in model_field.flatchoices}
    return lambda: labels


def display(field: str, label) -> serializers.CharField:
    """The readable label of a choice field (as ``get_<field>_display`` gives it)."""
    return ChoiceLabelField(field, help_text=label)


def name_of(source: str, label, *, null: bool = False) -> serializers.CharField:
    """A related object's readable name, read through a joined relation (no extra query)."""
    return serializers.CharField(source=source, read_only=True, allow_null=null, help_text=label)


class InputSerializer(DocumentedMixin, serializers.Serializer):
    """Base of the input serializers: validates a body into a service's keyword arguments."""

    # (Comments, not the docstring: the docstring is every input component's description.)
    # A JSON body's values must have the JSON type the schema gives them: text a string, a count
    # an integer, a flag true/false, an id an integer. (DRF would take 5 for "5", "1" for 1, "yes"
    # for true.) A multipart body carries only text, which the fields parse as usual.

    def to_internal_value(self, data):
        wrong = {**self._too_long(data), **self._wrong_json_types(data)}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if wrong and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **wrong}) from None
            raise
        if wrong:
            raise serializers.ValidationError(wrong)
        return value

    def _too_long(self, data) -> dict:
        """Text longer than its maxLength as sent: DRF trims whitespace (and a leading "\x1d" is
        whitespace to Python) before it measures, the schema measures what is sent."""
        if not hasattr(data, "get"):
            return {}
        wrong = {}
        for name, field in self.fields.items():
            value = data.get(name)
            limit = getattr(field, "max_length", None)
            if isinstance(field, serializers.CharField) and not field.read_only and limit is not None:
                if isinstance(value, str) and len(value) > limit:
                    wrong[name] = [field.error_messages["max_length"].format(max_length=limit)]
        return wrong

    def _wrong_json_types(self, data) -> dict:
        if not isinstance(data, dict) or isinstance(data, QueryDict):
            return {}
        wrong = {}
        for name, field in self.fields.items():
            value = data.get(name)
            if field.read_only or value is None:
                continue
            if isinstance(field, (serializers.ManyRelatedField, serializers.MultipleChoiceField)):
                # DRF takes any iterable but text for these, so an object ({}) read as an empty list.
                if not isinstance(value, list):
                    wrong[name] = [field.error_messages["not_a_list"].format(input_type=type(value).__name__)]
                elif isinstance(field, serializers.ManyRelatedField):
                    odd = [item for item in value if not isinstance(item, int) or isinstance(item, bool)]
                    if odd:
                        message = field.child_relation.error_messages["incorrect_type"]
                        wrong[name] = [message.format(data_type=type(odd[0]).__name__)]
            elif isinstance(field, serializers.PrimaryKeyRelatedField):
                if not isinstance(value, int) or isinstance(value, bool):
                    wrong[name] = [field.error_messages["incorrect_type"].format(data_type=type(value).__name__)]
            elif isinstance(field, serializers.BooleanField):
                if not isinstance(value, bool):
                    wrong[name] = [field.error_messages["invalid"]]
            elif isinstance(field, serializers.IntegerField):
                if not isinstance(value, int) or isinstance(value, bool):
                    wrong[name] = [field.error_messages["invalid"]]
            elif isinstance(field, serializers.CharField) and not isinstance(value, str):
                wrong[name] = [field.error_messages["invalid"]]
        return wrong


class QuerySerializer(InputSerializer):
    """Base of the serializers that read a query string (``data=request.query_params``): each
    value spelled as the schema types it, as the list filters read theirs (config.api_query): a
    whole number in digits only, a boolean ``true``/``false``, a date ``YYYY-MM-DD``. DRF's own
    readings are lenient ("1.0" for 1, "yes" for true, "20260101" for a date)."""

    def _wrong_json_types(self, data) -> dict:
        if not isinstance(data, QueryDict):
            return super()._wrong_json_types(data)
        wrong = {}
        for name, field in self.fields.items():
            value = data.get(name)
            if field.read_only or not value:
                continue  # absent, or empty (reject_blank answers that)
            if isinstance(field, serializers.BooleanField) and value not in BOOLEANS:
                wrong[name] = [field.error_messages["invalid"]]
            elif isinstance(field, serializers.IntegerField) and not re.fullmatch(r"-?[0-9]+", value):
                wrong[name] = [field.error_messages["invalid"]]
            elif isinstance(field, serializers.DateField) and not ISO_DATE.fullmatch(value):
                wrong[name] = [field.error_messages["invalid"].format(format="YYYY-MM-DD")]
        return wrong


MONEY_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"


@extend_schema_field({"type": "string", "format": "decimal", "pattern": MONEY_PATTERN})
class MoneyField(serializers.DecimalField):
    """An amount in 万元 as the schema states it: a string of digits with at most two decimals
    ("12.50"), never negative. A JSON number or any other spelling is refused."""

    def __init__(self, **kwargs):
        kwargs.update(max_digits=14, decimal_places=2, min_value=0)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(MONEY_PATTERN, data):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A foreign key given by id, resolved only among the objects the caller may see.

    An id outside the caller's scope is answered exactly like an unknown id, so the API never
    reveals that it exists.
    """

    default_error_messages = {
        "does_not_exist": NOT_VISIBLE_MESSAGE,
        "incorrect_type": _("应为整数 id，收到 {data_type}。"),
    }

    def __init__(self, model, *, scope=None, **kwargs):
        self.model = model
        self.scope = scope  # optional callable(user) -> queryset, for models without visible_to
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if self.scope is not None:
            return self.scope(user)
        return self.model.objects.visible_to(user)

    def to_internal_value(self, data):
        # An id outside what the schema allows is a malformed request (400), not an unseen object.
        if isinstance(data, int) and not isinstance(data, bool):
            message = int_error(str(data), minimum=1, maximum=MAX_ID)
            if message:
                raise serializers.ValidationError(message, code="invalid")
        return super().to_internal_value(data)

    # The real queryset depends on the request (get_queryset); this empty one only tells
    # DRF's checks and drf-spectacular which model the id belongs to.
    @property
    def queryset(self):
        return self.model._default_manager.none()

    @queryset.setter
    def queryset(self, value):
        pass


class VersionMixin(serializers.Serializer):
    """Optimistic locking: the version the caller read; a stale one is refused with 409."""

    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("读取时的版本号（乐观锁）；若对象已被他人修改，返回 409"),
    )


class CommentSerializer(InputSerializer, VersionMixin):
    comment = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("意见"))


# ---------------------------------------------------------------------------------------------
# Viewsets


class ScopedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Read-only list and detail over ``model.objects.visible_to(request.user)``.

    Subclasses declare ``model``, ``serializer_class``, ``filterset_class``, ``select_related``
    and ``prefetch_related`` so that a list page costs a fixed number of queries, and add
    ``create``/``update``/actions that call one service each.
    """

    model = None
    pagination_class = Pagination
    # Ids are integers, so paths like /stats/summary/ never read as a detail.
    lookup_value_regex = "[0-9]+"
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple = ()
    detail_prefetch_related: tuple = ()  # only for single objects (detail, results of writes)
    detail_serializer_class = None

    def visible(self):
        return self.model.objects.visible_to(self.request.user)

    def prefetches(self) -> tuple:
        if self.action == "list":
            return tuple(self.prefetch_related)
        return (*self.prefetch_related, *self.detail_prefetch_related)

    def decorate(self, queryset):
        """Joins, prefetches and annotations the output serializer needs."""
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        prefetches = self.prefetches()
        if prefetches:
            queryset = queryset.prefetch_related(*prefetches)
        return queryset

    def get_queryset(self):
        return self.ordered(self.decorate(self.visible()))

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    # -- reads --------------------------------------------------------------------------------

    def ordered(self, queryset):
        # The model's ordering with the primary key last, so that pages never overlap.
        ordering = list(self.model._meta.ordering)
        if not any(field.lstrip("-") in ("pk", "id") for field in ordering):
            ordering.append("-pk")
        return queryset.order_by(*ordering)

    def list(self, request, *args, **kwargs):
        # Filter and page the bare table; join and annotate only the page's rows.
        queryset = self.filter_queryset(self.ordered(self.visible()))
        paginator = self.paginator
        paginator.django_paginator_class = partial(
            TwoStepPaginator, load_rows=lambda ids: self.decorate(self.model.objects.filter(pk__in=ids))
        )
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else self.decorate(queryset))
        self.after_read(rows, detail=False)
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        self.after_read([instance], detail=True)
        return Response(self.get_serializer(instance).data)

    def after_read(self, rows, *, detail: bool) -> None:
        """Hook for audit logging of the rows a read returns (clues)."""

    # -- writes -------------------------------------------------------------------------------

    def parse(self, serializer_class, *, partial: bool = False) -> dict:
        """Validate the request body with an input serializer; return the service's kwargs."""
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context(), partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def respond(self, instance, status_code: int = status.HTTP_200_OK) -> Response:
        """Render a service's result as the output serializer, re-read with its joins and annotations."""
        shown = self.decorate(self.visible()).filter(pk=instance.pk).first()
        if shown is None:
            # The write took the object out of the caller's sight (e.g. a clue written by a
            # group member): render what the service returned, without the computed fields.
            if self.prefetches():
                prefetch_related_objects([instance], *self.prefetches())
            shown = instance
        self.after_read([shown], detail=True)
        serializer_class = self.detail_serializer_class or self.serializer_class
        return Response(serializer_class(shown, context=self.get_serializer_context()).data, status=status_code)
