"""The historic ledger screens: upload → mapping → preview → confirm (a Celery job with progress),
the office's saved mapping, a broken ledger that cannot be confirmed, and who may use them."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.choices import IssueStatus
from inspections.models import HistoricMapping, Issue, Unit
from inspections.services import historic as loader
from tests.factories import make_world
from tests.inspections.test_historic import layout_county_rectification, xlsx

pytestmark = pytest.mark.django_db
CLOSED, RECTIFYING, LONG_TERM = IssueStatus.CLOSED, IssueStatus.RECTIFYING, IssueStatus.LONG_TERM


@pytest.fixture
def w(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(loader, "schedule_stats_rebuild", lambda: None)
    return make_world()


@pytest.fixture
def queued(monkeypatch):
    calls = []
    monkeypatch.setattr(loader.historic_load_task, "delay", lambda **kwargs: calls.append(kwargs))
    return calls


def upload(client, office, data: bytes, name: str):
    return client.post(
        reverse("inspections:historic-upload"), {"office": office.pk, "file": SimpleUploadedFile(name, data)}
    )


def token_of(response) -> str:
    assert response.status_code == 302, getattr(response, "content", b"")[:2000]
    return response["Location"].split("/")[-3]


def form_data(form, **changes) -> dict:
    """The mapping form as a browser would post it unchanged, with ``changes``."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "create_missing":
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_upload_map_change_a_column_preview_confirm_and_load(client, w, queued, django_capture_on_commit_callbacks):
    client.force_login(w.supervisor)
    response = client.get(reverse("inspections:issue-list"))  # the navigation's 问题 entry
    assert reverse("inspections:historic-upload") in response.content.decode()  # reached by clicking
    token = token_of(upload(client, w.city, layout_county_rectification(), "整改台账.xlsx"))

    mapping_url = reverse("inspections:historic-mapping", args=[token])
    response = client.get(mapping_url)
    page = response.content.decode()
    assert response.status_code == 200 and "县住建局" in page and "工程项目审批不规范" in page
    form = response.context["form"]
    # Suggested from the header words: 被巡察单位, 问题清单, …, 完成情况 (status), 销号时间.
    assert [form.initial.get(f"col_{i}", "") for i in range(9)] == [
        "",
        "unit",
        "title",
        "measure",
        "responsible_leader",
        "deadline",
        "status",
        "closed_on",
        "",
    ]
    assert form.words == ["已整改", "长期整改", "整改中", "已销号"]
    assert [form.initial[f"status_{n}"] for n in range(4)] == [CLOSED, LONG_TERM, RECTIFYING, CLOSED]
    assert "创建表中列出但系统中没有的轮次、巡察组和被巡察单位" in page
    assert response.context["creations"]["units"] == ["县住建局", "县教育局"]

    # The user maps 备注 (column I) to 问题事实 and reads 长期整改 as 整改中.
    data = form_data(form, col_8="facts", status_1=RECTIFYING, round=w.round.pk, create_missing="on")
    response = client.post(mapping_url, data)
    assert response.status_code == 302 and response["Location"] == reverse("inspections:historic-preview", args=[token])

    response = client.get(response["Location"])
    page = response.content.decode()
    assert response.status_code == 200 and "共 4 行，全部检查通过" in page and 'id="confirm-button"' in page
    assert [(str(label), count) for label, count in response.context["counts"]][:3] == [
        ("已销号", 2),
        ("整改中", 2),
        ("长期整改", 0),
    ]
    assert response.context["creations"]["units"] == ["县住建局", "县教育局"]
    assert not Issue.objects.exists() and not Unit.objects.filter(name="县住建局").exists()  # nothing written

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("inspections:historic-confirm", args=[token]))
    status_url = reverse("inspections:historic-status", args=[token])
    assert response.status_code == 302 and response["Location"] == status_url
    assert len(queued) == 1 and queued[0]["mapping"]["8"] == "facts" and queued[0]["create_missing"] is True
    response = client.get(status_url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'data-state="queued"' in response.content.decode()
    assert 'hx-trigger="every 1s"' in response.content.decode()

    # The worker runs the job; the polled page shows the summary and links to the findings.
    assert loader.historic_load_task.run(**queued[0])["state"] == "done"
    issues = list(Issue.objects.filter(round=w.round).order_by("code"))
    assert [(i.unit.name, i.title, i.status, i.facts) for i in issues] == [
        ("县住建局", "工程项目审批不规范", CLOSED, ""),
        ("县住建局", "公务用车管理不规范", RECTIFYING, "持续推进"),
        ("县教育局", "食堂经费管理混乱", RECTIFYING, ""),
        ("县教育局", "三重一大制度执行不到位", CLOSED, ""),
    ]
    assert issues[3].closed_at.date() == dt.date(2023, 3, 5)
    response = client.get(status_url, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'data-state="done"' in page and "已导入 4 个问题，其中已销号 2 个" in page and "hx-trigger" not in page
    assert f"{reverse('inspections:issue-list')}?round={w.round.pk}" in page and "县教育局" in page
    # The mapping is saved for the office, with the user's choices.
    saved = HistoricMapping.objects.get(office=w.city)
    assert saved.columns["8"] == "facts" and saved.statuses["长期整改"] == RECTIFYING
    assert saved.created_by == w.supervisor
    # Confirming again does not queue the load twice.
    client.post(reverse("inspections:historic-confirm", args=[token]))
    assert len(queued) == 1


def test_the_saved_mapping_is_offered_to_the_office_and_not_to_another(client, w, queued):
    HistoricMapping.objects.create(
        office=w.city,
        signature=__import__("inspections.historic", fromlist=["x"]).header_signature(
            ["序号", "被巡察单位", "问题清单", "整改措施", "责任领导", "整改时限", "完成情况", "销号时间", "备注"]
        ),
        headers=[],
        columns={"1": "unit", "2": "title", "6": "status", "8": "facts"},
        statuses={"长期整改": RECTIFYING},
        created_by=w.supervisor,
    )
    data = layout_county_rectification()
    client.force_login(w.admin)  # another user of the city office
    token = token_of(upload(client, w.city, data, "台账2024.xlsx"))
    response = client.get(reverse("inspections:historic-mapping", args=[token]))
    form = response.context["form"]
    assert response.context["saved"] is not None and "已沿用本机构" in response.content.decode()
    assert {i: form.initial.get(f"col_{i}") for i in (1, 3, 8)} == {1: "unit", 3: None, 8: "facts"}
    assert form.initial["status_1"] == RECTIFYING

    client.force_login(w.supervisor_a)  # a county office: the city's layout is not offered
    token = token_of(upload(client, w.county_a, data, "台账.xlsx"))
    response = client.get(reverse("inspections:historic-mapping", args=[token]))
    form = response.context["form"]
    assert response.context["saved"] is None
    assert form.initial.get("col_3") == "measure" and form.initial.get("col_8") is None
    assert form.initial["status_1"] == LONG_TERM
    assert not HistoricMapping.objects.visible_to(w.supervisor_a).exists()
    assert HistoricMapping.objects.visible_to(w.admin).count() == 1


def test_a_broken_ledger_shows_row_and_column_errors_and_cannot_be_confirmed(client, w, queued):
    broken = xlsx(
        [
            ["被巡察单位", "问题", "整改状态", "销号日期"],
            ["市住建局", "问题一", "已整改", "2023年5月5日"],
            ["市住建局", "问题二", "搁置", None],
            ["", "问题三", "整改中", "2023年13月1日"],
        ]
    )
    client.force_login(w.supervisor)
    token = token_of(upload(client, w.city, broken, "broken.xlsx"))
    mapping_url = reverse("inspections:historic-mapping", args=[token])
    form = client.get(mapping_url).context["form"]
    assert form.words == ["已整改", "搁置", "整改中"] and form.initial["status_1"] == ""
    response = client.post(mapping_url, form_data(form, round=w.round.pk))
    response = client.get(response["Location"])
    page = response.content.decode()
    assert response.status_code == 200 and "发现 3 处错误" in page and 'id="confirm-button"' not in page
    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "C"), (4, "D"), (4, "A")]
    assert "无法识别的整改状态“搁置”" in page
    response = client.post(reverse("inspections:historic-confirm", args=[token]))
    assert response.status_code == 302 and response["Location"].endswith("/preview/")
    assert queued == [] and not Issue.objects.exists() and not HistoricMapping.objects.exists()


