import pytest
from django.conf import settings

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_user_logs_in_and_sees_chinese_home(page, live_server, demo_accounts, tmp_path):
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
    assert page.locator("h1").inner_text() == "巡察工作平台"

    page.fill("#id_username", "inspector")
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.click("button[type=submit].primary")

    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "工作台"
    assert "欢迎您，张巡察。" in page.content()
    assert page.locator("table.table td").first.inner_text() == "荆州市委巡察办"
    page.screenshot(path=str(tmp_path / "home.png"))


def test_wrong_password_shows_chinese_error(page, live_server, demo_accounts):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "inspector")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit].primary")

    assert page.locator("p.error").inner_text() == "用户名或密码不正确，请重新输入。"
    assert "/login/" in page.url
