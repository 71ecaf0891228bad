"""What an editor does in the admin: create, preview, schedule, publish, revise, restore."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import reversion
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.utils import timezone
from reversion.models import Version

from sokhan.persian import dates
from sokhan.publishing.models import Signatory, Statement, Status, Topic
from sokhan.website.roles import ADMINISTRATORS, EDITORS

pytestmark = pytest.mark.django_db
ADD = "/admin/publishing/statement/add/"


def staff(username: str, role: str) -> User:
    user = User.objects.create_user(username, password="a-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor_client(client):
    client.force_login(staff("editor", EDITORS))
    return client


def form(signatory, topic=None, **overrides) -> dict[str, str]:
    when = overrides.pop("when", timezone.localtime() - timedelta(hours=1))
    data = {
        "title": "On the strike", "slug": "on-the-strike", "language": "en",
        "summary": "We support the strike.",
        "body": "<p>Workers <strong>struck</strong>.</p>",
        "signatory": str(signatory.pk), "topics": [str(topic.pk)] if topic else [],
        "status": Status.PUBLISHED, "comment_mode": "open", "translation_key": "",
        "published_at_0": when.strftime("%Y-%m-%d"), "published_at_1": when.strftime("%H:%M:%S"),
    }
    return {**data, **overrides}


def test_editor_creates_and_publishes_a_statement(editor_client, client, make_signatory,
                                                  make_topic):
    response = editor_client.post(ADD, form(make_signatory(), make_topic()))
    assert response.status_code == 302, response.content.decode()[:2000]
    statement = Statement.objects.get(slug="on-the-strike")
    assert statement.status == Status.PUBLISHED
    assert [t.slug for t in statement.topics.all()] == ["press-freedom"]
    client.logout()
    assert client.get("/en/statements/on-the-strike/").status_code == 200


def test_pasted_html_is_sanitised_when_saved(editor_client, make_signatory):
    pasted = ('<p onclick="steal()" style="color:red">Text <a href="javascript:alert(1)">'
              'bad</a> <a href="https://example.org">good</a></p><script>alert(1)</script>'
              '<iframe src="https://evil.example"></iframe>')
    editor_client.post(ADD, form(make_signatory(), body=pasted))
    saved = Statement.objects.get().body
    for gone in ("onclick", "style", "javascript", "<script", "alert", "<iframe"):
        assert gone not in saved
    assert 'href="https://example.org"' in saved and "Text" in saved


def test_empty_body_is_refused(editor_client, make_signatory):
    response = editor_client.post(ADD, form(make_signatory(), body="<p><script>x</script></p>"))
    assert response.status_code == 200
    assert "The body is empty." in response.content.decode()
    assert not Statement.objects.exists()


def test_draft_is_previewable_by_staff_only(editor_client, client, make_signatory):
    editor_client.post(ADD, form(make_signatory(), status=Status.DRAFT))
    preview = editor_client.get("/en/statements/on-the-strike/")
    assert preview.status_code == 200
    assert "Preview of a draft" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
    # Its comment form is shown as readers will see it, and says it takes nothing yet.
    assert "Comments can be sent once the statement is published" in preview.content.decode()
    client.logout()
    assert client.get("/en/statements/on-the-strike/").status_code == 404
    assert "On the strike" not in client.get("/en/").content.decode()


def test_a_draft_preview_asks_for_the_authenticator_code_as_the_admin_does(
        editor_client, make_signatory, settings):
    # A session that never passed the code (made before 2FA was switched on, say) may
    # not see what is unpublished.
    editor_client.post(ADD, form(make_signatory(), status=Status.DRAFT))
    settings.SOKHAN_STAFF_2FA = True
    assert editor_client.get("/en/statements/on-the-strike/").status_code == 404


def test_scheduled_statement_appears_by_itself_at_its_time(editor_client, client,
                                                           make_signatory):
    when = timezone.localtime() + timedelta(hours=2)
    editor_client.post(ADD, form(make_signatory(), status=Status.SCHEDULED, when=when))
    assert Statement.objects.get().status == Status.SCHEDULED
    client.logout()
    assert client.get("/en/statements/on-the-strike/").status_code == 404
    with time_machine.travel(when + timedelta(minutes=1)):
        assert client.get("/en/statements/on-the-strike/").status_code == 200
        assert "On the strike" in client.get("/en/").content.decode()


def test_publishing_with_a_future_time_schedules(editor_client, make_signatory):
    when = timezone.localtime() + timedelta(days=1)
    editor_client.post(ADD, form(make_signatory(), status=Status.PUBLISHED, when=when))
    assert Statement.objects.get().status == Status.SCHEDULED


def test_scheduling_in_the_past_is_refused(editor_client, make_signatory):
    response = editor_client.post(ADD, form(make_signatory(), status=Status.SCHEDULED))
    assert "needs a publication time in the future" in response.content.decode()
    assert not Statement.objects.exists()


def test_a_mistyped_year_is_refused_with_the_dates_allowed(editor_client, make_signatory):
    response = editor_client.post(ADD, form(make_signatory(), published_at_0="0202-06-01"))
    assert "Enter a date from March 21, 1900 to March 20, 2999." in response.content.decode()
    assert not Statement.objects.exists()


def test_slug_is_stable_once_published(editor_client, make_signatory):
    signatory = make_signatory()
    editor_client.post(ADD, form(signatory, status=Status.DRAFT))
    statement = Statement.objects.get()
    change = f"/admin/publishing/statement/{statement.pk}/change/"
    # A draft's address may still change.
    editor_client.post(change, form(signatory, status=Status.DRAFT, slug="renamed"))
    statement.refresh_from_db()
    assert statement.slug == "renamed"
    editor_client.post(change, form(signatory, slug="renamed"))
    editor_client.post(change, form(signatory, slug="renamed-again", title="New title"))
    statement.refresh_from_db()
    assert statement.title == "New title"
    assert statement.slug == "renamed"


def test_persian_titles_make_unicode_slugs(editor_client, make_signatory, client):
    editor_client.post(ADD, form(make_signatory(), title="آزادی بیان", slug="آزادی-بیان",
                                 language="fa"))
    assert Statement.objects.get().slug == "آزادی-بیان"
    assert client.get("/fa/statements/آزادی-بیان/").status_code == 200


def test_every_change_is_a_revision_that_can_be_restored(editor_client, make_signatory):
    signatory = make_signatory()
    editor_client.post(ADD, form(signatory))
    statement = Statement.objects.get()
    change = f"/admin/publishing/statement/{statement.pk}/change/"
    editor_client.post(change, form(signatory, title="Second title",
                                    body="<p>Second body.</p>"))
    versions = Version.objects.get_for_object(statement)
    assert len(versions) == 2
    latest, first = versions[0], versions[1]
    assert latest.revision.user.username == "editor"
    assert "Title" in latest.revision.get_comment() and "Body" in latest.revision.get_comment()
    history = editor_client.get(f"/admin/publishing/statement/{statement.pk}/history/")
    assert history.status_code == 200
    # View the first revision, then restore it by saving its form.
    old = editor_client.get(f"/admin/publishing/statement/{statement.pk}/history/{first.pk}/")
    assert old.status_code == 200 and "On the strike" in old.content.decode()
    restored = editor_client.post(
        f"/admin/publishing/statement/{statement.pk}/history/{first.pk}/",
        form(signatory, title=first.field_dict["title"], body=first.field_dict["body"]))
    assert restored.status_code == 302
    statement.refresh_from_db()
    assert statement.title == "On the strike"
    assert statement.body == "<p>Workers <strong>struck</strong>.</p>"
    assert len(Version.objects.get_for_object(statement)) == 3


def test_restoring_a_version_restores_that_statement_alone(editor_client, make_signatory):
    # An action saves all it changed in one revision (a moderator's "Close comments" on
    # the statements of a flood), and reversion reverted a revision whole: restoring one
    # statement's version closed the other again, which no one had asked (review).
    signatory = make_signatory()
    for slug in ("first", "second"):
        editor_client.post(ADD, form(signatory, slug=slug, title=slug.title()))
    first, second = Statement.objects.order_by("pk")
    with reversion.create_revision():  # as one action saves them
        for statement in (first, second):
            statement.summary = "Said together."
            statement.save()
    for statement in (first, second):  # an editor writes each its own again
        editor_client.post(f"/admin/publishing/statement/{statement.pk}/change/",
                           form(signatory, slug=statement.slug, title=statement.title))
    together = Version.objects.get_for_object(first).filter(
        serialized_data__contains="Said together.").first()
    assert together.revision.version_set.count() == 2
    restored = editor_client.post(
        f"/admin/publishing/statement/{first.pk}/history/{together.pk}/",
        form(signatory, title="First", summary="Said together."))
    assert restored.status_code == 302
    assert Statement.objects.get(pk=first.pk).summary == "Said together."
    assert Statement.objects.get(pk=second.pk).summary == "We support the strike."


def test_a_restore_brings_back_words_not_publication_comments_or_translation(
        editor_client, client, make_signatory):
    # A draft scheduled once, then held back: its old version, "scheduled" for a time
    # now past, published it at once when restored; the translation's key went blank, and
    # closed comments opened again (review).
    signatory = make_signatory()
    soon = timezone.localtime() + timedelta(minutes=5)
    editor_client.post(ADD, form(signatory, status=Status.SCHEDULED, when=soon))
    statement = Statement.objects.get()
    change = f"/admin/publishing/statement/{statement.pk}/change/"
    editor_client.post(change, form(signatory, status=Status.DRAFT, when=soon,
                                    title="Held back", comment_mode="closed",
                                    translation_key="strike-2026"))
    first = Version.objects.get_for_object(statement)[1]
    with time_machine.travel(soon + timedelta(minutes=1)):
        page = BeautifulSoup(editor_client.get(
            f"/admin/publishing/statement/{statement.pk}/history/{first.pk}/").content,
            "html.parser")
        assert page.select_one("select[name=status]") is None
        assert page.select_one(".field-status .readonly").get_text(strip=True) == "Draft"
        restored = editor_client.post(
            f"/admin/publishing/statement/{statement.pk}/history/{first.pk}/",
            form(signatory, status=Status.SCHEDULED, when=soon, comment_mode="open"))
        assert restored.status_code == 302
        statement.refresh_from_db()
        assert statement.title == "On the strike"  # the version's words
        assert (statement.status, statement.comment_mode, statement.translation_key) == (
            Status.DRAFT, "closed", "strike-2026")
        client.logout()
        assert client.get("/en/statements/on-the-strike/").status_code == 404


def test_restoring_a_version_from_before_publication_keeps_the_statement_out(
        editor_client, client, make_signatory):
    # Restoring a draft's version withdrew the published statement and moved its address.
    signatory = make_signatory()
    editor_client.post(ADD, form(signatory, status=Status.DRAFT, slug="first-slug",
                                 title="Draft title"))
    statement = Statement.objects.get()
    change = f"/admin/publishing/statement/{statement.pk}/change/"
    editor_client.post(change, form(signatory, slug="final-slug", title="Published title"))
    first = Version.objects.get_for_object(statement)[1]
    page = editor_client.get(f"/admin/publishing/statement/{statement.pk}/history/{first.pk}/")
    assert 'name="slug"' not in page.content.decode()  # the address cannot be edited there
    restored = editor_client.post(
        f"/admin/publishing/statement/{statement.pk}/history/{first.pk}/",
        form(signatory, status=Status.DRAFT, slug="first-slug", title="Draft title"))
    assert restored.status_code == 302
    statement.refresh_from_db()
    assert (statement.title, statement.slug, statement.status) == (
        "Draft title", "final-slug", Status.PUBLISHED)
    assert statement.first_published_at is not None
    client.logout()
    assert client.get("/en/statements/final-slug/").status_code == 200


def test_an_address_typed_from_an_arabic_keyboard_is_saved_with_persian_letters(
        editor_client, client, make_signatory):
    # «بيانيهٔ كميتهٔ زنان» with Arabic yeh and kaf: its address kept them, and readers
    # typing it from a Persian keyboard could not reach it (review).
    signatory = make_signatory()
    editor_client.post(ADD, form(signatory, language="fa", title="بيانيهٔ كميتهٔ زنان",
                                 slug="بيانيه-كميته-زنان"))
    statement = Statement.objects.get()
    assert statement.slug == "بیانیه-کمیته-زنان"
    client.logout()
    assert client.get("/fa/statements/بیانیه-کمیته-زنان/").status_code == 200


def test_a_persian_statement_typed_on_an_arabic_keyboard_is_saved_with_persian_letters(
        editor_client, make_signatory):
    # Windows' Arabic layout types ي and ك: readers of a Persian page saw the yeh's two
    # dots beneath at every word's end. Words marked Arabic (the editor's language menu)
    # and link addresses keep theirs.
    response = editor_client.post(ADD, form(
        make_signatory(), language="fa", title="بيانيهٔ كميته", slug="بیانیه",
        summary="خلاصهٔ كوتاه",
        body='<p>متن <a href="https://example.org/علي">علي</a></p>'
             '<blockquote><p><span class="lang-ar">قال علي</span></p></blockquote>'), follow=True)
    statement = Statement.objects.get()
    assert (statement.title, statement.summary) == ("بیانیهٔ کمیته", "خلاصهٔ کوتاه")
    assert statement.body == ('<p>متن <a href="https://example.org/علي" rel="noopener '
                              'noreferrer">علی</a></p><blockquote><p><span lang="ar" '
                              'dir="rtl">قال علي</span></p></blockquote>')
    said = [str(message) for message in response.context["messages"]]
    assert any(message.startswith("6 letters typed on an Arabic keyboard") for message in said)
    # Saved again: nothing more to change, nothing said.
    change = f"/admin/publishing/statement/{statement.pk}/change/"
    again = editor_client.post(change, form(statement.signatory, language="fa",
                                            title=statement.title, slug="بیانیه",
                                            summary=statement.summary,
                                            body=statement.body), follow=True)
    assert not any("Arabic keyboard" in str(message) for message in again.context["messages"])


def test_an_english_statement_keeps_arabic_letters_as_typed(editor_client, make_signatory):
    editor_client.post(ADD, form(make_signatory(), title="On كتاب", body="<p>علي</p>"))
    assert (Statement.objects.get().title, Statement.objects.get().body) == ("On كتاب",
                                                                             "<p>علي</p>")


def test_the_persian_delete_page_names_what_goes_in_persian_and_nothing_internal(
        client, make_signatory, make_topic):
    # It listed "Statement-topic relationships: 1", "Search index entries: 1" and "search
    # entry of statement 8", in English and Latin digits (review).
    from sokhan.comments import posting

    client.force_login(User.objects.create_superuser("root", password="a-long-password-1"))
    signatory, topic = make_signatory(), make_topic()
    client.post(ADD, form(signatory, topic))
    statement = Statement.objects.get()
    posting.save(statement, {"comment": "A reader's words."}, None, "hash", 1)
    page = BeautifulSoup(client.get(f"/admin/publishing/statement/{statement.pk}/delete/",
                                    HTTP_ACCEPT_LANGUAGE="fa").content, "html.parser")
    text = " ".join(page.select_one("#content").get_text().split())
    assert "relationship" not in text and "search" not in text.casefold()
    assert "دیدگاه‌ها: ۱" in text  # what readers wrote goes too, and is said to
    assert client.post(f"/admin/publishing/statement/{statement.pk}/delete/",
                       {"post": "yes"}).status_code == 302
    assert not Statement.objects.exists()


def test_a_persian_restore_page_dates_the_publication_in_solar_hijri(editor_client,
                                                                     make_signatory):
    signatory = make_signatory()
    editor_client.post(ADD, form(signatory, when=timezone.make_aware(
        timezone.datetime(2023, 9, 3, 9, 30))))
    statement = Statement.objects.get()
    editor_client.post(f"/admin/publishing/statement/{statement.pk}/change/",
                       form(signatory, title="Second", when=timezone.make_aware(
                           timezone.datetime(2023, 9, 3, 9, 30))))
    first = Version.objects.get_for_object(statement)[1]
    page = BeautifulSoup(editor_client.get(
        f"/admin/publishing/statement/{statement.pk}/history/{first.pk}/",
        HTTP_ACCEPT_LANGUAGE="fa").content, "html.parser")
    shown = " ".join(page.select_one(".field-published .readonly").get_text().split())
    assert "۱۲ شهریور ۱۴۰۲" in shown and "2023" not in shown and "سپتامبر" not in shown


def test_a_future_date_on_a_published_statement_is_asked_about_not_taken_down(
        editor_client, client, make_signatory):
    # A month mistyped (۱۴۰۵-۱۰-۱۰ for ۱۴۰۵-۰۹-۱۰) took a published statement off the site
    # with the usual "changed successfully", its shared link a 404 (review).
    signatory = make_signatory()
    editor_client.post(ADD, form(signatory))
    statement = Statement.objects.get()
    change = f"/admin/publishing/statement/{statement.pk}/change/"
    later = timezone.localtime() + timedelta(days=30)
    refused = editor_client.post(change, form(signatory, title="Typo", when=later))
    assert refused.status_code == 200
    error = BeautifulSoup(refused.content, "html.parser").select_one(
        ".field-published_at .errorlist").get_text()
    assert "would take it off the site" in error
    assert 'value="Typo"' in refused.content.decode()  # what was typed comes back
    statement.refresh_from_db()
    assert (statement.title, statement.status) == ("On the strike", Status.PUBLISHED)
    # Scheduled again, on purpose; and a new statement dated ahead is scheduled as ever.
    assert editor_client.post(change, form(signatory, when=later,
                                           status=Status.SCHEDULED)).status_code == 302
    assert Statement.objects.get().status == Status.SCHEDULED
    assert editor_client.post(ADD, form(signatory, slug="ahead", when=later)).status_code == 302
    assert Statement.objects.get(slug="ahead").status == Status.SCHEDULED


def test_a_published_statement_keeps_its_language(editor_client, make_signatory, client,
                                                  make_statement):
    # Its address is /en/…: a Persian one would move it, or clash with a Persian draft
    # of the same slug (a 500 that lost the editor's changes).
    signatory = make_signatory()
    editor_client.post(ADD, form(signatory))
    statement = Statement.objects.get()
    make_statement("Persian draft", language="fa", slug="on-the-strike", status="draft")
    response = editor_client.post(f"/admin/publishing/statement/{statement.pk}/change/",
                                  form(signatory, language="fa", title="Renamed"))
    assert response.status_code == 302
    statement.refresh_from_db()
    assert (statement.language, statement.title) == ("en", "Renamed")
    client.logout()
    assert client.get("/en/statements/on-the-strike/").status_code == 200


def test_publishing_an_old_draft_now_dates_it_now_and_says_so(editor_client, make_statement):
    draft = make_statement("Begun last week", status="draft",
                           published_at=timezone.now() - timedelta(days=7))
    page = editor_client.post("/admin/publishing/statement/",
                              {"action": "publish_now", "_selected_action": [draft.pk]},
                              follow=True)
    draft.refresh_from_db()
    assert timezone.now() - draft.published_at < timedelta(minutes=1)
    # The date stands under the signature: the editor is told it was replaced.
    assert "1 statement published, dated now." in page.content.decode()


def test_a_version_naming_a_deleted_topic_is_refused_not_a_500(editor_client,
                                                                    make_signatory, make_topic):
    signatory, topic = make_signatory(), make_topic()
    editor_client.post(ADD, form(signatory, topic))
    statement = Statement.objects.get()
    version = Version.objects.get_for_object(statement)[0]
    sent = form(signatory, topic)  # as the page showed it, before the topic went
    topic.delete()
    url = f"/admin/publishing/statement/{statement.pk}/history/{version.pk}/"
    assert editor_client.get(url, follow=True).status_code == 200
    response = editor_client.post(url, sent, follow=True)
    assert response.status_code == 200  # not 500: the form, or the message, says why
    page = response.content.decode()
    assert "has been deleted since" in page or "Select a valid choice" in page
    statement.refresh_from_db()
    assert statement.title == "On the strike"


def test_a_recovered_statement_is_not_said_to_keep_comments_it_lost(editor_client,
                                                                     make_signatory):
    # The restore's message, "keeps its address, its publication, its comments…", was
    # shown on a recovery too, whose comments were deleted with the statement.
    signatory = make_signatory()
    editor_client.post(ADD, form(signatory, title="Gone"))
    gone = Statement.objects.get()
    version = Version.objects.get_for_object(gone)[0]
    gone.delete()
    url = f"/admin/publishing/statement/recover/{version.pk}/"
    page = BeautifulSoup(editor_client.get(url).content, "html.parser")
    sent = {field["name"]: field.get("value", "") for field in
            page.select("#statement_form input[name], #statement_form select[name]")
            if field.get("type") not in ("checkbox", "submit")}
    answer = editor_client.post(url, {**form(signatory, title="Gone"), **{
        name: value for name, value in sent.items() if name.startswith("_")}}, follow=True)
    said = BeautifulSoup(answer.content, "html.parser").select_one(".messagelist").get_text()
    assert "Its comments were deleted with it and do not come back." in said
    assert "keeps" not in said
    assert Statement.objects.get().title == "Gone"


def test_a_deleted_statement_whose_address_was_taken_since_is_recovered_with_a_message(
        editor_client, make_signatory):
    # Its version cannot be saved again (the address is another's now): once a 500, then
    # reversion's "a required dependency doesn't exist", which sent editors looking for a
    # deleted topic (reviews). And a draft's old version with that address, restored.
    signatory = make_signatory()
    editor_client.post(ADD, form(signatory, status=Status.DRAFT, slug="x", title="Gone"))
    gone = Statement.objects.get()
    version = Version.objects.get_for_object(gone)[0]
    gone.delete()
    editor_client.post(ADD, form(signatory, status=Status.DRAFT, slug="x", title="Taken"))
    said = ("This statement's address, /en/statements/x/, is now that of another statement, "
            "“Taken”")
    answer = editor_client.get(f"/admin/publishing/statement/recover/{version.pk}/",
                               follow=True)
    assert answer.status_code == 200
    assert said in BeautifulSoup(answer.content, "html.parser").select_one(
        ".messagelist").get_text()
    assert list(Statement.objects.values_list("title", flat=True)) == ["Taken"]
    # A draft's old version, or a published statement's from before it was out, with an
    # address another statement has since: the words come back, the address stays.
    for status in (Status.DRAFT, Status.PUBLISHED):
        editor_client.post(ADD, form(signatory, status=Status.DRAFT, slug="y", title="Old"))
        statement = Statement.objects.get(slug="y")
        editor_client.post(f"/admin/publishing/statement/{statement.pk}/change/",
                           form(signatory, status=status, slug="z", title="New"))
        Statement.objects.filter(title="Taken").update(slug="y")
        first = Version.objects.get_for_object(statement)[1]
        page = f"/admin/publishing/statement/{statement.pk}/history/{first.pk}/"
        shown = BeautifulSoup(editor_client.get(page).content, "html.parser")  # readable
        slug = shown.select_one("input[name=slug]")  # (none once published: locked)
        assert slug is None or slug["value"] == "z"
        answer = editor_client.post(page, form(signatory, status=status, slug="z",
                                               title="Old"))
        assert answer.status_code == 302
        statement.refresh_from_db()
        assert (statement.title, statement.slug, statement.status) == ("Old", "z", status)
        Statement.objects.filter(title="Taken").update(slug="x")
        statement.delete()


def _shown_status(page) -> str:
    select = BeautifulSoup(page.content, "html.parser").find("select", attrs={"name": "status"})
    return select.find("option", selected=True)["value"]


def test_a_scheduled_statement_whose_time_came_is_edited_with_a_plain_save(
        editor_client, make_signatory):
    signatory = make_signatory()
    when = timezone.localtime() + timedelta(hours=2)
    editor_client.post(ADD, form(signatory, status=Status.SCHEDULED, when=when))
    statement = Statement.objects.get()
    change = f"/admin/publishing/statement/{statement.pk}/change/"
    with time_machine.travel(when + timedelta(minutes=5)):
        status = _shown_status(editor_client.get(change))
        assert status == Status.PUBLISHED  # as the list shows it
        saved = editor_client.post(change, form(signatory, status=status, when=when,
                                                summary="A typo mended."))
        assert saved.status_code == 302, saved.content.decode()[:2000]
        statement.refresh_from_db()
        assert statement.summary == "A typo mended." and statement.status == Status.PUBLISHED
        listed = editor_client.get("/admin/publishing/statement/?status=published")
        assert "On the strike" in listed.content.decode()
        assert "On the strike" not in editor_client.get(
            "/admin/publishing/statement/?status=scheduled").content.decode()


def test_the_list_filters_by_status_as_its_column_shows_it(editor_client, make_statement):
    make_statement("Out already", status="scheduled",
                   published_at=timezone.now() + timedelta(hours=1))
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        scheduled = editor_client.get("/admin/publishing/statement/?status=scheduled")
        published = editor_client.get("/admin/publishing/statement/?status=published")
    assert "Out already" not in scheduled.content.decode()
    assert "Out already" in published.content.decode()


def test_publishing_a_scheduled_statement_now_locks_its_address_now(editor_client,
                                                                    make_signatory):
    signatory = make_signatory()
    editor_client.post(ADD, form(signatory, status=Status.SCHEDULED,
                                 when=timezone.localtime() + timedelta(days=7)))
    statement = Statement.objects.get()
    editor_client.post("/admin/publishing/statement/",
                       {"action": "publish_now", "_selected_action": [statement.pk]})
    statement.refresh_from_db()
    assert statement.first_published_at <= timezone.now()
    editor_client.post(f"/admin/publishing/statement/{statement.pk}/change/",
                       form(signatory, slug="renamed"))
    statement.refresh_from_db()
    assert statement.slug == "on-the-strike"


def test_a_statement_withdrawn_before_its_time_never_was_out(editor_client, make_signatory):
    signatory = make_signatory()
    when = timezone.localtime() + timedelta(days=1)
    editor_client.post(ADD, form(signatory, status=Status.SCHEDULED, when=when))
    statement = Statement.objects.get()
    editor_client.post("/admin/publishing/statement/",
                       {"action": "make_draft", "_selected_action": [statement.pk]})
    with time_machine.travel(when + timedelta(days=1)):
        editor_client.post(f"/admin/publishing/statement/{statement.pk}/change/",
                           form(signatory, status=Status.DRAFT, slug="a-better-address"))
    statement.refresh_from_db()
    assert statement.slug == "a-better-address" and statement.first_published_at is None


def test_publish_and_withdraw_actions(editor_client, client, make_statement):
    draft = make_statement("Draft one", status="draft")
    changelist = "/admin/publishing/statement/"
    editor_client.post(changelist, {"action": "publish_now", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    editor_client.post(changelist, {"action": "make_draft", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert len(Version.objects.get_for_object(draft)) == 2


def test_a_withdrawn_statement_tells_readers_so_and_a_draft_stays_unknown(
        editor_client, client, make_statement):
    # A link shared while it was out said "the address may be mistyped".
    out = make_statement("Was out", slug="was-out")
    never = make_statement("Never out", slug="never-out", status="draft")
    editor_client.post("/admin/publishing/statement/",
                       {"action": "make_draft", "_selected_action": [out.pk]})
    client.logout()
    gone = client.get("/en/statements/was-out/")
    assert gone.status_code == 410
    assert "This statement has been withdrawn" in gone.content.decode()
    assert "s-maxage" in gone["Cache-Control"]  # replaces a CDN's copy of the page
    assert client.get(f"/en/statements/{never.slug}/").status_code == 404


def test_new_statements_take_defaults_from_site_settings(editor_client):
    from sokhan.website.models import SiteSettings

    SiteSettings.objects.update_or_create(pk=1, defaults={"default_comment_mode": "closed",
                                                          "default_language": "fa"})
    html = editor_client.get(ADD, HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert '<option value="closed" selected>' in html
    assert '<option value="fa" selected>' in html


def test_a_new_statement_is_in_the_language_its_editor_works_in(editor_client):
    # The site's default language is its front page's: a statement begun in the Persian
    # admin was offered as English, and saved so when nobody looked.
    for language in ("fa", "en"):
        html = editor_client.get(ADD, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f'<option value="{language}" selected>' in html


@pytest.mark.parametrize(("url", "editor_status", "admin_status"), [
    ("/admin/auth/user/", 403, 200),
    ("/admin/website/sitesettings/1/change/", 403, 200),
    ("/admin/publishing/statement/", 200, 200),
    ("/admin/publishing/signatory/add/", 200, 200),
])
def test_roles(client, url, editor_status, admin_status):
    from sokhan.website.models import SiteSettings

    SiteSettings.load()
    client.force_login(staff("editor", EDITORS))
    assert client.get(url).status_code == editor_status
    client.force_login(staff("chief", ADMINISTRATORS))
    assert client.get(url).status_code == admin_status


def test_administrator_renames_the_organisation_without_a_deploy(client, make_statement):
    from sokhan.website.models import SiteSettings

    SiteSettings.load()
    client.force_login(staff("chief", ADMINISTRATORS))
    response = client.post("/admin/website/sitesettings/1/change/", {
        "organisation_name": "The Union of Writers", "organisation_name_fa": "کانون نویسندگان",
        "default_language": "en", "default_comment_mode": "open"})
    assert response.status_code == 302
    client.logout()
    assert "The Union of Writers" in client.get("/en/").content.decode()
    assert "کانون نویسندگان" in client.get("/fa/").content.decode()


def test_a_history_address_with_letters_for_a_number_is_a_404(editor_client):
    assert editor_client.get("/admin/publishing/statement/abc/history/1/").status_code == 404


def test_a_translation_key_is_one_statement_per_language(editor_client, make_signatory,
                                                         make_statement):
    make_statement("On the arrests", slug="on-the-arrests", translation_key="arrests")
    response = editor_client.post(ADD, form(make_signatory(), translation_key="arrests"))
    assert response.status_code == 200 and not Statement.objects.filter(
        slug="on-the-strike").exists()
    said = BeautifulSoup(response.content, "html.parser").select_one(
        ".field-translation_key .errorlist").get_text()
    assert "“On the arrests” is already the statement in this language" in said
    # In another language it is what the key is for.
    assert editor_client.post(ADD, form(make_signatory(), translation_key="arrests",
                                        language="fa")).status_code == 302


def test_a_translation_is_from_another_language(editor_client, make_signatory):
    response = editor_client.post(ADD, form(make_signatory(), translated_from="en"))
    assert response.status_code == 200 and not Statement.objects.exists()
    said = BeautifulSoup(response.content, "html.parser").select_one(
        ".field-translated_from .errorlist").get_text()
    assert "cannot be translated from its own language" in said
    assert editor_client.post(ADD, form(make_signatory(), translated_from="fa")).status_code == 302
    assert Statement.objects.get().translated_from == "fa"


@pytest.mark.parametrize("field", ["signatory", "topics"])
@pytest.mark.parametrize("crafted", ["abc", "99999999999999999999"])  # no key; past any key
def test_a_crafted_choice_is_a_form_error_not_a_server_error(editor_client, make_signatory,
                                                              field, crafted):
    response = editor_client.post(ADD, {**form(make_signatory()), field: crafted})
    # The form says so at the field, or (a number no database key can be, where Django's
    # own field lets the database's overflow through) the request is refused as bad input.
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert BeautifulSoup(response.content, "html.parser").select_one(
            f".field-{field} .errorlist")
    assert not Statement.objects.exists()


@pytest.mark.parametrize(("names", "said"), [
    ({"name_en": "", "name_fa": " "}, "Give a name in English or in Persian"),
    ({"name_en": "political-executive board of the union", "name_fa": ""},
     "Another signatory has this name."),
    ({"name_en": "", "name_fa": "هیئت اجرایی"}, "Another signatory has this name."),
    # Typed on an Arabic keyboard, or with two spaces: the same name to a reader.
    ({"name_en": "", "name_fa": "هيئت  اجرايي"}, "Another signatory has this name."),
])
def test_a_signatory_needs_a_name_of_its_own(client, make_signatory, names, said):
    client.force_login(staff("boss", ADMINISTRATORS))
    make_signatory()
    response = client.post("/admin/publishing/signatory/add/", {"slug": "second", **names})
    assert response.status_code == 200 and said in response.content.decode()
    assert not Signatory.objects.filter(slug="second").exists()


@pytest.mark.parametrize(("day", "clock"), [
    ("۲۰۲۳-۰۹-۰۳", "۱۸:۳۰"),  # Persian digits, Gregorian calendar
    ("1402-06-12", "18:30"),  # the Solar Hijri date of the same day
    ("۱۴۰۲/۰۶/۱۲", "۱۸:۳۰:۰۰"),
])
def test_a_persian_editor_types_the_date_with_persian_digits_or_in_solar_hijri(
        editor_client, make_signatory, day, clock):
    response = editor_client.post(ADD, {**form(make_signatory()), "published_at_0": day,
                                        "published_at_1": clock})
    assert response.status_code == 302, response.content.decode()[:3000]
    when = timezone.localtime(Statement.objects.get().published_at)
    assert (when.date().isoformat(), when.strftime("%H:%M")) == ("2023-09-03", "18:30")


def test_a_solar_hijri_day_that_does_not_exist_is_refused_saying_so(editor_client,
                                                                    make_signatory):
    response = editor_client.post(ADD, {**form(make_signatory()),
                                        "published_at_0": "1402-12-30"},  # 1402 had 29 Esfand
                                  HTTP_ACCEPT_LANGUAGE="fa")
    assert response.status_code == 200 and not Statement.objects.exists()
    # "Enter a valid date" said nothing of why.
    assert "۱۴۰۲-۱۲-۳۰" in BeautifulSoup(response.content, "html.parser").select_one(
        ".field-published_at .errorlist").get_text()


def test_language_marks_reach_the_editor_as_its_classes_and_are_saved_as_marks(
        editor_client, make_statement):
    statement = make_statement("On the strike", slug="on-the-strike",
                               body='<p>Say <span lang="fa" dir="rtl">آزادی</span>.</p>')
    page = BeautifulSoup(editor_client.get(
        f"/admin/publishing/statement/{statement.pk}/change/").content, "html.parser")
    shown = page.select_one("textarea[name=body]").text
    assert '<span class="lang-fa">آزادی</span>' in shown
    assert "data-django-prose-editor" in str(page.select_one("textarea[name=body]"))


def test_a_body_the_visual_editor_would_damage_is_offered_as_html(editor_client,
                                                                 make_statement,
                                                                 make_signatory):
    kept = '<figure><p>A figure</p><figcaption>Its caption</figcaption></figure>'
    statement = make_statement("On the strike", slug="on-the-strike", body=kept)
    url = f"/admin/publishing/statement/{statement.pk}/change/"
    page = BeautifulSoup(editor_client.get(url).content, "html.parser")
    field = page.select_one("textarea[name=body]")
    assert "data-django-prose-editor" not in str(field) and field.text.strip() == kept
    assert "cannot keep (figures)" in page.select_one(".field-body").get_text()
    edited = kept.replace("A figure", "A figure, edited")
    response = editor_client.post(url, {**form(make_signatory()), "body": edited})
    assert response.status_code == 302
    assert Statement.objects.get().body == edited


@pytest.mark.parametrize(("slug", "said"), [
    ("-", "The address needs at least one letter or digit."),
    ("on-the-arrests", "Another statement in this language has this address."),
])
def test_an_address_is_refused_at_its_field(editor_client, make_signatory, make_statement,
                                            slug, said):
    make_statement("On the arrests", slug="on-the-arrests")
    response = editor_client.post(ADD, form(make_signatory(), slug=slug))
    assert response.status_code == 200
    assert said in BeautifulSoup(response.content, "html.parser").select_one(
        ".field-slug .errorlist").get_text()


def test_a_published_statement_with_an_odd_old_address_can_still_be_edited(
        editor_client, make_signatory, make_statement):
    # Its address is locked (the field is gone from the form): a rule about addresses
    # must not stop, or crash, every later edit.
    statement = make_statement("On the strike", slug="---")
    response = editor_client.post(f"/admin/publishing/statement/{statement.pk}/change/",
                                  form(make_signatory(), title="On the strike, edited"))
    assert response.status_code == 302
    assert Statement.objects.get().title == "On the strike, edited"


def test_a_solar_hijri_year_written_day_first_is_refused_not_read_as_long_ago(
        editor_client, make_signatory):
    response = editor_client.post(ADD, {**form(make_signatory()),
                                        "published_at_0": "12/06/1402"})
    assert response.status_code == 200 and not Statement.objects.exists()
    assert "year first" in response.content.decode()


def test_history_is_read_in_the_reader_s_language_whoever_saved(editor_client, make_signatory):
    editor_client.post(ADD, form(make_signatory()), HTTP_ACCEPT_LANGUAGE="en")
    statement = Statement.objects.get()
    editor_client.post(f"/admin/publishing/statement/{statement.pk}/change/",
                       form(make_signatory(), title="On the strike, again"),
                       HTTP_ACCEPT_LANGUAGE="en")
    history = f"/admin/publishing/statement/{statement.pk}/history/"
    persian = BeautifulSoup(editor_client.get(history, HTTP_ACCEPT_LANGUAGE="fa").content,
                            "html.parser").select_one("#change-history").get_text()
    assert "Changed" not in persian and "Added" not in persian and "تغییر" in persian
    english = BeautifulSoup(editor_client.get(history, HTTP_ACCEPT_LANGUAGE="en").content,
                            "html.parser").select_one("#change-history").get_text()
    assert "عنوان" in persian and "Title" not in persian  # the field's name too
    assert "Changed Title" in english


def test_a_restore_is_read_in_the_reader_s_language_and_calendar(editor_client,
                                                                 make_signatory):
    signatory = make_signatory()
    editor_client.post(ADD, form(signatory))
    statement = Statement.objects.get()
    editor_client.post(f"/admin/publishing/statement/{statement.pk}/change/",
                       form(signatory, title="Second title"))
    first = Version.objects.get_for_object(statement)[1]
    editor_client.post(f"/admin/publishing/statement/{statement.pk}/history/{first.pk}/",
                       form(signatory, title=first.field_dict["title"]),
                       HTTP_ACCEPT_LANGUAGE="fa")
    history = f"/admin/publishing/statement/{statement.pk}/history/"

    def newest(language: str) -> str:
        table = BeautifulSoup(editor_client.get(history, HTTP_ACCEPT_LANGUAGE=language).content,
                              "html.parser").select_one("#change-history")
        return table.select("tbody tr")[-1].select("td")[1].get_text(strip=True)

    # Restored from the Persian admin; the English reader reads English, and the Persian
    # reader the Solar Hijri date of the version restored, in Persian digits.
    saved = first.revision.date_created
    assert newest("en").startswith("Reverted to the version saved on")
    assert str(timezone.localtime(saved).year) in newest("en")
    persian = newest("fa")
    assert dates.persian_digits(str(dates.jalali(timezone.localtime(saved).date())[0])) \
        in persian
    assert not any(c.isascii() and c.isalnum() for c in persian)


def test_an_old_version_shows_the_publication_a_restore_keeps(editor_client, make_signatory):
    # Withdrawn since, the statement's older version read "Published" on its History page;
    # a restore keeps it a draft, which only a message said, after the save.
    signatory = make_signatory()
    editor_client.post(ADD, form(signatory))
    statement = Statement.objects.get()
    editor_client.post(f"/admin/publishing/statement/{statement.pk}/change/",
                       form(signatory, title="Second title", status=Status.DRAFT))
    first = Version.objects.get_for_object(statement)[1]
    page = BeautifulSoup(editor_client.get(
        f"/admin/publishing/statement/{statement.pk}/history/{first.pk}/").content,
        "html.parser")
    assert page.select_one("select[name=status]") is None
    assert page.select_one(".field-status .readonly").get_text(strip=True) == "Draft"
    statement.refresh_from_db()
    assert statement.status == Status.DRAFT  # the page's reverting was rolled back


def test_the_persian_statement_list_dates_in_solar_hijri_in_one_column(editor_client,
                                                                       make_statement):
    make_statement("On the strike", published_at=timezone.make_aware(
        timezone.datetime(2023, 9, 3, 18, 30)))
    page = BeautifulSoup(editor_client.get("/admin/publishing/statement/",
                                           HTTP_ACCEPT_LANGUAGE="fa").content, "html.parser")
    row = page.select_one("#result_list tbody tr")
    assert "۱۲ شهریور ۱۴۰۲" in row.select_one(".field-published").get_text()
    assert row.select_one(".field-solar_hijri") is None  # the same date twice, no more
    assert row.select_one(".field-comments").get_text() == "باز"


def test_a_statement_in_the_other_language_is_read_and_spelled_in_its_own(editor_client,
                                                                          make_statement):
    # A Persian title in the English admin was spoken with the English voice and checked
    # against an English dictionary (WCAG 3.1.2): the list's title and the form's fields
    # carry the statement's language.
    persian = make_statement("دربارهٔ اعتصاب؟", language="fa", summary="خلاصه")
    make_statement("On the strike")
    # A Persian title of Latin letters is Persian all the same, in the list and on its page.
    vpn = make_statement("VPN", language="fa", slug="vpn")
    page = BeautifulSoup(editor_client.get("/admin/publishing/statement/").content,
                         "html.parser")
    titles = {bdi.get_text(): bdi.get("lang") for bdi in page.select(".field-headline a bdi")}
    assert titles == {"دربارهٔ اعتصاب؟": "fa", "On the strike": None, "VPN": "fa"}
    # Still the column that sorts by title.
    assert page.select_one("th.column-headline a[href*='o=']") is not None
    form = BeautifulSoup(editor_client.get(
        f"/admin/publishing/statement/{persian.pk}/change/").content, "html.parser")
    assert [form.select_one(f"[name={name}]").get("lang") for name in
            ("title", "summary", "body")] == ["fa", "fa", "fa"]
    assert form.select_one(".breadcrumbs bdi")["lang"] == "fa"
    for path in ("change/", "history/"):
        page = BeautifulSoup(editor_client.get(
            f"/admin/publishing/statement/{vpn.pk}/{path}").content, "html.parser")
        assert str(page.select_one(".breadcrumbs bdi")) == '<bdi lang="fa">VPN</bdi>'


def test_a_label_named_only_in_persian_opens_from_the_list_and_counts_in_its_digits(
        client, make_statement):
    client.force_login(staff("boss", ADMINISTRATORS))
    statement = make_statement("On the strike")
    signatory = statement.signatory
    Signatory.objects.filter(pk=signatory.pk).update(name_en="", name_fa="هیئت اجرایی")
    page = BeautifulSoup(client.get("/admin/publishing/signatory/",
                                    HTTP_ACCEPT_LANGUAGE="fa").content, "html.parser")
    row = page.select_one("#result_list tbody tr")
    assert row.select_one(".field-persian_name a").get_text() == "هیئت اجرایی"
    assert row.select_one(".field-statement_count").get_text() == "۱"
    # In the English admin, the Persian name is read with the Persian voice (lang), and
    # the empty English one is a dash that opens it too.
    page = BeautifulSoup(client.get("/admin/publishing/signatory/").content, "html.parser")
    row = page.select_one("#result_list tbody tr")
    assert str(row.select_one(".field-persian_name a bdi")) == '<bdi lang="fa">هیئت اجرایی</bdi>'
    assert row.select_one(".field-english_name a").get_text() == "-"


def test_the_statement_list_finds_a_phrase_of_the_body(editor_client, make_statement):
    make_statement("On the strike", body="<p>The Universal Declaration is clear.</p>")
    make_statement("Something else", slug="something-else")
    page = editor_client.get("/admin/publishing/statement/", {"q": "universal"})
    assert "On the strike" in page.content.decode()
    assert "Something else" not in page.content.decode()


@pytest.mark.parametrize(("names", "address"), [
    # Both names: the English one's address, not both joined.
    ({"name_en": "Students' Committee", "name_fa": "کمیته دانشجویی"}, "students-committee"),
    ({"name_en": "", "name_fa": "کمیتهٔ دانشجویان"}, "کمیته-دانشجویان"),
])
def test_a_label_left_without_an_address_gets_one_from_its_name(client, names, address):
    client.force_login(staff("boss", ADMINISTRATORS))
    response = client.post("/admin/publishing/topic/add/", {"slug": "", **names})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Topic.objects.get().slug == address


def test_a_label_keeps_the_address_it_has_and_a_new_one_takes_persian_letters(client):
    # Its address rewritten to Persian letters at every save: a topic an older site made
    # with the Arabic ones moved when its English name was corrected, and its shared
    # links and feeds broke (review).
    client.force_login(staff("boss", ADMINISTRATORS))
    old = Topic.objects.create(slug="كتاب", name_en="Bokos", name_fa="کتاب")
    response = client.post(f"/admin/publishing/topic/{old.pk}/change/",
                           {"slug": "كتاب", "name_en": "Books", "name_fa": "کتاب"})
    assert response.status_code == 302
    assert Topic.objects.get(pk=old.pk).slug == "كتاب"
    client.post("/admin/publishing/topic/add/", {"slug": "كميته", "name_en": "Committee",
                                                "name_fa": "كميته"})
    assert Topic.objects.filter(slug="کمیته").exists()
    # ... and so does its Persian name, as a Persian statement's words do.
    assert Topic.objects.get(slug="کمیته").name_fa == "کمیته"


def test_a_persian_editor_can_choose_the_month_a_statement_is_scheduled_for(editor_client,
                                                                          make_statement):
    # The months began at the present one: a statement scheduled for next month could be
    # found only through its status (editors' review).
    from bs4 import BeautifulSoup

    from sokhan.persian import dates

    later = timezone.localtime() + timedelta(days=45)
    make_statement("Next month's", status="scheduled", published_at=later)
    make_statement("Last week's", published_at=timezone.now() - timedelta(days=7))
    page = BeautifulSoup(editor_client.get("/admin/publishing/statement/",
                                           HTTP_ACCEPT_LANGUAGE="fa").content, "html.parser")
    months = [a["href"].rsplit("published_at_month=", 1)[1]
              for a in page.select("#changelist-filter a") if "published_at_month=" in a["href"]]
    year, month, _day = dates.jalali(later.date())
    assert months[0] == f"{year}-{month:02d}"
    chosen = editor_client.get("/admin/publishing/statement/",
                               {"published_at_month": months[0]},
                               HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "Next month" in chosen and "Last week" not in chosen


def test_the_topic_filter_names_statements_without_a_topic(editor_client, make_statement,
                                                          make_topic):
    # Django's own filter offered a lone "-" for them.
    make_statement("On the strike").topics.add(make_topic())
    page = BeautifulSoup(editor_client.get("/admin/publishing/statement/").content,
                         "html.parser")
    choice = page.find("a", href=re.compile(r"topics__isnull=True"))
    assert choice is not None and choice.get_text(strip=True) == "No topic"


@pytest.mark.parametrize("url", ["/admin/publishing/signatory/add/",
                                 "/admin/publishing/topic/add/"])
def test_a_new_label_s_form_asks_for_its_names_first_and_its_address_last(editor_client, url):
    # The address came first, the cursor in it, though it may be left empty (it is made
    # from the names): an editor adding a Persian-only signatory began with what to call
    # its address (an editors' review).
    html = editor_client.get(url).content.decode()
    places = [html.index(f'name="{field}"') for field in ("name_en", "name_fa", "slug")]
    assert places == sorted(places)


def test_the_persian_admin_asks_and_says_a_deletion_and_a_recovery_in_good_persian(
        editor_client, make_statement):
    # Django's Persian joined the statement's name to its title with a middle dot
    # ("بیانیه·"Statement on…""), and the recovery page was "بازیابی بیانیه‌ها حذف‌شده"
    # (an editors' review).
    with reversion.create_revision():
        statement = make_statement("Statement on the strike")
    page = f"/admin/publishing/statement/{statement.pk}/delete/"
    asked = BeautifulSoup(editor_client.get(page, HTTP_ACCEPT_LANGUAGE="fa").content,
                          "html.parser").select_one("#content").get_text(" ", strip=True)
    assert "بیانیه «Statement on the strike» را حذف کنید؟" in asked and "·" not in asked
    done = editor_client.post(page, {"post": "yes"}, HTTP_ACCEPT_LANGUAGE="fa", follow=True)
    said = BeautifulSoup(done.content, "html.parser").select_one(".messagelist").get_text()
    assert "بیانیه «Statement on the strike» با موفقیت حذف شد." in said
    recover = editor_client.get("/admin/publishing/statement/recover/",
                                HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "بازیابی موارد حذف‌شده (بیانیه‌ها)" in recover


def test_the_recovery_list_dates_each_statement_by_its_deletion_newest_first(
        editor_client, make_statement):
    # It was dated by the last save, under "Date/time": a statement deleted today but last
    # saved in spring stood among spring's (editors' review).
    with time_machine.travel("2025-04-01 10:00 +0000", tick=False), reversion.create_revision():
        spring = make_statement("Saved in spring", slug="spring")
    with time_machine.travel("2025-06-01 10:00 +0000", tick=False):
        with reversion.create_revision():
            june = make_statement("Saved in June", slug="june")
        editor_client.post(f"/admin/publishing/statement/{june.pk}/delete/", {"post": "yes"})
    with time_machine.travel("2025-09-01 10:00 +0000", tick=False):
        editor_client.post(f"/admin/publishing/statement/{spring.pk}/delete/",
                           {"post": "yes"})
    page = BeautifulSoup(editor_client.get("/admin/publishing/statement/recover/").content,
                         "html.parser")
    rows = [[cell.get_text(strip=True) for cell in row.select("th, td")]
            for row in page.select("#change-history tbody tr")]
    assert [row[1] for row in rows] == ["Saved in spring", "Saved in June"]
    assert "September 1, 2025" in rows[0][0] and "April 1, 2025" in rows[0][2]
    assert "June 1, 2025" in rows[1][0]
    headers = [th.get_text(strip=True) for th in page.select("#change-history thead th")]
    assert headers == ["Deleted", "Statement", "Last saved"]


def test_deleting_a_statement_with_comments_warns_that_they_go_for_good(client,
                                                                       make_statement):
    # Recovering a deleted statement brings it back without its comments, and Draft takes
    # a statement down with them kept: the confirmation page said neither. (Only a
    # superuser, such as the first administrator, may: no role may delete comments, nor
    # so a statement that has some.)
    from sokhan.comments import posting

    client.force_login(User.objects.create_superuser("root", password="a-long-password-1"))
    editor_client = client
    statement = make_statement("On the strike")
    page = f"/admin/publishing/statement/{statement.pk}/delete/"
    assert "errornote" not in editor_client.get(page).content.decode()
    for words in ("First.", "Second."):
        posting.save(statement, {"comment": words}, None, "hash", 1)
    warning = BeautifulSoup(editor_client.get(page).content, "html.parser").select_one(
        ".errornote").get_text()
    assert "This statement has 2 comments" in warning and "set its status to Draft" in warning
    # What goes with it names its comments, not the prints the likeness check keeps of a
    # long one ("Prints: 24", then "Print: Print object (121)" a line each).
    from sokhan.comments.models import Print

    posting.save(statement, {"comment": "A longer comment, long enough to be printed: "
                             "every reader of it may see a flood's copy of it."}, None, "h", 1)
    assert Print.objects.exists()
    listed = BeautifulSoup(editor_client.get(page).content, "html.parser").select_one(
        "#content").get_text()
    assert "Comments: 3" in listed and "Print" not in listed


def test_the_translation_key_is_offered_from_the_other_statements_titles(editor_client,
                                                                        make_statement):
    # A key typed again letter for letter, on the other statement: one slip and the two
    # were not linked. Typing a few words of its title now offers its key (no script).
    make_statement("On the strike", translation_key="strike-2025")
    make_statement("بیانیه", language="fa", slug="بیانیه", translation_key="strike-2025")
    make_statement("Without a key", slug="without")
    page = BeautifulSoup(editor_client.get(ADD).content, "html.parser")
    field = page.find("input", attrs={"name": "translation_key"})
    offered = page.find("datalist", id=field["list"]).find_all("option")
    assert [o["value"] for o in offered] == ["strike-2025", "without"]
    assert sorted(offered[0].get_text().split(" · ")) == ["On the strike (en)", "بیانیه (fa)"]
    # A statement with no key is offered by its address (what the next test does).
    assert offered[1].get_text() == "Without a key (en), no key yet: saving gives it this one"


def test_an_original_whose_address_is_an_older_family_s_key_is_not_offered(
        editor_client, make_statement, monkeypatch):
    # Past the newest keys offered, such an address was offered as the original's: saved
    # with it, the translation joined the older family instead (review).
    from sokhan.publishing.admin import forms as statement_forms

    monkeypatch.setattr(statement_forms, "MOST_KEYS_OFFERED", 1)
    make_statement("Old family", slug="old", translation_key="strike",
                   published_at=timezone.now() - timedelta(days=900))
    make_statement("Newer family", slug="newer", translation_key="newer-key")
    make_statement("اعتصاب", language="fa", slug="strike")
    page = BeautifulSoup(editor_client.get(ADD).content, "html.parser")
    offered = [o["value"] for o in page.select("datalist option")]
    assert offered == ["newer-key"]


def test_a_translation_given_the_original_s_address_as_key_links_the_two(
        editor_client, client, make_statement, make_signatory):
    # The original had to be given a key first, in a form of its own, and the translation
    # the same key in another: now the translation's form alone links them.
    original = make_statement("بیانیه دربارهٔ اعتصاب", language="fa", slug="اعتصاب")
    saved = editor_client.post(ADD, form(make_signatory(), translation_key="اعتصاب",
                                         translated_from="fa"), follow=True)
    assert "now has this one" in saved.content.decode()
    original.refresh_from_db()
    assert original.translation_key == "اعتصاب"
    client.logout()
    page = BeautifulSoup(client.get("/en/statements/on-the-strike/").content, "html.parser")
    assert page.select_one(f'a[href="{original.get_absolute_url()}"]') is not None


@pytest.mark.parametrize("other", [
    {"language": "en", "slug": "strike"},  # the same language: not a translation
    {"language": "fa", "slug": "strike", "translation_key": "its-own"},  # has a key
])
def test_a_key_that_is_another_statement_s_address_links_only_a_keyless_translation(
        editor_client, make_statement, make_signatory, other):
    make_statement("Other", **other)
    editor_client.post(ADD, form(make_signatory(), slug="on-the-strike", translation_key="strike"))
    assert Statement.objects.get(title="Other").translation_key == other.get(
        "translation_key", "")


def test_a_key_already_shared_is_not_given_to_a_statement_whose_address_it_is(
        editor_client, make_statement, make_signatory):
    make_statement("Keyed", language="fa", slug="keyed",
                   translation_key="strike")
    make_statement("Addressed", language="fa", slug="strike")
    editor_client.post(ADD, form(make_signatory(), translation_key="strike"))
    assert Statement.objects.get(title="Addressed").translation_key == ""


def test_a_statement_unlinked_by_hand_stays_so_when_its_former_translation_is_edited(
        editor_client, make_statement, make_signatory):
    # Only a key just given links: the original's key emptied on purpose (not a
    # translation after all) came back with the next typo fixed in the other statement.
    original = make_statement("بیانیه دربارهٔ اعتصاب", language="fa", slug="اعتصاب")
    editor_client.post(ADD, form(make_signatory(), translation_key="اعتصاب"), follow=True)
    Statement.objects.filter(pk=original.pk).update(translation_key="")  # unlinked
    translation = Statement.objects.get(slug="on-the-strike")
    saved = editor_client.post(f"/admin/publishing/statement/{translation.pk}/change/",
                               form(translation.signatory, translation_key="اعتصاب",
                                    summary="We support the strikers."), follow=True)
    assert "now has this one" not in saved.content.decode()
    original.refresh_from_db()
    assert original.translation_key == ""


def test_deleting_statements_with_comments_from_the_list_warns_as_well(client,
                                                                      make_statement):
    # The list's "Delete selected statements" has a page of its own
    # (delete_selected_confirmation.html), which said nothing of the comments either.
    from sokhan.comments import posting

    client.force_login(User.objects.create_superuser("root", password="a-long-password-1"))
    statement = make_statement("On the strike")
    posting.save(statement, {"comment": "First."}, None, "hash", 1)
    asked = client.post("/admin/publishing/statement/", {
        "action": "delete_selected", "_selected_action": [statement.pk]})
    assert asked.status_code == 200 and "Yes, I’m sure" in asked.content.decode()
    warning = BeautifulSoup(asked.content, "html.parser").select_one(".errornote")
    assert warning is not None and "set its status to Draft" in warning.get_text()
    assert "have 1 comment." in warning.get_text()
    # ... and "Yes, I'm sure" still deletes them.
    client.post("/admin/publishing/statement/", {
        "action": "delete_selected", "_selected_action": [statement.pk], "post": "yes"})
    assert not Statement.objects.exists()


@pytest.mark.parametrize("button", [{}, {"_continue": "1"}, {"_addanother": "1"}])
def test_the_persian_admin_says_every_save_as_it_says_save_and_continue(editor_client,
                                                                       button):
    # Only "Save and continue editing" was said in good Persian («…», half-spaces); Save
    # and "Save and add another", the same deed, still said '"…"' and "میتوانید".
    def said(url: str) -> str:
        done = editor_client.post(url, {"name_en": "Strikes", "name_fa": "", "slug": "",
                                        **button}, HTTP_ACCEPT_LANGUAGE="fa", follow=True)
        return BeautifulSoup(done.content, "html.parser").select_one(
            ".messagelist").get_text(strip=True)

    added = said("/admin/publishing/topic/add/")
    changed = said(f"/admin/publishing/topic/{Topic.objects.get().pk}/change/")
    for message in (added, changed):
        assert "«Strikes»" in message and '"' not in message and "میتوانید" not in message


@pytest.mark.parametrize(("language", "words"), [("en", ["Date:", "Time:"]),
                                                 ("fa", ["تاریخ:", "زمان:"])])
def test_the_publication_date_and_time_boxes_each_have_a_label(editor_client, language,
                                                               words):
    # Django's two boxes stood after bare words ("Date:", "Time:") and the field's label
    # named neither: a screen reader met two nameless text boxes (WCAG 1.3.1, 4.1.2).
    page = BeautifulSoup(editor_client.get(ADD, HTTP_ACCEPT_LANGUAGE=language).content,
                         "html.parser")
    labels = [page.find("label", attrs={"for": f"id_published_at_{box}"}) for box in (0, 1)]
    assert [label and label.get_text(strip=True) for label in labels] == words
    for box in (0, 1):
        assert page.find("input", id=f"id_published_at_{box}") is not None
