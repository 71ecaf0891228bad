"""Importing documents into the site and exporting the site back to documents.

The key of a statement is its language and slug: importing a file again updates that
statement (or leaves it alone), never makes a second one. A refused file leaves nothing
behind. Export then import gives the same statements back.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation
from reversion.models import Revision, Version

from sokhan.cli import DEMO_DIR
from sokhan.publishing.models import Signatory, Statement, Topic
from sokhan.publishing.transfer import export_all, import_file, import_paths
from sokhan.website.historyentry import readable
from sokhan.website.models import SiteSettings

pytestmark = pytest.mark.django_db
TEHRAN = ZoneInfo("Asia/Tehran")

FIELDS = {
    "title": '"Statement on the Arrest of Journalists"',
    "slug": "journalists-arrest",
    "language": "en",
    "date": "2023-09-03 18:30",
    "signatory": '{slug: executive-board, en: "Executive Board", fa: "هیئت اجرایی"}',
    "topics": '[{slug: press-freedom, en: "Press freedom", fa: "آزادی مطبوعات"}]',
}
BODY = "We **condemn** the arrests.\n"


def write(folder: Path, name: str, body: str = BODY, **fields: str | None) -> Path:
    """A document file: FIELDS with some replaced (a value) or dropped (None)."""
    merged = {**FIELDS, **fields}
    front = "".join(f"{key}: {value}\n" for key, value in merged.items() if value is not None)
    path = folder / name
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


def counts() -> tuple[int, int, int]:
    return Statement.objects.count(), Signatory.objects.count(), Topic.objects.count()


def snapshot() -> dict[tuple[str, str], dict[str, object]]:
    """Everything a reader or editor sees of every statement."""
    def label(obj: Signatory | Topic) -> tuple[str, str, str]:
        return obj.slug, obj.name_en, obj.name_fa

    return {
        (s.language, s.slug): {
            "title": s.title, "summary": s.summary, "body": s.body,
            "signatory": label(s.signatory),
            "topics": sorted(label(t) for t in s.topics.all()),
            "published_at": s.published_at, "status": s.status,
            "comment_mode": s.comment_mode, "translation_key": s.translation_key,
            "translated_from": s.translated_from,
        }
        for s in Statement.objects.select_related("signatory").prefetch_related("topics")
    }


# --- The demo folder ------------------------------------------------------------------------

def test_the_demo_folder_imports_seven_statements_in_two_languages() -> None:
    outcomes = import_paths([DEMO_DIR])

    assert [o.action for o in outcomes] == ["created"] * 7
    assert Statement.objects.count() == 7
    assert Statement.objects.filter(language="en").count() == 4
    assert Statement.objects.filter(language="fa").count() == 3
    for label in [*Signatory.objects.all(), *Topic.objects.all()]:
        assert label.name_en and label.name_fa, f"{label.slug} lacks a name"
    board = Signatory.objects.get(slug="political-executive-board")
    assert board.name_en == "Political-Executive Board of the Civic Assembly"
    assert board.name_fa == "هیئت سیاسی-اجرایی مجمع مدنی"
    assert set(Topic.objects.values_list("slug", flat=True)) == {
        "free-elections", "press-freedom", "political-prisoners", "labour-rights",
        "right-to-protest", "womens-rights"}


def test_demo_translations_share_their_key() -> None:
    import_paths([DEMO_DIR])

    pair = Statement.objects.filter(translation_key="workers-day-2024")
    assert sorted(pair.values_list("language", "translated_from")) == [("en", "fa"),
                                                                        ("fa", "")]


def test_imported_dates_are_read_in_the_site_time_zone() -> None:
    import_paths([DEMO_DIR / "en-journalists-arrest.md"])

    statement = Statement.objects.get()
    # "2023-09-03 18:30" in Tehran (+03:30).
    assert statement.published_at == datetime(2023, 9, 3, 15, 0, tzinfo=UTC)
    assert statement.status == "published"


# --- Importing again ------------------------------------------------------------------------

def test_importing_the_same_file_again_changes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "statement.md")
    assert import_file(path).action == "created"
    before, revisions = snapshot(), Revision.objects.count()

    assert import_file(path).action == "unchanged"
    assert import_file(path).action == "unchanged"

    assert counts() == (1, 1, 1)
    assert snapshot() == before
    assert Revision.objects.count() == revisions


@pytest.mark.parametrize("date", [
    "2023-09-03 18:30",
    "2021-09-21 23:30",  # Tehran set its clocks back at midnight: this hour came twice
    "2021-03-22 00:30",  # ...and forward a year earlier: this hour never came
    "2023-09-03T15:00:00+00:00",
])
def test_a_file_imported_again_is_unchanged_whatever_its_date(tmp_path: Path,
                                                              date: str) -> None:
    path = write(tmp_path, "statement.md", date=date)
    import_file(path)

    assert import_file(path).action == "unchanged"


CHANGES = [
    # (what the editor changed in the file, field values, what the statement shows)
    ("body", {"body": "We **strongly** condemn the arrests.\n"}, "body",
     "<p>We <strong>strongly</strong> condemn the arrests.</p>"),
    ("title", {"title": '"Statement on the Arrests"'}, "title", "Statement on the Arrests"),
    ("summary", {"summary": '"Seven journalists arrested."'}, "summary",
     "Seven journalists arrested."),
    ("date", {"date": "2023-09-04 09:00"}, "published_at",
     datetime(2023, 9, 4, 5, 30, tzinfo=UTC)),
    ("status", {"status": "draft"}, "status", "draft"),
    ("comments", {"comments": "closed"}, "comment_mode", "closed"),
    ("translation key", {"translation_key": "arrests"}, "translation_key", "arrests"),
    ("translated from", {"translated_from": "fa"}, "translated_from", "fa"),
]


@pytest.mark.parametrize(("change", "attribute", "shown"),
                         [pytest.param(row[1], row[2], row[3], id=row[0]) for row in CHANGES])
def test_a_changed_file_updates_its_statement(tmp_path: Path, change: dict[str, str],
                                              attribute: str, shown: object) -> None:
    import_file(write(tmp_path, "statement.md"))

    outcome = import_file(write(tmp_path, "statement.md", **change))

    assert outcome.action == "updated"
    statement = Statement.objects.get()  # the same one, not a second
    assert getattr(statement, attribute) == shown


def test_changed_topics_and_signatory_update_the_statement(tmp_path: Path) -> None:
    import_file(write(tmp_path, "statement.md"))

    outcome = import_file(write(tmp_path, "statement.md", signatory='"Central Council"',
                                topics='["Labour rights", "Press freedom"]'))

    assert outcome.action == "updated"
    statement = Statement.objects.get()
    assert statement.signatory.name_en == "Central Council"
    assert sorted(statement.topics.values_list("slug", flat=True)) == ["labour-rights",
                                                                     "press-freedom"]


def test_without_a_slug_the_title_is_the_key(tmp_path: Path) -> None:
    import_file(write(tmp_path, "statement.md", slug=None))
    assert Statement.objects.get().slug == "statement-on-the-arrest-of-journalists"

    # A new title without a slug is a new address, so a new statement.
    outcome = import_file(write(tmp_path, "statement.md", slug=None, title='"Another one"'))

    assert outcome.action == "created"
    assert sorted(Statement.objects.values_list("slug", flat=True)) == [
        "another-one", "statement-on-the-arrest-of-journalists"]


def test_an_address_made_from_an_arabic_keyboard_title_has_the_persian_letters(
        tmp_path: Path) -> None:
    # "كميتهٔ زنان" typed with an Arabic kaf and yeh made an address of both alphabets,
    # locked once out, which neither keyboard could type (editors' review); a topic made
    # from such a name, the same.
    title = '"بیانیه كميتهٔ زنان"'
    import_file(write(tmp_path, "fa.md", language="fa", slug=None, title=title,
                      topics='["آزادي بيان"]'))
    statement = Statement.objects.get()
    assert statement.slug == "بیانیه-کمیته-زنان"
    assert list(statement.topics.values_list("slug", flat=True)) == ["آزادی-بیان"]
    # Imported again: the same statement, not a second one.
    assert import_file(write(tmp_path, "fa.md", language="fa", slug=None, title=title,
                             topics='["آزادي بيان"]')).action == "unchanged"


def test_a_persian_statement_s_words_are_saved_with_the_persian_letters(
        tmp_path: Path) -> None:
    # An archive typed on an Arabic keyboard kept its ي and ك, where the admin saves a
    # Persian statement's words and names with the Persian ی and ک: a site built by
    # import showed both (a review of the docs). Words marked Arabic keep theirs.
    outcome = import_file(write(
        tmp_path, "fa.md", "متن بيانيه كميته. <span lang=\"ar\">في سبيل</span>\n",
        language="fa", slug="bayanieh", title='"بيانيه كميته"', summary='"خلاصهٔ كوتاه"',
        signatory='"كميتهٔ زنان"', topics='["آزادي مطبوعات"]'))
    statement = Statement.objects.get()
    assert (statement.title, statement.summary) == ("بیانیه کمیته", "خلاصهٔ کوتاه")
    assert "متن بیانیه کمیته." in statement.body and ">في سبيل</span>" in statement.body
    assert statement.signatory.name_fa == "کمیتهٔ زنان"
    assert [t.name_fa for t in statement.topics.all()] == ["آزادی مطبوعات"]
    assert outcome.detail.split("; ") == [
        "new signatory 'کمیتهٔ زنان' made", "new topic 'آزادی مطبوعات' made",
        "9 letters typed on an Arabic keyboard (ي, ى or ك) saved as the Persian ones (ی or ک)"]
    # Imported again, it is the same statement, and nothing is said of the letters.
    again = import_file(tmp_path / "fa.md")
    assert (again.action, again.detail) == ("unchanged", "")
    # An English statement's words are left as they are (an Arabic name quoted in it).
    import_file(write(tmp_path, "en.md", "Signed by كميته.\n", title='"On كميته"'))
    english = Statement.objects.get(language="en")
    assert english.title == "On كميته" and "كميته" in english.body


def test_a_file_imported_before_with_a_mixed_address_finds_its_statement(
        tmp_path: Path, make_statement) -> None:
    # Made by an import before addresses took the Persian letters: found again, not
    # doubled.
    make_statement("بیانیه كميتهٔ زنان", slug="بیانیه-كميته-زنان", language="fa")
    outcome = import_file(write(tmp_path, "fa.md", language="fa", slug=None,
                                title='"بیانیه كميتهٔ زنان"'))
    assert outcome.action == "updated" and Statement.objects.count() == 1


def test_the_same_slug_in_another_language_is_another_statement(tmp_path: Path) -> None:
    import_file(write(tmp_path, "en.md"))

    assert import_file(write(tmp_path, "fa.md", language="fa")).action == "created"
    assert sorted(Statement.objects.values_list("language", flat=True)) == ["en", "fa"]


# --- Signatories and topics -----------------------------------------------------------------

def test_a_name_finds_the_signatory_the_site_has(tmp_path: Path, make_signatory) -> None:
    board = make_signatory(slug="executive-board", en="Executive Board", fa="هیئت اجرایی")

    import_file(write(tmp_path, "fa.md", language="fa", signatory='"هیئت اجرایی"'))

    assert Statement.objects.get().signatory == board
    assert Signatory.objects.count() == 1


@pytest.mark.parametrize(("field", "written"), [
    ("topics", '["Press Freedom"]'),          # spelt with a capital F
    ("topics", '["press freedom"]'),
    ("signatory", '"Executive board"'),
])
def test_a_name_spelt_differently_reuses_the_label_with_its_address(
        tmp_path: Path, make_signatory, make_topic, field: str, written: str) -> None:
    make_signatory(slug="executive-board", en="Executive Board")
    make_topic(slug="press-freedom", en="Press freedom")

    outcome = import_file(write(tmp_path, "statement.md", **{field: written}))

    assert outcome.action == "created"
    assert counts() == (1, 1, 1)
    statement = Statement.objects.get()
    assert statement.signatory.slug == "executive-board"
    assert list(statement.topics.values_list("slug", flat=True)) == ["press-freedom"]


def test_a_label_named_only_by_its_slug_is_made_with_that_slug(tmp_path: Path) -> None:
    import_file(write(tmp_path, "statement.md", topics="[{slug: press-freedom}]"))

    assert list(Topic.objects.values_list("slug", "name_en")) == [("press-freedom", "")]


def test_a_missing_name_is_filled_in_and_a_given_one_kept(tmp_path: Path, make_topic) -> None:
    make_topic(slug="press-freedom", en="Press freedom", fa="")

    import_file(write(tmp_path, "statement.md",
                      topics='[{slug: press-freedom, en: "Freedom of the press", '
                             'fa: "آزادی مطبوعات"}]'))

    topic = Topic.objects.get()
    assert (topic.name_en, topic.name_fa) == ("Press freedom", "آزادی مطبوعات")


def test_a_name_added_to_the_file_reaches_the_site_on_import_again(tmp_path: Path) -> None:
    import_file(write(tmp_path, "statement.md", topics='[{slug: press-freedom, en: Press}]'))

    outcome = import_file(write(tmp_path, "statement.md",
                                topics='[{slug: press-freedom, en: Press, fa: مطبوعات}]'))

    assert outcome.action == "unchanged"  # the statement is; its topic gained a name
    assert Topic.objects.get().name_fa == "مطبوعات"


def test_new_statements_take_the_site_comment_default(tmp_path: Path) -> None:
    site = SiteSettings.load()
    site.default_comment_mode = "hidden"
    site.save()

    import_file(write(tmp_path, "statement.md"))

    assert Statement.objects.get().comment_mode == "hidden"


def test_a_future_date_schedules_the_statement(tmp_path: Path) -> None:
    future = (timezone.now() + timedelta(days=3)).astimezone(TEHRAN)

    import_file(write(tmp_path, "statement.md", date=future.strftime("%Y-%m-%d %H:%M")))

    statement = Statement.objects.get()
    assert statement.status == "scheduled"
    assert not Statement.objects.public().exists()


def test_scheduled_with_a_past_date_is_refused_not_published(tmp_path: Path) -> None:
    outcome = import_file(write(tmp_path, "statement.md", status="scheduled"))

    assert outcome.action == "refused"
    assert "field 'status'" in outcome.detail and "2023-09-03 18:30 has passed" in outcome.detail
    assert not Statement.objects.exists()


def test_an_exported_plan_whose_time_has_come_imports_again(tmp_path: Path) -> None:
    soon = (timezone.now() + timedelta(minutes=5)).astimezone(TEHRAN)
    path = write(tmp_path, "statement.md", date=soon.strftime("%Y-%m-%d %H:%M"),
                 status="scheduled")
    assert import_file(path).action == "created"

    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        again = import_file(path)
        (exported,) = export_all(tmp_path / "out")
        assert Statement.objects.public().count() == 1

    assert again.action in ("unchanged", "updated")
    assert "status: published" in exported.read_text(encoding="utf-8")


@pytest.mark.parametrize("field", ["signatory", "topics"])
def test_a_name_in_a_language_the_site_lacks_is_refused(tmp_path: Path, field: str) -> None:
    value = '{slug: board, en: Board, de: Vorstand}'
    outcome = import_file(write(tmp_path, "statement.md",
                                **{field: value if field == "signatory" else f"[{value}]"}))

    assert outcome.action == "refused"
    assert f"field '{field}'" in outcome.detail and "'de'" in outcome.detail
    assert counts() == (0, 0, 0)


# --- Refused files --------------------------------------------------------------------------

REFUSED = [
    # (what is wrong, fields, words in the message)
    ("bad date", {"date": "2023-13-45"}, "field 'date'"),
    ("unknown language", {"language": "xx"}, "field 'language'"),
    ("no signatory", {"signatory": None}, "field 'signatory'"),
    ("empty body", {"body": "\n"}, "field 'body'"),
    ("slug with spaces", {"slug": '"journalists arrest"'}, "field 'slug'"),
    # These fail while saving, after a new signatory and topic were already made:
    ("title without letters", {"title": '"!!!"', "slug": None,
                               "signatory": '"New Board"', "topics": '["New topic"]'},
     "field 'slug'"),
    ("topic without letters", {"signatory": '"New Board"', "topics": '["New topic", "!!!"]'},
     "field 'topics'"),
    ("signatory without letters", {"signatory": '"…"'}, "field 'signatory'"),
]


@pytest.mark.parametrize(("fields", "words"),
                         [pytest.param(row[1], row[2], id=row[0]) for row in REFUSED])
def test_a_refused_file_leaves_nothing_behind(tmp_path: Path, make_statement, fields,
                                             words: str) -> None:
    make_statement(title="Already on the site")
    before, revisions = snapshot(), Revision.objects.count()
    path = write(tmp_path, "bad-statement.md", **fields)

    outcome = import_file(path)

    assert outcome.action == "refused"
    assert words in outcome.detail
    assert f"refused   {path}: {words}" in str(outcome)
    assert counts() == (1, 1, 0)
    assert snapshot() == before
    assert Revision.objects.count() == revisions


def test_a_refused_file_leaves_its_statement_as_it_was(tmp_path: Path) -> None:
    import_file(write(tmp_path, "statement.md"))
    before = snapshot()

    outcome = import_file(write(tmp_path, "statement.md", body="Changed.\n",
                                topics='["New topic", "!!!"]'))

    assert outcome.action == "refused"
    assert snapshot() == before
    assert counts() == (1, 1, 1)


@pytest.mark.parametrize(("content", "words"), [
    ("---\ntitle: Caf\xe9\n---\n".encode("latin-1"), "not UTF-8"),
    (b"\xff\xfe-\x00-\x00-\x00", "not UTF-8"),  # UTF-16
])
def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path, content: bytes,
                                            words: str) -> None:
    path = tmp_path / "latin.md"
    path.write_bytes(content)

    outcome = import_file(path)

    assert (outcome.action, outcome.detail) == ("refused", "the file is not UTF-8 text")
    assert Statement.objects.count() == 0


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    outcome = import_file(tmp_path / "gone.md")

    assert outcome.action == "refused"
    assert "cannot read the file" in outcome.detail


def test_one_bad_file_does_not_stop_the_good_ones(tmp_path: Path) -> None:
    write(tmp_path, "a-good.md", slug="a")
    write(tmp_path, "b-bad.md", slug="b", date="yesterday")
    (tmp_path / "nested").mkdir()
    write(tmp_path / "nested", "c-good.html", slug="c", body="<p>In HTML.</p>")
    (tmp_path / "notes.txt").write_text("not a statement")

    outcomes = import_paths([tmp_path])

    assert [(o.path.name, o.action) for o in outcomes] == [
        ("a-good.md", "created"), ("b-bad.md", "refused"), ("c-good.html", "created")]
    assert "field 'date'" in outcomes[1].detail
    assert sorted(Statement.objects.values_list("slug", flat=True)) == ["a", "c"]


def test_each_outcome_is_reported_as_it_happens(tmp_path: Path) -> None:
    write(tmp_path, "a.md", slug="a")
    write(tmp_path, "b.md", slug="b")
    seen = []

    outcomes = import_paths([tmp_path], on_each=seen.append)

    assert seen == outcomes


def test_unknown_fields_are_imported_with_a_note(tmp_path: Path) -> None:
    outcome = import_file(write(tmp_path, "statement.md", author="Press office"))

    assert outcome.action == "created"
    assert outcome.detail.endswith("; unknown fields ignored: author")


def test_a_name_the_site_does_not_have_is_said_to_make_a_new_one(tmp_path: Path) -> None:
    # A misspelt signatory went public under a new name, and the report said only "created".
    import_file(write(tmp_path, "first.md", slug="first"))
    outcome = import_file(write(tmp_path, "second.md", slug="second",
                                signatory='"Central Committee"'))
    assert outcome.action == "created"
    assert outcome.detail == "new signatory 'Central Committee' made"


def test_a_name_typed_on_the_other_keyboard_is_the_site_s_own(tmp_path: Path) -> None:
    # "كميتهٔ زنان" (Arabic kaf and yeh) made a second, identical-looking Women's Committee.
    import_file(write(tmp_path, "first.md", slug="first", language="fa",
                      signatory='"کمیتهٔ  زنان"'))
    outcome = import_file(write(tmp_path, "second.md", slug="second", language="fa",
                                signatory='"كميتهٔ زنان"', topics='"حقوق كارگران"'))
    assert Signatory.objects.count() == 1
    # Made with the Persian letters, as the admin saves a name.
    assert outcome.detail == "new topic 'حقوق کارگران' made"


# --- History --------------------------------------------------------------------------------

def test_an_import_is_recorded_in_the_statement_history(tmp_path: Path,
                                                        django_user_model) -> None:
    editor = django_user_model.objects.create_user("editor")
    import_file(write(tmp_path, "journalists.md"), user=editor)
    import_file(write(tmp_path, "journalists.md", body="Changed.\n"))

    statement = Statement.objects.get()
    versions = Version.objects.get_for_object(statement)  # newest first
    with translation.override("en"):
        assert [readable(v.revision) for v in versions] == ["Imported from journalists.md"] * 2
    with translation.override("fa"):  # the file's own name, digits and all
        versions[0].revision.comment = versions[0].revision.comment.replace(
            "journalists.md", "statement-12.md")
        assert "statement-12.md" in readable(versions[0].revision)
    assert versions[1].revision.user == editor
    assert versions[1].field_dict["topics"] == [Topic.objects.get().pk]
    assert "Changed." in versions[0].field_dict["body"]


# --- Export ---------------------------------------------------------------------------------

def test_export_then_import_gives_every_statement_back(tmp_path: Path, make_statement,
                                                       make_signatory, make_topic) -> None:
    import_paths([DEMO_DIR])
    english_only = make_signatory(slug="press-office", en="Press Office", fa="")
    make_statement("A draft", status="draft", comment_mode="hidden", signatory=english_only,
                   topics=[make_topic(slug="drafts", en="", fa="پیش‌نویس")],
                   published_at=timezone.now().replace(microsecond=123456))
    make_statement("Scheduled: next week", summary="Soon.", comment_mode="closed",
                   published_at=timezone.now() + timedelta(days=7), translation_key="soon")
    make_statement("بیانیه", language="fa", slug="بیانیه-فارسی",
                   body="<blockquote><p dir=\"rtl\">نقل</p></blockquote>")
    before = snapshot()

    written = list(export_all(tmp_path / "export"))

    assert len(written) == len(before) == 10
    Statement.objects.all().delete()
    Signatory.objects.all().delete()
    Topic.objects.all().delete()
    outcomes = import_paths([tmp_path / "export"])
    assert [o.action for o in outcomes] == ["created"] * 10
    assert snapshot() == before


def test_an_export_imported_again_changes_nothing(tmp_path: Path) -> None:
    import_paths([DEMO_DIR])
    list(export_all(tmp_path))

    assert {o.action for o in import_paths([tmp_path])} == {"unchanged"}


def test_a_long_persian_slug_exports_to_a_file_name_that_fits(tmp_path: Path, make_statement
                                                              ) -> None:
    # 150 Persian letters are 300 bytes: more than a file name may hold (255).
    slug = "آزادی-" * 25
    long_one = make_statement("بیانیه", language="fa", slug=slug.strip("-"))
    twin = make_statement("بیانیه دوم", language="fa", slug=slug + "دوم")
    before = snapshot()
    written = list(export_all(tmp_path / "export"))
    assert len(written) == 2 and all(len(p.name.encode()) <= 255 for p in written)
    assert len({p.name for p in written}) == 2
    Statement.objects.all().delete()
    assert {o.action for o in import_paths([tmp_path / "export"])} == {"created"}
    assert snapshot() == before
    assert {s.slug for s in Statement.objects.all()} == {long_one.slug, twin.slug}


def test_a_translation_key_another_statement_of_the_language_has_is_refused(
        tmp_path: Path) -> None:
    import_file(write(tmp_path, "first.md", translation_key="arrests"))
    outcome = import_file(write(tmp_path, "second.md", slug="another", translation_key="arrests"))

    assert outcome.action == "refused"
    assert "field 'translation_key'" in outcome.detail and "journalists-arrest" in outcome.detail
    assert Statement.objects.count() == 1


def test_an_address_without_a_letter_or_digit_is_refused(tmp_path: Path) -> None:
    outcome = import_file(write(tmp_path, "statement.md", slug='"---"'))

    assert outcome.action == "refused" and "letter or digit" in outcome.detail


def test_a_name_in_other_letter_case_finds_the_label_the_site_has(tmp_path: Path,
                                                                   make_topic) -> None:
    topic = make_topic(slug="freedom-of-press")  # "Press freedom", at an address of its own
    import_file(write(tmp_path, "statement.md",
                      topics=f'[{{en: " {topic.name_en.lower()} "}}]'))

    assert list(Statement.objects.get().topics.all()) == [topic]
    assert Topic.objects.count() == 1


def test_an_address_made_from_a_persian_title_keeps_its_word_parts(tmp_path: Path) -> None:
    # Django's slugify dropped the zero-width non-joiner: "روزنامهنگاران", misspelt.
    import_file(write(tmp_path, "fa.md", slug=None, language="fa",
                      title='"روزنامه‌نگاران آزاد"'))
    assert Statement.objects.get().slug == "روزنامه-نگاران-آزاد"
