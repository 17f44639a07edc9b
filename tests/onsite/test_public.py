"""The public channel (码上巡察): no sign-in, shows only the round's public notice, lands reports
as letters for triage, tells a query code's status and nothing more, refuses what it must (closed
channel, non-image attachments, floods) — and nothing of the registers is readable unsigned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from onsite.choices import LetterChannel, LetterStatus
from onsite.models import Letter, PublicChannel, Talk
from onsite.public import address_hash
from tests.factories import PDF

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def fresh_limits(settings):
    cache.clear()  # the limiter's counters live in Redis
    settings.ONSITE_PUBLIC_RATE_PER_ADDRESS = 50
    settings.ONSITE_PUBLIC_RATE_OVERALL = 1000


@pytest.fixture
def channel(w, web):
    response = web(w.leader_x).post(
        f"/onsite/assignments/{w.asg_u.pk}/channel/",
        {"opens_on": TODAY - dt.timedelta(days=1), "closes_on": TODAY + dt.timedelta(days=20)},
    )
    assert response.status_code == 302
    return PublicChannel.objects.get(assignment=w.asg_u)


def report(client, channel, address="10.1.1.1", **extra):
    data = {"subject": "反映某局长违规吃喝", "text": "2026年多次公款吃喝。", "captcha_0": "x", "captcha_1": "PASSED"}
    data.update(extra)
    return client.post(f"/public/reports/{channel.token}/", data, REMOTE_ADDR=address)


def test_only_the_leader_or_a_manager_opens_the_channel(w, web):
    body = {"opens_on": TODAY, "closes_on": TODAY + dt.timedelta(days=5)}
    web(w.insp_x).post(f"/onsite/assignments/{w.asg_u.pk}/channel/", body)
    assert not PublicChannel.objects.exists()
    web(w.sup_a).post(f"/onsite/assignments/{w.asg_u.pk}/channel/", body)
    assert PublicChannel.objects.filter(assignment=w.asg_u).count() == 1


def test_a_public_report_lands_in_the_register_and_tells_its_status_only(w, api, channel):
    client = Client()
    page = client.get(f"/public/reports/{channel.token}/", REMOTE_ADDR="10.1.1.1")
    assert page.status_code == 200
    text = page.content.decode()
    assert w.unit_u.name in text and str(w.round_a) in text and channel.closes_on.isoformat() in text
    assert "leader_x" not in text and "insp_x" not in text  # no member, nothing of the register

    response = report(client, channel, name="张三", phone="13800000000")
    assert response.status_code == 201, response.content.decode()[:500]
    letter = Letter.objects.get()
    assert (letter.channel, letter.status, letter.group, letter.created_by) == (
        LetterChannel.PUBLIC, LetterStatus.RECEIVED, w.group_x, None)  # fmt: skip
    assert letter.query_code in response.content.decode()
    assert letter.reporter_name == "张三" and not letter.anonymous

    status = client.get(f"/public/reports/status/{letter.query_code}/", REMOTE_ADDR="10.1.1.1")
    assert status.status_code == 200 and "已受理" in status.content.decode()
    assert "公款吃喝" not in status.content.decode() and "违规" not in status.content.decode()

    # The group leader sees it in the register and makes it a clue: the reporter still reads 已受理.
    assert api(w.leader_x).ids("letters/") == [letter.pk]
    assert api(w.leader_x).post(f"letters/{letter.pk}/to-clue/", {}).status_code == 200
    assert "已受理" in client.get(f"/public/reports/status/{letter.query_code}/").content.decode()


def test_status_follows_hand_over_and_close(w, api, channel):
    client = Client()
    report(client, channel)
    letter = Letter.objects.get()
    api(w.leader_x).post(f"letters/{letter.pk}/hand-over/", {"handed_to": "县纪委", "reply_due": "2027-01-10"})
    assert "处理中" in client.get(f"/public/reports/status/{letter.query_code}/").content.decode()
    api(w.leader_x).post(f"letters/{letter.pk}/reply/", {"received_on": TODAY.isoformat(), "reply": "已办结"})
    assert "已办结" in client.get(f"/public/reports/status/{letter.query_code}/").content.decode()
    assert client.get("/public/reports/status/NOSUCHCODE99/").status_code == 404


def test_an_anonymous_report_keeps_no_name_and_no_address(w, channel):
    report(Client(), channel, address="10.9.9.9")
    letter = Letter.objects.get()
    assert letter.anonymous and letter.reporter_name == letter.reporter_phone == ""
    stored = " ".join(str(value) for value in Letter.objects.values_list().get())
    assert "10.9.9.9" not in stored and address_hash("10.9.9.9") not in stored


def test_the_channel_closes_after_the_reporting_period(w, channel):
    channel.closes_on = TODAY - dt.timedelta(days=1)
    channel.opens_on = TODAY - dt.timedelta(days=10)
    channel.save()
    client = Client()
    page = client.get(f"/public/reports/{channel.token}/")
    assert page.status_code == 404 and "受理期已结束" in page.content.decode()
    assert report(client, channel).status_code == 404
    assert client.get("/public/reports/not-a-token/").status_code == 404
    assert not Letter.objects.exists()


def test_attachments_are_images_or_pdfs_checked_by_content(w, channel, settings):
    client = Client()
    pdf = SimpleUploadedFile("材料.pdf", PDF, content_type="application/pdf")
    assert report(client, channel, files=[pdf]).status_code == 201
    assert Letter.objects.get().attachments.get().content_type == "application/pdf"

    fake = SimpleUploadedFile("photo.png", b"MZ this is no image", content_type="image/png")
    response = report(client, channel, files=[fake])
    assert response.status_code == 400
    settings.ONSITE_PUBLIC_MAX_FILE_BYTES = 10
    big = SimpleUploadedFile("big.pdf", PDF, content_type="application/pdf")
    response = report(client, channel, files=[big])
    assert response.status_code == 400 and "超过" in response.content.decode()
    assert Letter.objects.count() == 1


def test_a_wrong_captcha_stores_nothing(w, channel):
    response = report(Client(), channel, captcha_1="WRONG")
    assert response.status_code == 400 and not Letter.objects.exists()


def test_a_flood_from_one_address_gets_429_while_another_address_passes(w, channel, settings):
    settings.ONSITE_PUBLIC_RATE_PER_ADDRESS = 5
    flooder, other = Client(), Client()
    answers = [report(flooder, channel, address="10.6.6.6").status_code for _ in range(12)]
    assert answers[:5] == [201] * 5 and set(answers[5:]) == {429}
    refused = report(flooder, channel, address="10.6.6.6")
    assert refused.status_code == 429 and "请求过于频繁" in refused.content.decode()
    assert refused["Retry-After"] == "60"
    assert report(other, channel, address="10.7.7.7").status_code == 201
    assert Letter.objects.count() == 6  # nothing lost: every accepted report is there


def test_the_overall_limit_holds_for_every_address(w, channel, settings):
    settings.ONSITE_PUBLIC_RATE_OVERALL = 3
    client = Client()
    codes = [client.get(f"/public/reports/{channel.token}/", REMOTE_ADDR=f"10.2.0.{n}").status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_unsigned_visitors_read_no_entry_through_any_url(w, api, channel):
    report(Client(), channel)
    letter = Letter.objects.get()
    talk = Talk.objects.create(
        assignment=w.asg_u, created_by=w.insp_x, talked_on=TODAY, talkers="甲", summary="谈话摘要", person_name="王某",
        office=w.round_a.office, home_office=w.unit_u.office, round=w.round_a, unit=w.unit_u, group=w.group_x,
    )  # fmt: skip
    client = Client()
    for url in (
        "/onsite/letters/",
        f"/onsite/letters/{letter.pk}/",
        f"/onsite/assignments/{w.asg_u.pk}/",
        f"/onsite/channels/{channel.pk}/qr.svg",
        "/api/v1/letters/",
        f"/api/v1/letters/{letter.pk}/",
        f"/api/v1/talks/{talk.pk}/",
        "/api/v1/talks/",
        "/api/v1/visits/",
        "/api/v1/document-checks/",
        "/api/v1/spot-checks/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 401, 403), url
        body = response.content.decode()
        assert "公款吃喝" not in body and "谈话摘要" not in body and "王某" not in body, url
    # Nor through the public pages: the status page names the status only.
    status = client.get(f"/public/reports/status/{letter.query_code}/").content.decode()
    assert letter.subject not in status and w.group_x.__str__() not in status


def test_the_notice_block_has_the_qr_code_and_the_short_link(w, web, channel):
    import io

    from docx import Document

    leader = web(w.leader_x)
    svg = leader.get(f"/onsite/channels/{channel.pk}/qr.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = leader.get(f"/onsite/channels/{channel.pk}/qr.png?download=1")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    page = leader.get(f"/onsite/assignments/{w.asg_u.pk}/").content.decode()
    assert f"/public/reports/{channel.token}/" in page
    notice = leader.get(f"/onsite/channels/{channel.pk}/notice.docx")
    document = Document(io.BytesIO(notice.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert w.unit_u.name in text and f"/public/reports/{channel.token}/" in text
    assert len(document.inline_shapes) == 1  # the QR code
    # Outside the group and the office: no code, no link.
    assert web(w.insp_y).get(f"/onsite/channels/{channel.pk}/qr.svg").status_code == 404
    assert web(w.liaison_u).get(f"/onsite/channels/{channel.pk}/notice.docx").status_code == 404
