"""Helpers of the rectification screens: running a service for a form with the version kept, serving a stored file."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts.scopes import require_manager
from core.errors import ConflictError
from core.web import call_service


def call(request: HttpRequest, form, func: Callable, *, field_map: Callable | None = None, **kwargs):
    """Run one service for a form (core.web.call_service: field errors, 403 and
    application errors as messages); returns (result, status, conflict).

    ``field_map`` renames the fields a service's ValidationError names (None: a message without
    a field) to the form's field names. ``conflict`` is True when the refusal was a stale version.
    """
    conflict = False

    def wrapped(**kw):
        nonlocal conflict
        try:
            return func(**kw)
        except ConflictError:
            conflict = True
            raise
        except ValidationError as exc:
            if field_map is None:
                raise
            if hasattr(exc, "error_dict"):
                raise ValidationError({field_map(key): errors for key, errors in exc.error_dict.items()}) from exc
            raise ValidationError({field_map(None): exc.messages}) from exc

    result, status = call_service(request, form, wrapped, **kwargs)
    return result, status, conflict


def with_version(data, version: int):
    """The submitted data with the object's current version (after a conflict)."""
    data = data.copy()
    data["version"] = str(version)
    return data


def file_response(file, name: str, content_type: str) -> FileResponse:
    """A stored upload as a download: its own type, the original (Chinese) name, never sniffed."""
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("文件不存在或已被移除。")) from exc
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def require_reviewer(request: HttpRequest, office_id: int, what: str) -> None:
    require_manager(request.user, office_id, what)
