"""The rectification journey in a real Chromium: feedback → plan → measure → progress with a PDF
→ report done → returned with a reason → resubmitted → closed out with 纠清治问建 → the whole
timeline; then an audit evaluation graded 基本合格 reopens rectification. Screenshots go to
test-results/screenshots/."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from inspections import deadlines
from inspections.choices import IssueStatus
from inspections.models import Issue
from rectification.choices import Grade, PlanStatus
from rectification.models import Evaluation, Evidence, Plan, Review
from tests.factories import make_issue, make_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-results" / "screenshots"


def small_pdf(text: str = "Rectification evidence") -> bytes:
    """A real one-page PDF (catalogue, page tree, page, content stream, font, xref table)."""
    content = f"BT /F1 18 Tf 20 70 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


@pytest.fixture
def world(tmp_path):
    w = make_world()
    w.issue = make_issue(
        w.assignment_x,
        IssueStatus.CONFIRMED,
        n=1,
        title="工程项目未按规定公开招标",
        facts="2025年某道路工程未经公开招标直接发包。",
    )
    w.other = make_issue(w.assignment_x, IssueStatus.CONFIRMED, n=2, title="公务接待超标准")
    w.pdf = tmp_path / "整改佐证材料.pdf"
    w.pdf.write_bytes(small_pdf())
    w.plan_pdf = tmp_path / "整改方案.pdf"
    w.plan_pdf.write_bytes(small_pdf("Rectification plan"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    return w


def sign_in(browser, live_server, username: str):
    """A browser context of its own per person, signed in through the login form."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the confirm() before close-out
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def shot(page, name: str) -> None:
    page.evaluate("window.scrollTo(0, 0)")  # the sticky top bar stays on top of a full-page shot
    page.screenshot(path=str(SHOTS / f"rectification_{name}.png"), full_page=True)


def flash(page):
    return page.locator("#messages .alert").first


