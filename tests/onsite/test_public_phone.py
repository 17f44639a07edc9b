"""A public report from a 390 px phone in a real Chromium, no sign-in (issue 17, “Done when”): the
report appears in the group's register at once, becomes a clue with one action, and the reporter's
status page says 已受理. Every page stays inside the screen."""

import datetime as dt
import time

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from inspections import deadlines
from onsite import services
from onsite.choices import LetterChannel, LetterStatus
from onsite.models import Letter
from onsite.public import channel_open
from tests.e2e.test_phone_liaison import OUTSIDE, PHONE
from tests.factories import make_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_public_report_from_a_phone_becomes_a_clue_and_reads_received(browser, live_server):
    cache.clear()  # the rate limiter's counters
    w = make_world()
    today = deadlines.today()
    channel = channel_open(
        actor=w.group_leader_x, assignment=w.assignment_x, opens_on=today, closes_on=today + dt.timedelta(days=20)
    )
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{live_server.url}/public/reports/{channel.token}/")
    expect(page.locator("#public-notice")).to_contain_text(w.unit_x.name)
    assert page.evaluate(OUTSIDE) == []

    page.fill("#id_subject", "反映某科长吃拿卡要")
    page.fill("#id_text", "办理审批时被暗示“打点”，否则拖延办理。")
    page.fill("#id_captcha_1", "PASSED")  # test mode accepts it
    started = time.monotonic()
    page.locator("#public-report-form button[type=submit]").click()
    code = page.locator("#query-code").inner_text().strip()
    # The report is written before the answer: once the reporter reads his code, the row is in the
    # register (the whole round trip, page rendering included, is timed; generous on a busy CI box).
    letter = Letter.objects.get(query_code=code)
    assert time.monotonic() - started < 3
    assert (letter.channel, letter.status) == (LetterChannel.PUBLIC, LetterStatus.RECEIVED)
    assert letter.group_id == w.group_x.pk
    assert page.evaluate(OUTSIDE) == []

    clue = services.entry_to_clue(actor=w.group_leader_x, entry=letter)
    assert clue.summary == "办理审批时被暗示“打点”，否则拖延办理。"

    page.goto(f"{live_server.url}/public/reports/status/{code}/")
    expect(page.locator("#public-status")).to_contain_text("已受理")
    expect(page.locator("body")).not_to_contain_text("吃拿卡要")
    assert page.evaluate(OUTSIDE) == []
    context.close()
