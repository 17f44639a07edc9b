"""Security headers on every page: CSP without inline scripts, nosniff, referrer policy, no framing."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/api/docs/", "/healthz"])
def test_security_headers(client, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_carry_no_inline_script(client, django_user_model):
    user = django_user_model.objects.create_user(username="viewer", password="x")
    client.force_login(user)
    for path in ("/login/", "/", "/api/docs/"):
        html = client.get(path).content.decode()
        assert "<script>" not in html and "<script type=\"text/javascript\">" not in html, path