def test_rectification_journey(browser, live_server, world):
    w = world
    today = deadlines.today().isoformat()
    supervisor = sign_in(browser, live_server, "t_supervisor")
    liaison = sign_in(browser, live_server, "t_liaison_x")
    issue_url = f"{live_server.url}/rectification/issues/{w.issue.pk}/"

    # 1. The supervisor records the feedback meeting; the issues go into rectification.
    supervisor.goto(f"{live_server.url}/rectification/")
    supervisor.locator("#awaiting-feedback tr", has_text="市住建局").get_by_role("link", name="登记反馈").click()
    supervisor.fill("#id_meeting_date", today)
    supervisor.fill("#id_attendees", "市委常委、巡察组全体成员、被巡察单位领导班子")
    supervisor.fill("#id_leader_attendance", "1")
    shot(supervisor, "01_feedback_form")
    supervisor.get_by_role("button", name="登记反馈").click()
    expect(flash(supervisor)).to_contain_text("2 个问题进入整改")
    with supervisor.expect_download() as download:
        supervisor.click("#feedback-opinion")
    assert download.value.suggested_filename.endswith(".docx")
    shot(supervisor, "02_assignment_after_feedback")

    # 2. The liaison sees his unit's issues and what is due, and submits the plan with a PDF.
    liaison.goto(f"{live_server.url}/rectification/")
    expect(liaison.locator("#liaison-home")).to_contain_text("工程项目未按规定公开招标")
    expect(liaison.locator("#due-next")).to_contain_text("报送整改方案")
    shot(liaison, "03_liaison_home")
    liaison.locator(".plan-state").get_by_role("link", name="报送整改方案").click()
    liaison.fill("#id_text", "一、成立整改工作领导小组；二、逐项制定整改措施；三、建立长效机制。")
    liaison.set_input_files("#id_attachment", str(w.plan_pdf))
    liaison.locator("#plan-form").get_by_role("button", name="报送").click()
    expect(flash(liaison)).to_contain_text("已报送整改方案（第 1 版）")

    # The supervisor approves it from the queue.
    supervisor.goto(f"{live_server.url}/rectification/queue/?tab=plans")
    expect(supervisor.locator("#queue-count-plans")).to_have_text("1")
    supervisor.locator("#queue-plans").get_by_role("link", name="审核").click()
    supervisor.check("#plan-review-form input[value=approve]")
    supervisor.fill("#plan-review-form textarea", "方案可行，同意实施。")
    supervisor.get_by_role("button", name="提交审核结论").click()
    expect(flash(supervisor)).to_contain_text("整改方案已审核通过")
    assert Plan.objects.get().status == PlanStatus.APPROVED

    # 3. The liaison sets a measure, reports progress with the PDF and reports the issue done.
    liaison.goto(f"{live_server.url}/rectification/")
    liaison.locator("#liaison-home").get_by_role("link", name="工程项目未按规定公开招标").click()
    liaison.click("#measure-panel summary")
    liaison.fill("#id_content", "对该工程重新履行招标程序，追究相关人员责任。")
    liaison.fill("#id_responsible_leader", "王局长")
    liaison.fill("#id_responsible_department", "计划财务科")
    liaison.fill("#id_responsible_person", "李科长")
    liaison.locator("#measure-form").get_by_role("button", name="保存措施").click()
    expect(flash(liaison)).to_contain_text("已添加整改措施")
    liaison.click("#progress-panel summary")
    liaison.fill("#progress-form textarea", "已重新组织公开招标，并对两名责任人进行诫勉谈话。")
    liaison.set_input_files("#id_files", str(w.pdf))
    expect(liaison.locator(".file-preview li")).to_contain_text("整改佐证材料.pdf")
    liaison.locator("#progress-form").get_by_role("button", name="报送进展").click()
    expect(flash(liaison)).to_contain_text("附佐证材料 1 份")
    expect(liaison.locator(".evidence-list")).to_contain_text("整改佐证材料.pdf")
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf" and evidence.original_name == "整改佐证材料.pdf"
    with liaison.expect_download() as download:
        liaison.locator(".evidence-list a").first.click()
    assert download.value.suggested_filename == "整改佐证材料.pdf"
    liaison.fill("#submit-form textarea", "已按要求完成整改。")
    liaison.get_by_role("button", name="整改完成，报请销号").click()
    expect(liaison.locator("#issue-status")).to_have_text("待审核")
    shot(liaison, "04_issue_reported_done")

    # 4. The supervisor returns it with a reason.
    supervisor.goto(f"{live_server.url}/rectification/queue/")
    expect(supervisor.locator("#queue-count-issues")).to_have_text("1")
    supervisor.locator("#queue-issues").get_by_role("link", name="审核").click()
    supervisor.fill("#return-form textarea", "佐证材料未包含新的招标文件，请补充。")
    supervisor.get_by_role("button", name="退回继续整改").click()
    expect(supervisor.locator("#issue-status")).to_have_text("整改中")
    shot(supervisor, "05_issue_returned")

    # 5. The liaison sees the reason, adds the missing evidence and reports done again.
    liaison.goto(issue_url)
    expect(liaison.locator("#timeline")).to_contain_text("佐证材料未包含新的招标文件")
    liaison.click("#progress-panel summary")
    liaison.fill("#progress-form textarea", "补充新的招标文件和中标通知书。")
    liaison.set_input_files("#id_files", str(w.pdf))
    liaison.locator("#progress-form").get_by_role("button", name="报送进展").click()
    expect(flash(liaison)).to_contain_text("附佐证材料 1 份")
    liaison.get_by_role("button", name="整改完成，报请销号").click()
    expect(liaison.locator("#issue-status")).to_have_text("待审核")

    # 6. The supervisor closes it out with the outcome of 纠清治问建.
    supervisor.goto(issue_url)
    supervisor.fill("#close_corrected", "1")
    supervisor.fill("#close_funds_refunded_wan", "35.5")
    supervisor.fill("#close_special_campaign", "工程建设领域招投标专项治理")
    supervisor.fill("#close_persons_accountable", "2")
    supervisor.fill("#close_rules_made", "1")
    supervisor.fill("#close-form textarea", "整改到位，同意销号。")
    shot(supervisor, "06_close_out_form")
    supervisor.get_by_role("button", name="审核通过，销号").click()
    expect(supervisor.locator("#issue-status")).to_have_text("已销号")
    timeline = supervisor.locator("#timeline li").all_inner_texts()
    steps = [line.split("·", 1)[1].split("\n")[0].strip() for line in timeline]
    assert steps == [
        "反馈交办",
        "制定整改措施",
        "报送整改进展",
        "报请销号",
        "退回",
        "报送整改进展",
        "报请销号",
        "销号",
    ], steps
    expect(supervisor.locator("#review-table")).to_contain_text("工程建设领域招投标专项治理")
    expect(supervisor.locator("#review-table")).to_contain_text("35.50")
    shot(supervisor, "07_issue_closed_timeline")
    review = Review.objects.get(decision="close")
    assert (review.corrected, review.persons_accountable, review.rules_made) == (1, 2, 1)

    # 7. An audit evaluation graded 基本合格 reopens rectification.
    supervisor.goto(f"{live_server.url}/rectification/assignments/{w.assignment_x.pk}/")
    supervisor.click("#evaluate-link")
    inputs = supervisor.locator(".score-input")
    assert inputs.count() == 8
    for index in range(8):
        inputs.nth(index).fill("8")
    expect(supervisor.locator("#eval-total")).to_have_text("64.0")
    expect(supervisor.locator("#eval-grade")).to_have_text("基本合格")
    supervisor.fill("#id_comment", "长效机制建设不足。")
    shot(supervisor, "08_evaluation_form")
    supervisor.get_by_role("button", name="提交评估").click()
    expect(flash(supervisor)).to_contain_text("基本合格")
    expect(flash(supervisor)).to_contain_text("重新进入整改")
    expect(supervisor.locator("#evaluation-table")).to_contain_text("基本合格")
    shot(supervisor, "09_evaluation_reopens")
    assert Evaluation.objects.get().grade == Grade.BASIC
    assert Issue.objects.get(pk=w.issue.pk).status == IssueStatus.RECTIFYING

    liaison.goto(issue_url)
    expect(liaison.locator("#issue-status")).to_have_text("整改中")
    expect(liaison.locator("#timeline")).to_contain_text("重新整改")
    shot(liaison, "10_issue_reopened")
