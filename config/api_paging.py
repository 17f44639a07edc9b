"""Pagination of the API's lists: page-number pages (``?page=2&page_size=100``) whose counts are
exact up to a bound and estimated past it (core/paging.py), and the two-step paginator that takes a
page's ids from the bare filtered table before loading its rows with their joins."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination

from config.api_query import MAX_ID, positive_int
from core.paging import (
    EstimatingPaginator,
    branch_page,
    dense,
    exact_from_page,
    filter_first,
    recent_page,
    sampled_page,
)


class TwoStepPaginator(EstimatingPaginator):
    """Pages a big table in two steps: first the page's primary keys from the filtered table
    alone (no joins), then the page's rows with their joins and annotations.

    When the filtered set is small next to the table (a county, a group's issues), the ids are
    taken filter-first (``core.paging.filter_first``); a dense set keeps the plain order, where
    the backward walk is the fast plan (``core.paging.dense``).
    """

    def dense(self) -> bool:
        return dense(self.object_list, self.count)

    def __init__(self, object_list, per_page, *, load_rows, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.load_rows = load_rows

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        ids_query = self.object_list.values_list("pk", flat=True)
        ids = sampled_page(self, bottom, top)
        if ids is None and not self.dense():
            ids = branch_page(self.object_list, self.count, bottom, top)
            if ids is None:
                ids = recent_page(
                    self.object_list, self.count, bottom, top, select=lambda rows: rows.values_list("pk", flat=True)
                )
            ids_query = filter_first(ids_query)
        if ids is None:
            ids = list(ids_query[bottom:top])
        exact_from_page(self, bottom, len(ids), top - bottom)
        rows = {row.pk: row for row in self.load_rows(ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


class Pagination(PageNumberPagination):
    """Page-number pagination: ``?page=2&page_size=100`` (default 50, at most 200).

    Both are positive integers, ``page_size`` at most 200; anything else is a 400 naming the
    parameter (not silently the default), and a page past the last one a 404.
    """

    django_paginator_class = EstimatingPaginator
    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = _("每页条数（默认 50，最多 200）")
    page_query_description = _("页码")
    max_page_size = 200
    last_page_strings = ()  # the schema says integer: no "page=last"

    def get_page_size(self, request):
        size = positive_int(request, self.page_size_query_param, maximum=self.max_page_size)
        return self.page_size if size is None else size

    def get_page_number(self, request, paginator):
        return positive_int(request, self.page_query_param) or 1

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1, "maximum": MAX_ID},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_estimate"] = bool(getattr(self.page.paginator, "estimated", False))
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_estimate"] = {"type": "boolean"}
        schema["required"] = [*schema.get("required", []), "count_is_estimate"]
        descriptions = {
            "count": _("符合条件的总条数"),
            "next": _("下一页地址；没有时为空"),
            "previous": _("上一页地址；没有时为空"),
            "results": _("本页数据"),
            "count_is_estimate": _("总条数超过一万条（可设置）时为数据库的估计值（约数），此时为 true"),
        }
        for name, description in descriptions.items():
            schema["properties"][name]["description"] = description
        return schema
