"""Security finding 8: a liaison could clear his own overdue status by giving a measure a far
deadline (it moved the issue's deadline; year 9999 was accepted). A measure's deadline now never
moves the issue's deadline and must be a sane date; a later deadline is a request (整改延期申请)
that a supervisor or admin of the issue's office approves, recorded as events on the issue.
Through the services, the API and the screens."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import Role
from core.errors import TransitionError
from inspections import deadlines
from inspections import services as issue_services
from inspections.choices import IssueStatus
from inspections.filters import overdue_q
from inspections.models import Issue, IssueEvent
from rectification import selectors, services
from rectification.choices import ExtensionStatus
from rectification.models import DeadlineExtension, Measure
from tests.factories import make_issue, make_world, user

pytestmark = pytest.mark.django_db

TODAY = deadlines.today()
LATER = TODAY + dt.timedelta(days=60)
NOT_VISIBLE = ["不存在或无权访问。"]
MEASURE = {
    "content": "重新履行招标程序",
    "responsible_leader": "王局长",
    "responsible_person": "李科长",
    "kind": "deadline",
}


@pytest.fixture
def w():
    w = make_world()
    w.liaison_y = user("t_liaison_y", Role.LIAISON, w.city, unit=w.unit_y)
    # Fed back months ago: the city issue's deadline has passed, the unit is overdue.
    w.issue = fed_back(w, w.assignment_x)
    w.issue_a = fed_back(w, w.assignment_a)
    return w


def fed_back(w, assignment) -> Issue:
    issue = make_issue(assignment, IssueStatus.CONFIRMED)
    services.feedback_record(actor=w.supervisor, assignment=assignment, meeting_date=dt.date(2026, 5, 1))
    return Issue.objects.get(pk=issue.pk)


def api(person) -> APIClient:
    client = APIClient()
    client.force_authenticate(person)
    return client


def is_overdue(issue: Issue) -> bool:
    return Issue.objects.filter(overdue_q(TODAY), pk=issue.pk).exists()


def actions(issue: Issue) -> list[str]:
    return list(IssueEvent.objects.filter(issue=issue).order_by("at", "id").values_list("action", flat=True))


def request_extension(w, issue=None, liaison=None, **fields) -> DeadlineExtension:
    return services.extension_request(
        actor=liaison or w.liaison_x,
        issue=issue or w.issue,
        requested_deadline=fields.get("requested_deadline", LATER),
        reason=fields.get("reason", "涉及重新招标，原期限内难以完成。"),
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- the attack: a measure's deadline ---------------------------------------------------------


def test_a_measure_deadline_does_not_clear_overdue(w):
    deadline = w.issue.deadline
    assert deadline < TODAY and is_overdue(w.issue)
    client = api(w.liaison_x)

    response = client.post("/api/v1/measures/", {**MEASURE, "issue": w.issue.pk, "deadline": "2099-12-31"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["deadline"]
    response = client.post("/api/v1/measures/", {**MEASURE, "issue": w.issue.pk, "deadline": "9999-12-31"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "不能晚于" in response.json()["errors"]["deadline"][0]
    response = client.post("/api/v1/measures/", {**MEASURE, "issue": w.issue.pk, "deadline": "2026-04-30"})
    assert response.status_code == 400
    assert response.json()["errors"]["deadline"] == ["完成时限不能早于巡察反馈日期（2026-05-01）。"]
    assert not Measure.objects.filter(issue=w.issue).exists()

    # A sane measure deadline is the unit's own plan: kept on the measure, not on the issue.
    response = client.post("/api/v1/measures/", {**MEASURE, "issue": w.issue.pk, "deadline": LATER.isoformat()})
    assert response.status_code == 201, response.content
    assert response.json()["deadline"] == LATER.isoformat()
    issue = Issue.objects.get(pk=w.issue.pk)
    assert issue.deadline == deadline and issue.version == w.issue.version
    assert is_overdue(issue)


def test_the_measure_form_names_the_deadline_field(client, w):
    client.force_login(w.liaison_x)
    url = reverse("rectification:measure-create", args=[w.issue.pk])
    response = client.post(url, {**MEASURE, "deadline": "9999-12-31"})
    assert response.status_code == 400
    assert "不能晚于" in response.context["measure_form"].errors["deadline"][0]
    assert Issue.objects.get(pk=w.issue.pk).deadline == w.issue.deadline

    response = client.post(url, {**MEASURE, "deadline": LATER.isoformat()})
    assert response.status_code == 302
    assert messages_of(client.get(response.url)) == ["已添加整改措施。"]
    assert Issue.objects.get(pk=w.issue.pk).deadline == w.issue.deadline


def test_the_bound_is_a_setting(w, settings):
    settings.MEASURE_DEADLINE_MAX_YEARS = 1
    with pytest.raises(ValidationError) as refused:
        services.measure_create(actor=w.liaison_x, issue=w.issue, deadline=TODAY + dt.timedelta(days=400), **MEASURE)
    assert list(refused.value.message_dict) == ["deadline"]
    services.measure_create(actor=w.liaison_x, issue=w.issue, deadline=TODAY + dt.timedelta(days=300), **MEASURE)


# --- a request, approved or refused ------------------------------------------------------------


def test_approval_moves_the_deadline_and_is_on_the_timeline(w):
    before = Issue.objects.get(pk=w.issue.pk)
    extension = request_extension(w)
    assert extension.status == ExtensionStatus.PENDING
    assert Issue.objects.get(pk=w.issue.pk).deadline == before.deadline  # asking moves nothing

    decided = services.extension_decide(actor=w.supervisor, extension=extension, approve=True, comment="同意")
    assert decided.status == ExtensionStatus.APPROVED
    assert decided.decided_by == w.supervisor and decided.decided_at is not None
    issue = Issue.objects.get(pk=w.issue.pk)
    assert issue.deadline == LATER and issue.version == before.version + 1
    assert not is_overdue(issue)
    assert actions(issue)[-2:] == ["extension_request", "extend"]
    event = IssueEvent.objects.filter(issue=issue, action="extend").get()
    assert event.actor == w.supervisor and event.action_label == "延期"
    assert event.comment == f"整改期限由 {before.deadline.isoformat()} 延至 {LATER.isoformat()}。同意"

    with pytest.raises(TransitionError):  # decided once
        services.extension_decide(actor=w.supervisor, extension=extension, approve=False, comment="重复")


def test_refusal_leaves_the_deadline_and_needs_a_reason(w):
    before = Issue.objects.get(pk=w.issue.pk)
    extension = request_extension(w)
    with pytest.raises(ValidationError) as refused:
        services.extension_decide(actor=w.admin, extension=extension, approve=False)
    assert list(refused.value.message_dict) == ["comment"]

    decided = services.extension_decide(actor=w.admin, extension=extension, approve=False, comment="理由不充分")
    assert decided.status == ExtensionStatus.REFUSED and decided.decision_comment == "理由不充分"
    issue = Issue.objects.get(pk=w.issue.pk)
    assert (issue.deadline, issue.version) == (before.deadline, before.version)
    assert is_overdue(issue)
    assert actions(issue)[-2:] == ["extension_request", "extension_refuse"]


def test_one_pending_request_at_a_time(w):
    extension = request_extension(w)
    with pytest.raises(TransitionError):
        request_extension(w, requested_deadline=LATER + dt.timedelta(days=1))
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds the rule too
        DeadlineExtension.objects.create(
            issue=w.issue, requested_by=w.liaison_x, requested_deadline=LATER, reason="绕过服务"
        )
    services.extension_decide(actor=w.supervisor, extension=extension, approve=False, comment="不同意")
    again = request_extension(w, reason="补充说明后再次申请")
    assert DeadlineExtension.objects.filter(issue=w.issue).count() == 2 and again.status == ExtensionStatus.PENDING


def test_a_request_names_a_sane_later_date_and_a_reason(w):
    cases = {
        "requested_deadline": [w.issue.deadline, TODAY, dt.date(9999, 12, 31)],
        "reason": ["   "],
    }
    for field, values in cases.items():
        for value in values:
            with pytest.raises(ValidationError) as refused:
                request_extension(w, **{field: value})
            assert list(refused.value.message_dict) == [field], value
    services.progress_create(actor=w.liaison_x, issue=w.issue, date=TODAY, text="已整改")
    issue_services.issue_submit(actor=w.liaison_x, issue=w.issue)  # now the supervisors' move
    with pytest.raises(TransitionError):
        request_extension(w)
    assert not DeadlineExtension.objects.exists()


def test_who_may_ask_and_who_may_decide(w):
    # Only the unit's own liaison asks.
    for person in (w.liaison_y, w.inspector_x, w.supervisor, w.liaison_a):
        with pytest.raises(PermissionDenied):
            request_extension(w, liaison=person)
    extension = request_extension(w)
    # Only a supervisor or admin of the issue's office or an ancestor decides.
    for person in (w.liaison_x, w.inspector_x, w.leader, w.supervisor_a):
        with pytest.raises(PermissionDenied):
            services.extension_decide(actor=person, extension=extension, approve=True)
    county = request_extension(w, issue=w.issue_a, liaison=w.liaison_a)
    for person in (w.supervisor_b, w.liaison_x):
        with pytest.raises(PermissionDenied):
            services.extension_decide(actor=person, extension=county, approve=True)
    services.extension_decide(actor=w.supervisor, extension=county, approve=True)  # the city is an ancestor
    assert Issue.objects.get(pk=w.issue_a.pk).deadline == LATER


# --- the API ------------------------------------------------------------------------------------


def test_api_request_and_decide(w):
    body = {"issue": w.issue.pk, "requested_deadline": LATER.isoformat(), "reason": "重新招标"}
    response = api(w.liaison_x).post("/api/v1/extensions/", body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "pending" and created["status_display"] == "待审批"
    assert created["issue_deadline"] == w.issue.deadline.isoformat()
    assert api(w.liaison_x).post("/api/v1/extensions/", body).status_code == 409  # one at a time
    listed = api(w.supervisor).get("/api/v1/extensions/", {"status": "pending", "issue": w.issue.pk}).json()
    assert [row["id"] for row in listed["results"]] == [created["id"]]

    url = f"/api/v1/extensions/{created['id']}/decide/"
    response = api(w.supervisor).post(url, {"approve": False})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["comment"]
    response = api(w.supervisor).post(url, {"approve": True, "comment": "同意延期"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved" and response.json()["issue_deadline"] == LATER.isoformat()
    assert response.json()["decided_by_name"] == w.supervisor.display_name
    assert api(w.supervisor).post(url, {"approve": True}).status_code == 409
    assert Issue.objects.get(pk=w.issue.pk).deadline == LATER


def test_api_refuses_dates_out_of_bounds(w):
    body = {"issue": w.issue.pk, "reason": "重新招标"}
    response = api(w.liaison_x).post("/api/v1/extensions/", {**body, "requested_deadline": "9999-12-31"})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["requested_deadline"]
    response = api(w.liaison_x).post("/api/v1/extensions/", {**body, "requested_deadline": "2026-06-01"})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["requested_deadline"]
    assert not DeadlineExtension.objects.exists()


def test_api_scope_404_outside_403_inside(w):
    extension = request_extension(w)
    url = f"/api/v1/extensions/{extension.pk}/"
    # Outside the scope: the request does not exist for them.
    for person in (w.liaison_y, w.supervisor_a, w.supervisor_b, w.inspector_y):
        assert api(person).get(url).status_code == 404
        assert api(person).post(f"{url}decide/", {"approve": True}).status_code == 404
        assert api(person).get("/api/v1/extensions/").json()["count"] == 0
    body = {"issue": w.issue.pk, "requested_deadline": LATER.isoformat(), "reason": "越权申请"}
    assert api(w.liaison_y).post("/api/v1/extensions/", body).json()["errors"] == {"issue": NOT_VISIBLE}
    # Inside the scope without the role: refused with the reason.
    for person in (w.liaison_x, w.inspector_x, w.leader):
        assert api(person).get(url).status_code == 200
        response = api(person).post(f"{url}decide/", {"approve": True})
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert api(w.inspector_x).post("/api/v1/extensions/", body).status_code == 403
    assert DeadlineExtension.objects.get().status == ExtensionStatus.PENDING
    assert Issue.objects.get(pk=w.issue.pk).deadline == w.issue.deadline


# --- the screens --------------------------------------------------------------------------------


def test_ui_request_queue_and_approval(client, w):
    issue_url = reverse("rectification:issue", args=[w.issue.pk])
    client.force_login(w.liaison_x)
    page = client.get(issue_url)
    assert page.context["actions"]["extension"] and 'id="extension-form"' in page.content.decode()

    url = reverse("rectification:extension-request", args=[w.issue.pk])
    response = client.post(url, {"requested_deadline": "9999-12-31", "reason": "重新招标"})
    assert response.status_code == 400
    assert "不能晚于" in response.context["extension_form"].errors["requested_deadline"][0]
    response = client.post(url, {"requested_deadline": LATER.isoformat(), "reason": "重新招标"})
    assert response.status_code == 302 and response.url.endswith("#extensions")
    page = client.get(response.url)
    assert messages_of(page) == [f"已提交延期申请（申请延至 {LATER.isoformat()}），等待审批。"]
    html = page.content.decode()
    assert 'id="pending-extension"' in html and 'id="extension-form"' not in html
    assert 'id="extension-decide-form"' not in html
    assert "申请延期" in html  # the request is on the timeline the liaison reads
    client.logout()

    client.force_login(w.supervisor)
    queue = client.get(reverse("rectification:queue"), {"tab": "extensions"})
    assert queue.status_code == 200
    assert [e.issue_id for e in queue.context["page"].object_list] == [w.issue.pk]
    assert queue.context["counts"]["extensions"] == 1 and queue.context["counts"]["total"] == 1
    assert 'id="queue-count-extensions">1<' in queue.content.decode()
    page = client.get(issue_url)
    assert 'id="extension-decide-form"' in page.content.decode()

    extension = DeadlineExtension.objects.get()
    decide = reverse("rectification:extension-decide", args=[extension.pk])
    response = client.post(decide, {"decision": "refuse", "comment": ""})
    assert response.status_code == 400
    assert response.context["decide_form"].errors["comment"] == ["不予延期必须填写理由。"]
    response = client.post(decide, {"decision": "approve", "comment": "同意"})
    assert response.status_code == 302
    page = client.get(response.url)
    assert messages_of(page) == [f"已批准延期，整改期限调整为 {LATER.isoformat()}。"]
    assert page.context["issue"].deadline == LATER
    assert f'id="issue-deadline">{LATER.isoformat()}<' in page.content.decode()
    assert selectors.review_counts(w.supervisor_b)["extensions"] == 0
    assert client.get(reverse("rectification:queue"), {"tab": "extensions"}).context["counts"]["extensions"] == 0


def test_ui_refusal_and_scope(client, w):
    extension = request_extension(w)
    decide = reverse("rectification:extension-decide", args=[extension.pk])
    ask = reverse("rectification:extension-request", args=[w.issue.pk])
    for person in (w.liaison_y, w.supervisor_b):  # outside the scope
        client.force_login(person)
        assert client.post(decide, {"decision": "approve"}).status_code == 404
        assert client.post(ask, {"requested_deadline": LATER.isoformat(), "reason": "越权"}).status_code == 404
    client.force_login(w.liaison_x)  # inside, not a decider
    response = client.post(decide, {"decision": "approve"})
    assert response.status_code == 403 and "审批延期申请" in messages_of(response)[0]

    client.force_login(w.supervisor)
    response = client.post(decide, {"decision": "refuse", "comment": "理由不充分"})
    assert response.status_code == 302
    page = client.get(response.url)
    assert messages_of(page) == ["已不予批准该延期申请。"]
    html = page.content.decode()
    assert "未批准" in html and "理由不充分" in html and "不予延期" in html
    assert Issue.objects.get(pk=w.issue.pk).deadline == w.issue.deadline


def test_the_list_costs_the_same_queries_whatever_its_length(w):
    def queries() -> int:
        client = api(w.supervisor)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/extensions/").status_code == 200
        return len(captured)

    first = request_extension(w)
    services.extension_decide(actor=w.supervisor, extension=first, approve=True)
    one = queries()
    request_extension(w, requested_deadline=LATER + dt.timedelta(days=10))
    request_extension(w, issue=w.issue_a, liaison=w.liaison_a)
    assert api(w.supervisor).get("/api/v1/extensions/").json()["count"] == 3
    assert queries() == one


@pytest.mark.django_db
def test_the_review_badge_is_cached_until_a_review_row_changes():
    from rectification.selectors import review_counts

    w = make_world()
    supervisor = w.supervisor
    first = review_counts(supervisor)
    again = type(supervisor).objects.get(pk=supervisor.pk)
    with CaptureQueriesContext(connection) as queries:
        assert review_counts(again) == first
    counts = [q for q in queries.captured_queries if "COUNT(" in q["sql"] and "accounts_roleassignment" not in q["sql"]]
    assert not counts  # from the cache (the grants read the size of the office tree with them)
    issue = make_issue(w.assignment_x, status="pending_review", n=99)
    fresh = type(supervisor).objects.get(pk=supervisor.pk)
    assert issue in Issue.objects.visible_to(fresh)
    assert review_counts(fresh)["issues"] == first["issues"] + 1  # a saved finding moved the generation
