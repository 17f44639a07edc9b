"""The common-issue list's filter form never lists every visible finding, round or unit (issue 18):
with 5,942 findings the <select> of findings made the city's page 3 s; the filters still work."""

import pytest
from django.test import Client

from commons import services
from tests.factories import make_issue, make_world

pytestmark = pytest.mark.django_db


def test_the_list_renders_no_option_per_finding_and_still_filters_by_finding_and_unit():
    w = make_world()
    x1 = make_issue(w.assignment_x, "rectifying", n=1, title="公务接待超标准")
    y1 = make_issue(w.assignment_y, "rectifying", n=2, title="违规超标准接待")
    other = make_issue(w.assignment_y, "rectifying", n=3, title="会议费超标准")
    common = services.common_issue_create(
        actor=w.supervisor,
        title="公务接待超标准",
        description="多个单位",
        measure_content="建立接待清单制度",
        issues=[x1, y1],
    )
    client = Client()
    client.force_login(w.supervisor)

    page = client.get("/common-issues/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="{other.pk}"' not in html and f'<option value="{x1.pk}"' not in html
    assert 'name="issue"' in html and 'data-lookup="/lookup/units/"' in html

    assert common.title in client.get("/common-issues/", {"issue": x1.pk}).content.decode()
    assert common.title not in client.get("/common-issues/", {"issue": other.pk}).content.decode()
    # A chosen unit is shown as its one selected option.
    chosen = client.get("/common-issues/", {"unit": w.unit_y.pk}).content.decode()
    assert common.title in chosen and f'<option value="{w.unit_y.pk}" selected>' in chosen
