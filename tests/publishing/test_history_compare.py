"""History → "Compare with now": what changed in a statement, or a comment, since a saved
version, field by field and word by word, in the reader's language."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from reversion.models import Version

from sokhan.publishing.models import Statement

from .test_editing import form, staff

pytestmark = pytest.mark.django_db
ADD = "/admin/publishing/statement/add/"
FIRST_BODY = ("<p>We condemn the arrest of three journalists.</p>"
              "<p>They must be released.</p><ul><li>Reza</li><li>Sara</li></ul>")
LATER_BODY = ("<p>We condemn the arrest of four journalists.</p>"
              "<p>They must be released.</p><p>Their families were not told.</p>"
              "<ul><li>Reza</li><li>Sara</li></ul>")


@pytest.fixture
def edited(client, make_signatory, make_topic):
    """A statement saved, then edited: a word changed, a paragraph added, another
    signatory. Its first version, and the editor's client."""
    from sokhan.website.roles import EDITORS

    client.force_login(staff("editor", EDITORS))
    first_signatory = make_signatory()
    client.post(ADD, form(first_signatory, make_topic(), body=FIRST_BODY))
    statement = Statement.objects.get()
    other = make_signatory("central-council", "Central Council", "شورای مرکزی")
    response = client.post(f"/admin/publishing/statement/{statement.pk}/change/",
                           form(other, make_topic(), body=LATER_BODY))
    assert response.status_code == 302, response.content.decode()[:2000]
    first = Version.objects.get_for_object(statement).last()
    return statement, first, client


def compare_link(client, statement, version, **headers) -> str:
    history = BeautifulSoup(client.get(
        f"/admin/publishing/statement/{statement.pk}/history/", **headers).content,
        "html.parser")
    links = [a["href"] for a in history.select("#change-history a")
             if a["href"].endswith(f"/{version.pk}/compare/")]
    assert len(links) == 1
    return links[0]


def test_history_compares_a_version_with_now_word_by_word(edited):
    statement, first, client = edited
    page = client.get(compare_link(client, statement, first))
    assert page.status_code == 200
    html = BeautifulSoup(page.content, "html.parser")
    rows = {row.th.get_text(): row.td for row in html.select(".comparison tbody tr")}
    assert set(rows) == {"Body", "Signatory"}
    body = rows["Body"]
    assert [d.get_text() for d in body.select("del")] == ["[removed: three ]"]
    assert [i.get_text() for i in body.select("ins")] == [
        "[added: four ]", "[added: Their families were not told.]"]
    assert "They must be released." in body.get_text()
    assert rows["Signatory"].select_one("del").get_text().endswith(
        "Political-Executive Board of the Union]")
    assert "Central Council" in rows["Signatory"].select_one("ins").get_text()
    unchanged = html.select_one(".comparison .help").get_text()
    assert "Title" in unchanged and "Language" in unchanged and "Topics" in unchanged


def test_a_translation_key_given_since_is_among_the_changes(edited):
    statement, first, client = edited
    other = Statement.objects.get()
    response = client.post(f"/admin/publishing/statement/{statement.pk}/change/", form(
        other.signatory, other.topics.first(), body=LATER_BODY, translation_key="strike-2023"))
    assert response.status_code == 302, response.content.decode()[:2000]
    html = BeautifulSoup(client.get(compare_link(client, statement, first)).content,
                         "html.parser")
    rows = {row.th.get_text(): row.td for row in html.select(".comparison tbody tr")}
    assert "strike-2023" in rows["Translation key"].select_one("ins").get_text()
    assert "Translated from" in html.select_one(".comparison .help").get_text()


def test_the_latest_version_is_not_offered_for_comparison_and_has_no_changes(edited):
    statement, _first, client = edited
    latest = Version.objects.get_for_object(statement).first()
    history = client.get(f"/admin/publishing/statement/{statement.pk}/history/")
    assert f"/{latest.pk}/compare/" not in history.content.decode()
    page = client.get(f"/admin/publishing/statement/{statement.pk}/history/{latest.pk}/"
                      "compare/").content.decode()
    assert "Nothing has changed since this version." in page


