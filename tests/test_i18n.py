"""Chinese is the source language; the English catalogue must be complete and compiled."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_english_catalogue_is_complete():
    """The .po is the one source of the English: every msgid has its msgstr and none is fuzzy
    (write the English in the .po and run `make messages`, see docs/operations.md)."""
    catalogue = polib.pofile(str(PO))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


def test_english_catalogue_is_compiled():
    """The committed .mo holds exactly the .po's English (`make messages` or locale/compile.py)."""

    def english(entries):
        return {
            entry.msgid_with_context: (entry.msgstr, sorted(entry.msgstr_plural.items()))
            for entry in entries
            if entry.msgid
        }

    compiled = english(polib.mofile(str(PO.with_suffix(".mo"))))
    assert compiled == english(polib.pofile(str(PO)).translated_entries())


@pytest.mark.django_db
def test_chinese_by_default_even_for_an_english_browser(client):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert response["Content-Language"] == "zh-hans"
    assert "巡察工作平台" in page and "用户名" in page


@pytest.mark.django_db
def test_language_switch_gives_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302 and response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    english = client.get("/login/").content.decode()
    assert "Inspection Work Platform" in english and "Username" in english
    assert "用户名" not in english


# --- every page in Chinese, without leftover English UI strings --------------------------------

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-'.]*")
# Latin words that are right on a Chinese page: the language switch, product and file names.
ALLOWED_LATIN = {"English", "Excel", "xlsx", "MB"}


class VisibleText(HTMLParser):
    """The text a person sees: text nodes (not scripts or styles) and the attributes read out
    or shown (placeholder, title, aria-label, alt)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            if name in ("placeholder", "title", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def english_words(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    words = set()
    for word in LATIN_WORD.findall(" ".join(parser.parts)):
        # Codes and user names (R01-G1-0001-001, XS-…, t_admin, U-X) are data, not UI text.
        if any(ch.isdigit() or ch in "_-" for ch in word) or len(word) < 2:
            continue
        words.add(word.rstrip("."))
    return words - ALLOWED_LATIN


@pytest.fixture
def world_pages(db):
    from inspections.choices import ClueStatus, IssueStatus
    from tests.factories import SecretaryPointFactory, SpecialReportFactory, make_clue, make_issue, make_world

    w = make_world()
    w.draft = make_issue(w.assignment_x, n=1, case_officer=w.inspector_x)
    w.confirmed = make_issue(w.assignment_x, status=IssueStatus.CONFIRMED, n=2)
    w.clue = make_clue(w.assignment_x, w.inspector_x)
    w.transferred = make_clue(w.assignment_x, w.inspector_x, status=ClueStatus.TRANSFERRED, n=2, letter_number="1号")
    SecretaryPointFactory(round=w.round, unit=w.unit_x, kind="person", content="点人", created_by=w.supervisor)
    SpecialReportFactory(round=w.round, number=1, title="专报", created_by=w.supervisor)
    return w


def chinese_pages(w):
    r, a, i, c = w.round.pk, w.assignment_x.pk, w.draft.pk, w.clue.pk
    common = [
        "/",
        "/issues/",
        "/issues/?tab=mine",
        "/issues/?tab=review",
        "/issues/?status=closed",
        f"/issues/{i}/",
        f"/issues/{w.confirmed.pk}/",
        "/rounds/",
        f"/rounds/{r}/",
        f"/assignments/{a}/",
        "/points/",
        "/reports/",
        "/search/?q=问题",
        "/search/?q=没有这个",
        "/soon/stats/",
        "/issues/99999999/",  # the 404 page
    ]
    return {
        w.inspector_x: [*common, "/issues/new/", f"/issues/{i}/edit/", "/issues/import/", "/clues/new/"],
        w.group_leader_x: [*common, "/clues/", f"/clues/{c}/", f"/clues/{c}/transfer/", "/points/new/"],
        w.clue_officer: ["/", "/clues/", f"/clues/{w.transferred.pk}/", f"/clues/{w.transferred.pk}/outcome/"],
        w.supervisor: [
            *common,
            "/rounds/new/",
            f"/rounds/{r}/edit/",
            f"/rounds/{r}/assignments/new/",
            "/reports/new/",
            "/clues/new/",  # the 403 page
        ],
        w.liaison_x: ["/", "/issues/", "/rounds/"],
        w.admin: ["/"],
    }


def test_chinese_pages_have_no_leftover_english(client, world_pages):
    w = world_pages
    leftovers = {}
    for user, urls in chinese_pages(w).items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 403, 404), (user.username, url, response.status_code)
            words = english_words(response.content.decode())
            if words:
                leftovers[(user.username, url)] = sorted(words)
    client.logout()
    words = english_words(client.get("/login/").content.decode())
    if words:
        leftovers[("anonymous", "/login/")] = sorted(words)
    assert leftovers == {}


def test_import_preview_and_form_errors_are_chinese(client, world_pages):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from inspections.imports import HEADERS

    w = world_pages
    book = Workbook()
    book.active.append(HEADERS)
    book.active.append(["不存在", "不存在", "", "", "", "", "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(w.inspector_x)
    response = client.post(
        "/issues/import/", {"round": w.round.pk, "file": SimpleUploadedFile("a.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 200 and english_words(response.content.decode()) == set()
    response = client.post("/issues/new/", {"title": ""})
    assert response.status_code == 400 and english_words(response.content.decode()) == set()


def test_english_pages_are_english(client, world_pages):
    w = world_pages
    client.force_login(w.group_leader_x)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    for url, expected in [
        ("/", "Workbench"),
        ("/issues/", "Issues"),
        (f"/issues/{w.draft.pk}/", "Timeline"),
        ("/clues/", "Confidential"),
        (f"/rounds/{w.round.pk}/", "Units inspected in this round"),
    ]:
        html = client.get(url).content.decode()
        assert expected in html, url
