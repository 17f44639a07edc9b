"""`POST /api/v1/auth/token/`: a token for username + password (+ the TOTP code where one is due)."""

from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from accounts.otp import otp_required
from config.api import ERROR_RESPONSES


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


class TokenView(ObtainAuthToken):
    serializer_class = TokenRequestSerializer

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer, **ERROR_RESPONSES})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