def test_a_required_field_must_be_mapped_and_a_changed_status_column_shows_its_words(client, w):
    client.force_login(w.supervisor)
    rows = [["被巡察单位", "问题", "整改状态", "备注"], ["市住建局", "问题一", "已整改", "甲"]]
    token = token_of(upload(client, w.city, xlsx(rows), "a.xlsx"))
    mapping_url = reverse("inspections:historic-mapping", args=[token])
    form = client.get(mapping_url).context["form"]
    response = client.post(mapping_url, form_data(form, col_2=""))
    assert response.status_code == 400 and "请指定以下字段所在的列：整改状态" in response.content.decode()
    # 整改状态 moved to column D: the page shows column D's words before going on.
    response = client.post(mapping_url, form_data(form, col_2="", col_3="status"))
    assert response.status_code == 200 and response.context["form"].words == ["甲"]
    # 更新 (what htmx posts when a column's field changes): the words of the column now chosen, even
    # while the mapping is incomplete; nothing is kept.
    response = client.post(mapping_url, form_data(form, col_2="", refresh="1"))
    assert response.status_code == 200 and response.context["form"].words == []
    assert "请先指定“整改状态”所在的列" in response.content.decode()
    response = client.post(mapping_url, form_data(form, col_2="", col_3="status", refresh="1"))
    assert response.status_code == 200 and response.context["form"].words == ["甲"]
    assert response.context["form"].initial["status_column"] == 3


