"""Screenshots of the demo's common issues, campaigns, similar findings and recurrences (issue 13).

``python bench/screenshots.py BASE_URL [--out docs/img] [--user supervisor]`` signs in to a running
demo instance (``manage.py seed_demo``) as the city office's supervisor through the login form and,
with Playwright driving Debian's Chromium at 1440×900, saves to ``docs/img/``:

- ``common-issues.png``: the common issue list ``/common-issues/``;
- ``common-issue.png``: the common issue covering the most units;
- ``campaigns.png`` and ``campaign.png``: the campaign list and the first campaign;
- ``similar.png``: a finding of that common issue, scrolled to its 相似问题 panel (loaded by htmx);
- ``suggestions.png``: 建议归并 for the round of that finding, after its htmx content loads;
- ``recurrences.png``: a unit's record at its 屡查屡犯 block, if the demo has a recurrence.

The pages to show are picked through the JSON API with the same session (``/api/v1/common-issues/``,
``/api/v1/campaigns/``, ``/api/v1/issues/{id}/``, ``/api/v1/recurrences/``). If the login form
asks for a captcha (after failed sign-ins), the script instead makes a session with Django's test
client in the same database (run it inside ``config.embedded`` so DATABASE_URL and REDIS_URL are
those of the server) and hands its cookie to the browser.

Images: PNG at device scale 1, long pages cut at ``MAX_HEIGHT``; an image over ``MAX_BYTES`` is
saved as JPEG (quality 70) instead.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Page, sync_playwright

BASE_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
VIEWPORT = {"width": 1440, "height": 900}
MAX_HEIGHT = 2400  # px of a full page kept
MAX_BYTES = 400_000
PASSWORD = os.environ.get("DEMO_PASSWORD", "xuncha-demo")


def _results(data):
    return data["results"] if isinstance(data, dict) and "results" in data else data


class Shooter:
    def __init__(self, page: Page, base: str, out: Path):
        self.page, self.base, self.out = page, base.rstrip("/"), out
        self.saved: list[tuple[Path, str]] = []

    def api(self, path: str):
        response = self.page.request.get(f"{self.base}{path}")
        if not response.ok:
            raise RuntimeError(f"GET {path}: {response.status}")
        return response.json()

    def goto(self, path: str) -> None:
        response = self.page.goto(f"{self.base}{path}", wait_until="networkidle")
        if response is None or not response.ok:
            raise RuntimeError(f"GET {path}: {response.status if response else 'no response'}")

    def save(self, name: str, what: str, *, full_page: bool = True, max_height: int = MAX_HEIGHT) -> Path:
        if full_page:
            height = min(self.page.evaluate("document.documentElement.scrollHeight"), max_height)
            clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height}
            shot = lambda **kw: self.page.screenshot(full_page=True, clip=clip, **kw)  # noqa: E731
        else:
            shot = lambda **kw: self.page.screenshot(**kw)  # noqa: E731
        path = self.out / f"{name}.png"
        path.write_bytes(shot(type="png"))
        if path.stat().st_size > MAX_BYTES:
            path.unlink()
            path = self.out / f"{name}.jpg"
            path.write_bytes(shot(type="jpeg", quality=70))
        self.saved.append((path, what))
        print(f"{path.relative_to(BASE_DIR) if path.is_relative_to(BASE_DIR) else path}  "
              f"{path.stat().st_size // 1024} KB  {what}")  # fmt: skip
        return path


def sign_in(page: Page, base: str, username: str) -> None:
    """Through the login form; if it shows a captcha, with a session made by Django's test client."""
    page.goto(f"{base}/login/")
    if page.locator("input[name^=captcha]").count() == 0:
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_load_state("networkidle")
        if "/login/" not in page.url:
            return
    print("login form refused or asked for a captcha: signing in with a Django session", file=sys.stderr)
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    # Playwright's sync API runs an event loop in this thread; these few ORM calls are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "domain": urlparse(base).hostname, "path": "/"}]
    )
    page.goto(f"{base}/")
    if "/login/" in page.url:
        raise RuntimeError("could not sign in")


def shoot(shooter: Shooter) -> None:
    page = shooter.page
    # (a) the common issue list
    shooter.goto("/common-issues/")
    shooter.save("common-issues", "共性问题 list, city supervisor")

    # (b) the common issue covering the most units
    commons = _results(shooter.api("/api/v1/common-issues/?page_size=100"))
    if not commons:
        raise RuntimeError("the demo has no common issue")
    widest = max(commons, key=lambda c: (c["progress"]["units"], -c["id"]))
    shooter.goto(f"/common-issues/{widest['id']}/")
    shooter.save("common-issue", f"共性问题 {widest['title']} ({widest['progress']['units']} units)")

    # (c) campaigns
    shooter.goto("/campaigns/")
    shooter.save("campaigns", "专项治理 list")
    campaigns = _results(shooter.api("/api/v1/campaigns/?page_size=100"))
    if campaigns:
        # the campaign that reaches the most common issues (then the most units)
        campaign = max(campaigns, key=lambda c: (len(c["common_issues"]), len(c["target_units"]), -c["id"]))
        shooter.goto(f"/campaigns/{campaign['id']}/")
        shooter.save("campaign", f"专项治理 {campaign['title']}")

    # (d) a finding of that common issue, at its 相似问题 panel
    findings = shooter.api(f"/api/v1/common-issues/{widest['id']}/")["findings"]
    finding = findings[0]
    shooter.goto(f"/issues/{finding['id']}/")
    panel = page.locator("[hx-get*='/similar/issues/']")
    page.wait_for_function(
        "el => !el.textContent.includes('正在查找相似问题')", arg=panel.element_handle(), timeout=30_000
    )
    page.wait_for_load_state("networkidle")
    panel.scroll_into_view_if_needed()
    page.evaluate(
        "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 200)", panel.element_handle()
    )
    shooter.save("similar", f"问题 {finding['code']} ({finding['unit_name']}): 相似问题", full_page=False)

    # (e) suggested clusters for the round of that finding
    round_id = shooter.api(f"/api/v1/issues/{finding['id']}/")["round"]
    shooter.goto(f"/common-issues/suggestions/?round={round_id}")
    page.wait_for_function(
        "() => { const el = document.querySelector('#suggestions'); return el && !el.hasAttribute('hx-get') "
        "|| (el && el.querySelector('table, .card, p')); }",
        timeout=60_000,
    )
    page.wait_for_load_state("networkidle")
    shooter.save("suggestions", f"建议归并, round {round_id}", max_height=1600)

    # (f) a unit's record at its 屡查屡犯 block
    recurrences = _results(shooter.api("/api/v1/recurrences/"))
    if recurrences:
        unit = recurrences[0]["unit"]
        shooter.goto(f"/rectification/units/{unit}/")
        block = page.locator("#recurrences")
        if block.count():
            page.evaluate(
                "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 80)", block.element_handle()
            )
            shooter.save("recurrences", f"单位 {recurrences[0]['unit_name']}: 屡查屡犯", full_page=False)
    else:
        print("no recurrence in the demo: (f) skipped")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--out", type=Path, default=BASE_DIR / "docs" / "img")
    parser.add_argument("--user", default="supervisor")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    base = args.base_url.rstrip("/")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        )  # fmt: skip
        try:
            context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1, locale="zh-CN")
            page = context.new_page()
            page.set_default_timeout(60_000)
            sign_in(page, base, args.user)
            shoot(Shooter(page, base, args.out))
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
