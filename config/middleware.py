from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.translation import gettext as _

from config.parsers import json_max_bytes, too_large_message


class ChineseFirstLocaleMiddleware:
    """Chinese unless the user chose English with the language switch (its cookie).

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not consulted: an
    office PC with an English browser still gets the Chinese the users work in.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class RequestLimitsMiddleware:
    """Refuses a request before anything reads its body or parameters:

    - a declared body (Content-Length) larger than ``REQUEST_MAX_BYTES``, or an API JSON body
      larger than ``API_JSON_MAX_BYTES``: 413, so an oversized upload is not first received whole
      (the proxy's ``client_max_body_size`` refuses it even earlier, see docs/operations.md);
    - a NUL character in a query or form parameter (name or value): 400. PostgreSQL cannot store
      or compare NUL in text, so such a filter or search would otherwise end in a server error.
      An API upload (multipart under /api/) is not parsed here, before its sender is known: its
      text fields are checked by the serializers, which refuse NUL too. (Pages' forms are parsed
      before the view by the CSRF check anyway.)
    - a form over DATA_UPLOAD_MAX_MEMORY_SIZE (413) or with too many fields (400), readably.

    Under ``/api/`` the answer is the API's JSON error shape, elsewhere a short readable page.
    """

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = getattr(settings, "REQUEST_MAX_BYTES", 100 * 1024 * 1024)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            message = _("提交的内容超过 %(limit)s MB，未处理。请减小文件后重试。") % {"limit": limit // (1024 * 1024)}
            return self.refuse(request, 413, message, "request_too_large")
        if request.path.startswith("/api/") and "json" in request.content_type and length > json_max_bytes():
            return self.refuse(request, 413, too_large_message(), "request_too_large")
        try:
            nul = _has_nul(request.GET) or (self.parses_form(request) and _has_nul(request.POST))
        except RequestDataTooBig:
            return self.refuse(request, 413, _("提交的表单内容过大，未处理。"), "request_too_large")
        except (SuspiciousOperation, MultiPartParserError):  # too many fields or files, a broken body
            return self.refuse(request, 400, _("提交的表单内容无法解析，未处理。"), "invalid")
        if nul:
            return self.refuse(request, 400, _("提交的内容含有不允许的空字符（NUL），未处理。"), "invalid")
        return self.get_response(request)

    def parses_form(self, request) -> bool:
        if request.content_type == self.FORM_TYPES[1]:
            return not request.path.startswith("/api/")
        return request.content_type == self.FORM_TYPES[0]

    @staticmethod
    def refuse(request, status: int, message: str, code: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": code}, status=status)
        page = format_html(
            '<!doctype html><html lang="{}"><meta charset="utf-8"><title>{}</title><h1>{}</h1><p>{}</p>'
            '<p><a href="/">{}</a></p></html>',
            translation.get_language() or settings.LANGUAGE_CODE,
            _("请求未处理"),
            _("请求未处理"),
            message,
            _("回到工作台"),
        )
        return HttpResponse(page, status=status)


def _has_nul(params) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in params.lists())