def test_xls_is_refused_clearly_and_other_roles_are_refused(client, w):
    client.force_login(w.supervisor)
    response = upload(client, w.city, b"\xd0\xcf\x11\xe0", "old.xls")
    assert response.status_code == 400 and "另存为 .xlsx" in response.content.decode()
    token = token_of(upload(client, w.city, layout_county_rectification(), "a.xlsx"))
    for user in (w.inspector_x, w.liaison_x, w.leader):
        client.force_login(user)
        assert client.get(reverse("inspections:historic-upload")).status_code == 403
        assert client.get(reverse("inspections:historic-mapping", args=[token])).status_code == 403
        page = client.get(reverse("inspections:issue-list")).content.decode()
        assert reverse("inspections:historic-upload") not in page
    client.force_login(w.admin)  # a manager, but not the uploader: the token is not his
    assert client.get(reverse("inspections:historic-mapping", args=[token])).status_code == 404
    assert client.post(reverse("inspections:historic-confirm", args=[token])).status_code == 404


def test_the_screens_read_in_english(client, w):
    client.force_login(w.supervisor)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("inspections:historic-upload")).content.decode()
    assert "Upload and map columns" in page and "Import into office" in page
    token = token_of(upload(client, w.city, layout_county_rectification(), "a.xlsx"))
    page = client.get(reverse("inspections:historic-mapping", args=[token])).content.decode()
    assert "Map the ledger" in page and "First 3 values" in page and "(not imported)" in page


def test_header_signature_and_status_overrides_of_the_reader():
    from inspections.historic import header_signature, read_ledger, sheet_layout

    assert header_signature(["被巡察单位", "问题（描述）", "整改状态", ""]) == header_signature(
        [" 被巡察单位 ", "问题", "整改状态"]
    )
    assert header_signature(["被巡察单位", "问题", "整改状态"]) != header_signature(["问题", "被巡察单位", "整改状态"])
    data = xlsx([["被巡察单位", "问题", "整改状态"], ["市住建局", "甲", "搁置"], ["市住建局", "乙", "长期整改"]])
    assert not read_ledger(data, "a.xlsx").ok
    ledger = read_ledger(data, "a.xlsx", statuses={"搁置": LONG_TERM, "长期整改": RECTIFYING})
    assert ledger.ok and [r.values["status"] for r in ledger.rows] == [LONG_TERM, RECTIFYING]
    layout = sheet_layout(layout_county_rectification(), "a.xlsx")
    assert (
        layout.header_row == 3 and len(layout.rows) == 4 and layout.samples(1) == ["县住建局", "县住建局", "县教育局"]
    )


def test_a_large_sheet_is_checked_whole_by_the_job_which_refuses_it_with_rows_and_columns(
    client, w, queued, monkeypatch, django_capture_on_commit_callbacks
):
    from inspections.services import historic_steps
    from inspections.views import historic as views

    monkeypatch.setattr(historic_steps, "PREVIEW_CHECK_ROWS", 2)
    monkeypatch.setattr(views, "PREVIEW_CHECK_ROWS", 2)
    client.force_login(w.supervisor)
    token = token_of(upload(client, w.city, layout_county_rectification(), "a.xlsx"))
    mapping_url = reverse("inspections:historic-mapping", args=[token])
    form = client.get(mapping_url).context["form"]
    # Neither a round for the rows nor the agreement to create the units: the load will refuse it.
    client.post(mapping_url, form_data(form))
    page = client.get(reverse("inspections:historic-preview", args=[token])).content.decode()
    assert "全部检查通过" in page and "单位、轮次和问题编号在导入时再检查" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("inspections:historic-confirm", args=[token]))
    status = loader.historic_load_task.run(**queued[0])
    assert status["state"] == "failed" and not Issue.objects.exists()
    page = client.get(reverse("inspections:historic-status", args=[token]), HTTP_HX_REQUEST="true").content.decode()
    assert 'data-state="failed"' in page and "所有行均未导入" in page and "B4" in page and "hx-trigger" not in page
    # Back to the mapping, the user agrees and chooses the round: confirmed again, loaded.
    form = client.get(mapping_url).context["form"]
    client.post(mapping_url, form_data(form, round=w.round.pk, create_missing="on"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("inspections:historic-confirm", args=[token]))
    assert len(queued) == 2 and loader.historic_load_task.run(**queued[1])["state"] == "done"
    assert Issue.objects.filter(round=w.round).count() == 4