def test_the_comparison_is_in_the_persian_admin_s_language(edited):
    statement, first, client = edited
    link = compare_link(client, statement, first, HTTP_ACCEPT_LANGUAGE="fa")
    page = client.get(link, HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "Compare with now" not in page and "Body" not in page
    assert "شورای مرکزی" in page  # the signatory's Persian name


def test_only_staff_who_may_see_statements_compare_them(edited, client):
    statement, first, editor = edited
    link = compare_link(editor, statement, first)
    client.logout()
    assert client.get(link).status_code == 302  # to the login page
    other = Statement.objects.create(title="Other", slug="other", body="<p>x</p>",
                                     signatory=statement.signatory)
    editor.force_login(staff("another-editor", "Editors"))
    wrong = link.replace(f"/{statement.pk}/", f"/{other.pk}/")
    assert editor.get(wrong).status_code == 404  # a version of another statement


def test_topics_are_compared_one_by_one(client, make_signatory, make_topic):
    # The whole list was shown replaced: "[removed: Political prisoners, Press freedom]
    # [added: Press freedom]".
    from sokhan.website.roles import EDITORS

    client.force_login(staff("editor", EDITORS))
    signatory = make_signatory()
    press, prisoners = make_topic(), make_topic("prisoners", "Political prisoners", "زندانیان")
    strikes = make_topic("strikes", "Strikes", "اعتصاب‌ها")
    client.post(ADD, {**form(signatory), "topics": [str(press.pk), str(prisoners.pk)]})
    statement = Statement.objects.get()
    client.post(f"/admin/publishing/statement/{statement.pk}/change/",
                {**form(signatory), "topics": [str(press.pk), str(strikes.pk)]})
    first = Version.objects.get_for_object(statement).last()
    html = BeautifulSoup(client.get(compare_link(client, statement, first)).content,
                         "html.parser")
    topics = next(row.td for row in html.select(".comparison tbody tr")
                  if row.th.get_text() == "Topics")
    assert topics.get_text() == ("[removed: Political prisoners], Press freedom, "
                                 "[added: Strikes]")


def test_a_change_is_read_in_the_statement_s_language_and_its_labels_in_the_admin_s(
        edited):
    # The hidden "[removed:" started a Persian paragraph, whose direction (dir="auto")
    # then came from it: the English admin showed Persian left to right.
    statement, first, client = edited
    html = BeautifulSoup(client.get(compare_link(client, statement, first)).content,
                         "html.parser")
    body = next(row.td for row in html.select(".comparison tbody tr")
                if row.th.get_text() == "Body")
    assert body["lang"] == "en"
    assert {span["dir"] for span in body.select(".visually-hidden")} == {"ltr"}
    link = compare_link(client, statement, first, HTTP_ACCEPT_LANGUAGE="fa")
    persian = BeautifulSoup(client.get(link, HTTP_ACCEPT_LANGUAGE="fa").content,
                            "html.parser")
    assert {span["dir"] for span in persian.select(".comparison .visually-hidden")} == {"rtl"}


def test_a_persian_history_entry_of_one_field_takes_a_singular_verb(client, make_signatory):
    # Django's Persian: "متن تغییر یافتند." (plural) for one field; things take the
    # singular in Persian, one or many.
    from sokhan.website.roles import EDITORS

    client.force_login(staff("editor", EDITORS))
    signatory = make_signatory()
    client.post(ADD, form(signatory))
    statement = Statement.objects.get()
    client.post(f"/admin/publishing/statement/{statement.pk}/change/",
                form(signatory, body="<p>Other words.</p>"))
    history = client.get(f"/admin/publishing/statement/{statement.pk}/history/",
                         HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "تغییر یافتند" not in history and "تغییر کرد." in history


def test_a_version_that_can_no_longer_be_read_says_so(edited):
    # Saved by a Sokhan whose fields were other: django-reversion cannot read it, and the
    # comparison was a server error.
    statement, first, client = edited
    Version.objects.filter(pk=first.pk).update(serialized_data="[not json")
    response = client.get(f"/admin/publishing/statement/{statement.pk}/history/{first.pk}/"
                          "compare/", follow=True)
    assert response.status_code == 200
    assert "can no longer be read" in response.content.decode()
