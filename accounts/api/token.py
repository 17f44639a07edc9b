"""`POST /api/v1/auth/token/`: a token for username + password (+ the TOTP code where one is due).

The same sign-in rules as the web page (accounts/security.py): once the web page would ask for a
captcha (which an API client cannot answer), or the username is locked from this address, the
endpoint answers 429 with ``Retry-After`` before it looks at the password. No token is issued to a
user who owes a password change (accounts/tokens.py).
"""

from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from accounts.otp import otp_required
from accounts.security import captcha_required, retry_after, signin_locked
from accounts.tokens import PASSWORD_CHANGE_OWED, issue_token
from config.api import ERROR_RESPONSES, ErrorSerializer


class TokenRequestSerializer(AuthTokenSerializer):
    username = serializers.CharField(write_only=True, help_text=_("用户名"))
    password = serializers.CharField(
        write_only=True, style={"input_type": "password"}, trim_whitespace=False, help_text=_("密码")
    )
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        help_text=_("动态验证码（已绑定身份验证器或角色要求时必填）"),
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        user = attrs["user"]
        if user_has_device(user, confirmed=True) or otp_required(user):
            code = (attrs.get("otp") or "").strip()
            if not code or match_token(user, code) is None:
                raise serializers.ValidationError({"otp": [_("请输入正确的动态验证码。")]})
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("接口令牌，放在请求头 Authorization: Token <token>"))


class SignInThrottled(exceptions.APIException):
    """429 with Retry-After (the API's exception handler keeps the header)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "throttled"

    def __init__(self, detail, code: str, wait: int):
        super().__init__(detail, code)
        self.wait = wait


LOCKED_OUT = _("登录失败次数过多，该账户已被临时锁定，请稍后再试。")
CAPTCHA_DUE = _("登录失败次数过多，请稍后再试，或在网页登录页输入验证码登录。")
THROTTLED = OpenApiResponse(
    ErrorSerializer,
    description=_("登录失败次数过多：请按 Retry-After 头所示的秒数后再试（code 为 locked_out 时账户已被临时锁定）"),
)


class TokenView(ObtainAuthToken):
    serializer_class = TokenRequestSerializer

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **ERROR_RESPONSES, 429: THROTTLED},
        parameters=[
            OpenApiParameter(
                "Retry-After",
                int,
                OpenApiParameter.HEADER,
                response=[429],
                description=_("多少秒后可以再试"),
            )
        ],
    )
    def post(self, request, *args, **kwargs):
        data = request.data if hasattr(request.data, "get") else {}
        username = str(data.get("username") or "")
        if "\x00" in username:  # PostgreSQL cannot compare it: refuse before the sign-in checks look it up
            raise exceptions.ValidationError({"username": [ProhibitNullCharactersValidator.message]})
        if signin_locked(request, username):
            raise SignInThrottled(LOCKED_OUT, "locked_out", retry_after(request, username))
        if captcha_required(request, username):
            raise SignInThrottled(CAPTCHA_DUE, "throttled", retry_after(request, username))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if user.must_change_password:
            raise exceptions.PermissionDenied(PASSWORD_CHANGE_OWED, code="password_change_required")
        return Response({"token": issue_token(user).key})
