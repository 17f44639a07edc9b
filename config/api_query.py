"""Strict reading of the API's query string: what the OpenAPI schema declares is what is accepted.

The FilterSets are shared with the HTML lists, whose forms send every filter, empty when unused;
there an empty value means "any". An API client has no form: an empty or malformed value is a
mistake, answered 400 in the API's error shape instead of being silently ignored:

- a typed filter (date, number, boolean, choice, object id) given empty;
- a boolean other than ``true``/``false``, a date other than ``YYYY-MM-DD``, an object id that is
  not a positive integer;
- ``page`` or ``page_size`` that is not a positive integer, ``page_size`` above the maximum.

An object id the caller cannot see (or that does not exist) answers 404, as everywhere in the API.

Kept apart from :mod:`config.api` because DRF reads ``DEFAULT_FILTER_BACKENDS`` while its generic
views are being imported, and :mod:`config.api` imports those views.
"""

from __future__ import annotations

import re

import django_filters as filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, serializers, status

from core.filters import IntegerFilter

NOT_VISIBLE_MESSAGE = _("不存在或无权访问。")

MAX_ID = 2**63 - 1  # ids are PostgreSQL bigints; whole-number filters take the same range
MIN_INT = -(2**63)
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
BOOLEANS = {"true": "true", "false": "false"}


class NotVisible(exceptions.APIException):
    """An object id (in a filter or a request body) the caller cannot see: 404, naming the fields."""

    status_code = status.HTTP_404_NOT_FOUND
    default_code = "not_found"

    def __init__(self, errors: dict):
        super().__init__(NOT_VISIBLE_MESSAGE, self.default_code)
        self.errors = errors


def _messages(field_class, **kwargs) -> dict:
    """DRF's own (translated) messages, so that the query string reads like a request body."""
    return field_class(**kwargs).error_messages


def int_error(raw: str, *, minimum: int, maximum: int):
    """Why ``raw`` is not a whole number from ``minimum`` to ``maximum`` (DRF's message), or None."""
    messages = _messages(serializers.IntegerField, min_value=minimum, max_value=maximum)
    if not re.fullmatch(r"-?[0-9]+", raw):
        return messages["invalid"]
    digits = raw.lstrip("-").lstrip("0") or "0"
    too_long = len(digits) > len(str(max(abs(minimum), abs(maximum))))  # no int() of a huge string
    value = None if too_long else int(digits) * (-1 if raw.startswith("-") else 1)
    if (too_long and raw.startswith("-")) or (value is not None and value < minimum):
        return messages["min_value"].format(min_value=minimum)
    if too_long or value > maximum:
        return messages["max_value"].format(max_value=maximum)
    return None


def positive_int(request, name: str, *, maximum: int = MAX_ID) -> int | None:
    """The query parameter ``name`` as an integer from 1 to ``maximum``; None when absent; 400 otherwise."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    message = int_error(raw, minimum=1, maximum=maximum)
    if message:
        raise exceptions.ValidationError({name: [message]})
    return int(raw)


def reject_blank(query_params, names) -> None:
    """400 for any of ``names`` given empty (a query serializer would read it as absent)."""
    blank = _messages(serializers.CharField)["blank"]
    errors = {name: [blank] for name in names if "" in query_params.getlist(name)}
    if errors:
        raise exceptions.ValidationError(errors)


def _is_text(filter_field) -> bool:
    """A free-text filter (search, exact text): an empty value is a valid string."""
    return isinstance(filter_field, filters.CharFilter) and not isinstance(filter_field, filters.ChoiceFilter)


def _is_reference(filter_field) -> bool:
    return isinstance(filter_field, (filters.ModelChoiceFilter, filters.ModelMultipleChoiceFilter))


def _raw_value_error(filter_field, value: str):
    """Why a raw query value does not have the type the schema gives the filter, or None."""
    if value == "":
        return _messages(serializers.CharField)["blank"]
    if isinstance(filter_field, filters.OrderingFilter):
        # A comma-separated list of the names the form checks; an empty name between commas
        # (",", "id,") is none of them (the form would skip it).
        if "" in value.split(","):
            return _messages(serializers.ChoiceField, choices=[])["invalid_choice"].format(input="")
        return None
    if isinstance(filter_field, filters.BooleanFilter) and value not in BOOLEANS:
        return _messages(serializers.BooleanField)["invalid"]
    if isinstance(filter_field, filters.DateFilter) and not ISO_DATE.fullmatch(value):
        return _messages(serializers.DateField)["invalid"].format(format="YYYY-MM-DD")
    if isinstance(filter_field, IntegerFilter):
        return int_error(value, minimum=MIN_INT, maximum=MAX_ID)
    if _is_reference(filter_field):
        return int_error(value, minimum=1, maximum=MAX_ID)
    return None


def raw_value_errors(filterset, query_params) -> dict:
    """The filters whose raw values a typed filter cannot take (see the module docstring)."""
    errors = {}
    for name, filter_field in filterset.filters.items():
        if name not in query_params or _is_text(filter_field):
            continue
        for value in query_params.getlist(name):
            message = _raw_value_error(filter_field, value)
            if message:
                errors[name] = [str(message)]
                break
    return errors


def _unseen_references(filterset) -> dict | None:
    """When every error of the filterset is an object id not among the visible ones, those fields."""
    unseen = {}
    for name, field_errors in filterset.form.errors.as_data().items():
        if not _is_reference(filterset.filters.get(name)):
            return None
        if any(error.code not in ("invalid_choice", "invalid_pk_value") for error in field_errors):
            return None
        unseen[name] = [NOT_VISIBLE_MESSAGE]
    return unseen or None


class ApiFilterBackend(DjangoFilterBackend):
    """django-filter for the API, reading the query string strictly (module docstring)."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        malformed = raw_value_errors(filterset, request.query_params)
        if filterset.is_valid() and not malformed:
            return filterset.qs
        unseen = None if malformed else _unseen_references(filterset)
        if unseen:
            raise NotVisible(unseen)
        errors = {name: [str(message) for message in messages] for name, messages in filterset.errors.items()}
        raise exceptions.ValidationError({**errors, **malformed})
