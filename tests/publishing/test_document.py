"""Statement documents: what `sokhan import` accepts, what it refuses and why.

Pure parser tests, no database: a document is text in, a StatementSource or a
DocumentError naming the field at fault out.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sokhan.publishing.document import DocumentError, LabelRef, StatementSource, parse, render

TEHRAN = ZoneInfo("Asia/Tehran")
LANGUAGES = ("en", "fa")

# Each front-matter field as written in a document; doc() swaps or drops them.
FIELDS = {
    "title": '"Statement on the Arrest of Journalists"',
    "language": "en",
    "date": "2023-09-03 18:30",
    "signatory": '"Political-Executive Board"',
    "topics": '["Press freedom"]',
}
BODY = "We **condemn** the arrests.\n\n## Our demands\n\n- Release them\n"


def doc(body: str = BODY, **fields: str | None) -> str:
    """A Markdown document: FIELDS with some replaced (a value) or dropped (None)."""
    merged = {**FIELDS, **fields}
    front = "".join(f"{name}: {value}\n" for name, value in merged.items() if value is not None)
    return f"---\n{front}---\n{body}"


def read(text: str, suffix: str = ".md", tz=TEHRAN) -> StatementSource:
    return parse(text, suffix=suffix, languages=LANGUAGES, tz=tz)


# --- Documents Sokhan accepts ---------------------------------------------------------------

def test_a_markdown_document_becomes_a_statement() -> None:
    source = read(doc(summary='"Seven journalists: arrested."', slug="journalists-2023",
                      status="draft", comments="closed", translation_key="arrests-2023",
                      translated_from="fa"))

    assert source.title == "Statement on the Arrest of Journalists"
    assert source.language == "en"
    assert source.summary == "Seven journalists: arrested."
    assert source.slug == "journalists-2023"
    assert source.status == "draft"
    assert source.comments == "closed"
    assert source.translation_key == "arrests-2023"
    assert source.translated_from == "fa"
    assert source.signatory == LabelRef(names=(("en", "Political-Executive Board"),))
    assert source.topics == (LabelRef(names=(("en", "Press freedom"),)),)
    # The Markdown is rendered to the clean HTML the site stores.
    assert "<strong>condemn</strong>" in source.body
    assert "<h2>Our demands</h2>" in source.body
    assert "<li>Release them</li>" in source.body


def test_optional_fields_have_their_defaults() -> None:
    source = read(doc(topics=None))

    assert source.status == "published"
    assert source.comments == ""  # the site's default applies on import
    assert source.slug == source.summary == source.translation_key == ""
    assert source.translated_from == ""  # an original
    assert source.topics == ()
    assert source.unknown_fields == ()


@pytest.mark.parametrize(("written", "tz", "expected"), [
    # A date without an offset is read in the site's time zone...
    ("2023-09-03 18:30", TEHRAN, datetime(2023, 9, 3, 18, 30, tzinfo=TEHRAN)),
    ("2023-09-03 18:30", UTC, datetime(2023, 9, 3, 18, 30, tzinfo=UTC)),
    ("2023-09-03", TEHRAN, datetime(2023, 9, 3, 0, 0, tzinfo=TEHRAN)),
    ("2023-09-03T18:30:15", TEHRAN, datetime(2023, 9, 3, 18, 30, 15, tzinfo=TEHRAN)),
    # ...one with an offset means that instant, whatever the site's zone.
    ("2023-09-03T15:00:00+00:00", TEHRAN, datetime(2023, 9, 3, 15, 0, tzinfo=UTC)),
    ("2023-09-03T15:00:00Z", TEHRAN, datetime(2023, 9, 3, 15, 0, tzinfo=UTC)),
])
def test_the_date_is_read_in_the_given_time_zone(written: str, tz, expected: datetime) -> None:
    published_at = read(doc(date=written), tz=tz).published_at

    assert published_at == expected
    assert published_at.utcoffset() == expected.utcoffset()


def test_a_naive_date_in_tehran_is_three_and_a_half_hours_ahead_of_utc() -> None:
    published_at = read(doc(date="2023-09-03 18:30")).published_at

    assert published_at.astimezone(UTC) == datetime(2023, 9, 3, 15, 0,
                                                             tzinfo=UTC)


@pytest.mark.parametrize(("written", "language", "expected"), [
    ('"Central Council"', "en", LabelRef(names=(("en", "Central Council"),))),
    # A bare name is a name in the document's own language.
    ('"شورای مرکزی"', "fa", LabelRef(names=(("fa", "شورای مرکزی"),))),
    ('{slug: central-council, en: "Central Council", fa: "شورای مرکزی"}', "en",
     LabelRef(slug="central-council",
              names=(("en", "Central Council"), ("fa", "شورای مرکزی")))),
    ("{slug: central-council}", "en", LabelRef(slug="central-council")),
    ('{en: "  Central Council  "}', "fa", LabelRef(names=(("en", "Central Council"),))),
])
def test_a_signatory_is_a_name_or_a_mapping(written: str, language: str,
                                            expected: LabelRef) -> None:
    assert read(doc(signatory=written, language=language)).signatory == expected


@pytest.mark.parametrize(("written", "expected"), [
    ('"Press freedom"', (LabelRef(names=(("en", "Press freedom"),)),)),
    ('["Press freedom", "Labour rights"]',
     (LabelRef(names=(("en", "Press freedom"),)), LabelRef(names=(("en", "Labour rights"),)))),
    ('[{slug: press-freedom, en: "Press freedom", fa: "آزادی مطبوعات"}, "Labour rights"]',
     (LabelRef(slug="press-freedom", names=(("en", "Press freedom"), ("fa", "آزادی مطبوعات"))),
      LabelRef(names=(("en", "Labour rights"),)))),
    ("[]", ()),
])
def test_topics_are_names_or_mappings(written: str, expected: tuple[LabelRef, ...]) -> None:
    assert read(doc(topics=written)).topics == expected


def test_block_style_yaml_as_static_site_generators_write_it() -> None:
    text = ("---\ntitle: Statement\nlanguage: fa\ndate: 2024-04-30 20:00\nsignatory:\n"
            "  slug: central-council\n  en: Central Council\n  fa: شورای مرکزی\ntopics:\n"
            "  - slug: labour-rights\n    en: Labour rights\n  - حق اعتراض\n---\nمتن بیانیه\n")
    source = read(text)

    assert source.signatory.name("fa") == "شورای مرکزی"
    assert source.topics[0].slug == "labour-rights"
    assert source.topics[1] == LabelRef(names=(("fa", "حق اعتراض"),))
    assert source.body == "<p>متن بیانیه</p>"


@pytest.mark.parametrize("text", [
    "\ufeff" + doc(),                          # saved by an editor that writes a BOM
    doc().replace("\n", "\r\n"),               # saved on Windows
    doc().replace("---\nWe", "---   \nWe"),    # trailing spaces after the closing line
])
def test_byte_order_marks_and_line_endings_do_not_matter(text: str) -> None:
    assert read(text) == read(doc())


def test_an_html_document_is_cleaned_not_converted() -> None:
    source = read(doc(body='<p onclick="x()">We <em>condemn</em></p><script>alert(1)</script>'),
                  suffix=".html")

    assert source.body == "<p>We <em>condemn</em></p>"


def test_a_line_of_dashes_in_the_body_is_body_text() -> None:
    source = read(doc(body="Before\n\n---\n\nAfter\n"))

    assert "Before" in source.body and "<hr" in source.body and "After" in source.body


def test_unknown_fields_are_reported_not_refused() -> None:
    source = read(doc(author="Press office", layout="post"))

    assert source.unknown_fields == ("author", "layout")


# --- Documents Sokhan refuses, and the field it names ---------------------------------------

REFUSED = [
    # (what is wrong, document, field named, words in the message)
    ("missing title", doc(title=None), "title", "missing"),
    ("empty title", doc(title='""'), "title", "missing"),
    ("title too long", doc(title="A" * 301), "title", "301 characters"),
    ("title is a list", doc(title="[a, b]"), "title", "text"),
    ("impossible date", doc(date="2023-13-45"), "date", "2023-13-45"),
    ("date in words", doc(date="yesterday"), "date", "YYYY-MM-DD"),
    ("date mistyped 0202", doc(date="0202-06-01"), "date", "1900-03-21 to 2999-03-20"),
    # Within the span in its own offset, past it in Tehran (the site's zone): 1 Farvardin 2378.
    ("date past the span in the site's zone", doc(date='"2999-03-20T23:30:00-05:00"'), "date",
     "1900-03-21 to 2999-03-20"),
    ("missing date", doc(date=None), "date", "missing"),
    ("unknown language", doc(language="xx"), "language", "'xx' is not one of: en, fa"),
    ("missing language", doc(language=None), "language", "missing"),
    ("missing signatory", doc(signatory=None), "signatory", "missing"),
    ("empty signatory", doc(signatory='""'), "signatory", "name"),
    ("signatory mapping without names", doc(signatory="{slug: ''}"), "signatory", "name"),
    ("signatory as a list", doc(signatory="[a, b]"), "signatory", "name"),
    ("topics a mapping", doc(topics="{press: freedom}"), "topics", "list"),
    ("topics a number", doc(topics="5"), "topics", "list"),
    ("empty topic in the list", doc(topics='["Press freedom", null]'), "topics", "missing"),
    ("unknown status", doc(status="archived"), "status", "draft, scheduled, published"),
    ("status yes/no", doc(status="yes"), "status", "draft, scheduled, published"),
    ("comments yes", doc(comments="yes"), "comments", "write one of: open, closed, hidden"),
    ("no Solar Hijri 30 Esfand 1405", doc(date="1405-12-30"), "date",
     "not a day of the Solar Hijri calendar"),
    ("unknown comment mode", doc(comments="maybe"), "comments", "open, closed, hidden"),
    ("slug too long", doc(slug="a" * 201), "slug", "at most 200"),
    ("slug with spaces", doc(slug='"free elections"'), "slug", "letters"),
    ("slug with a slash", doc(slug="en/free-elections"), "slug", "letters"),
    ("topic slug with spaces", doc(topics="[{slug: press freedom}]"), "topics", "letters"),
    ("signatory name too long", doc(signatory="B" * 201), "signatory", "at most 200"),
    ("topic name too long", doc(topics=f"[{{en: {'T' * 201}}}]"), "topics", "at most 200"),
    ("topic slug too long", doc(topics=f"[{{slug: {'t' * 101}}}]"), "topics", "at most 100"),
    ("signatory slug with a dot", doc(signatory="{slug: board.1, en: Board}"), "signatory",
     "letters"),
    ("empty body", doc(body=""), "body", "empty"),
    ("body only blank lines", doc(body="\n\n   \n"), "body", "empty"),
    ("body only a comment", doc(body="<!-- draft -->"), "body", "empty"),
    ("no front matter", "# Statement\n\nWe condemn.\n", None, "does not start with front matter"),
    ("empty file", "", None, "does not start with front matter"),
    ("unclosed front matter", doc().replace("---\nWe", "We"), None, "no closing '---'"),
    ("invalid YAML", doc(title='"unterminated'), None, "not valid YAML"),
    ("front matter is not fields", "---\n- a\n- b\n---\nBody\n", None, "'field: value'"),
]


def test_every_mistake_of_a_document_is_told_at_once() -> None:
    # One run per mistake cost an editor four runs for four mistakes.
    with pytest.raises(DocumentError) as refused:
        read(doc(language="de", comments="maybe", status="archived"))
    told = str(refused.value)
    assert all(f"field '{name}'" in told for name in ("language", "comments", "status"))


@pytest.mark.parametrize("typed", ["۱۴۰۲-۰۶-۱۲ ۱۸:۳۰", "1402-06-12 18:30", "2023-09-03 18:30"])
def test_a_date_is_read_as_the_admin_reads_it(typed: str) -> None:
    # Solar Hijri years and Persian digits, as the statement form takes them.
    moment = read(doc(date=f'"{typed}"')).published_at
    assert (moment.year, moment.month, moment.day, moment.hour) == (2023, 9, 3, 18)


def test_topics_given_as_one_line_with_commas_are_several() -> None:
    topics = read(doc(topics='"Labour rights, Free elections"')).topics
    assert [topic.names for topic in topics] == [(("en", "Labour rights"),),
                                                 (("en", "Free elections"),)]


@pytest.mark.parametrize(("text", "field", "words"),
                         [pytest.param(*row[1:], id=row[0]) for row in REFUSED])
def test_a_bad_document_is_refused_naming_the_field(text: str, field: str | None,
                                                    words: str) -> None:
    with pytest.raises(DocumentError) as refused:
        read(text)

    assert refused.value.field == field
    assert words in str(refused.value)
    if field:
        assert str(refused.value).startswith(f"field '{field}': ")


def test_invalid_yaml_says_on_which_line_of_the_file() -> None:
    text = "---\ntitle: ok\nlanguage: [en\n---\nBody\n"

    with pytest.raises(DocumentError, match=r"line \d+"):
        read(text)


@pytest.mark.parametrize("suffix", [".txt", ".docx", ""])
def test_only_markdown_and_html_files_are_read(suffix: str) -> None:
    with pytest.raises(DocumentError, match=".md, .markdown, .html, .htm"):
        read(doc(), suffix=suffix)


@pytest.mark.parametrize("suffix", [".md", ".markdown", ".MD", ".html", ".htm"])
def test_markdown_and_html_suffixes_are_read(suffix: str) -> None:
    # Markdown passes block HTML through, so one body reads the same either way.
    assert read(doc(body="<p>We condemn.</p>"), suffix=suffix).body == "<p>We condemn.</p>"


@pytest.mark.parametrize("title", ["A" * 300, "ب" * 300])
def test_a_title_of_exactly_300_characters_fits(title: str) -> None:
    assert read(doc(title=title)).title == title


@pytest.mark.parametrize(("written", "error"), [
    ("en", "cannot be translated from its own language"),
    ("de", "'de' is not one of: en, fa"),
])
def test_a_translation_names_another_language_of_the_site(written: str, error: str) -> None:
    with pytest.raises(DocumentError, match=error) as raised:
        read(doc(translated_from=written))
    assert raised.value.field == "translated_from"


# --- render() writes what parse() reads back ------------------------------------------------

def source(**fields) -> StatementSource:
    defaults = dict(
        title="Statement on the Arrest of Journalists", language="en",
        published_at=datetime(2023, 9, 3, 18, 30, tzinfo=TEHRAN),
        signatory=LabelRef(slug="board", names=(("en", "Board"), ("fa", "هیئت"))),
        body="<p>We <strong>condemn</strong> the arrests.</p>",
    )
    return StatementSource(**{**defaults, **fields})


def round_trip(original: StatementSource) -> StatementSource:
    return parse(render(original), suffix=".html", languages=LANGUAGES, tz=TEHRAN)


@pytest.mark.parametrize("original", [
    source(),
    source(summary="Seven: arrested", slug="arrests", status="draft", comments="hidden",
           translation_key="arrests-2023", translated_from="fa",
           topics=(LabelRef(slug="press", names=(("en", "Press"),)),
                   LabelRef(names=(("fa", "آزادی"),)))),
    source(language="fa", title="بیانیه «آزادی»: اکنون!", summary="'quoted' and \"double\"",
           slug="بیانیه-آزادی"),
    source(title="true", summary="2023-09-03", slug="123"),   # YAML would read these as
    source(title="null", summary="1.10"),                     # a bool, date, number, None
    source(title="- a list? # not a comment", summary="key: value"),
    source(published_at=datetime(2021, 9, 21, 23, 30, 5, 123456, tzinfo=UTC)),
    source(body="<h2>Demands</h2>\n<hr>\n<p>---</p>"),
], ids=["minimal", "every-field", "persian-and-quotes", "yaml-lookalikes-1",
        "yaml-lookalikes-2", "yaml-syntax", "microseconds", "dashes-in-body"])
def test_render_then_parse_gives_the_statement_back(original: StatementSource) -> None:
    assert round_trip(original) == original


# Text as editors write it: any script, quotes, colons, dashes, YAML syntax; one line.
# (YAML, like Unicode, also reads NEL and the line/paragraph separators as line breaks.)
one_line = st.text(
    alphabet=st.one_of(st.characters(blacklist_characters="\n\r\x85\u2028\u2029"),
                       st.sampled_from("آزادی مطبوعات «»:#'\"-—|>&*!%@`{}[],?")),
    min_size=1, max_size=150,
).map(str.strip).filter(bool)
slugs = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+){0,3}", fullmatch=True).filter(
    lambda slug: len(slug) <= 100)  # what a label's slug holds
labels = st.builds(
    LabelRef,
    slug=st.one_of(st.just(""), slugs),
    names=st.fixed_dictionaries({}, optional={"en": one_line, "fa": one_line})
    .map(lambda names: tuple(sorted(names.items()))),
).filter(lambda label: label.slug or label.names)
offsets = st.sampled_from([UTC, timezone(timedelta(hours=3, minutes=30)),
                           timezone(timedelta(hours=-5))])


@settings(max_examples=150, deadline=None)
@given(title=one_line.filter(lambda t: len(t) <= 300), summary=st.one_of(st.just(""), one_line),
       published_at=st.datetimes(min_value=datetime(1970, 1, 1),
                                 max_value=datetime(2100, 1, 1), timezones=offsets),
       signatory=labels, topics=st.lists(labels, max_size=3).map(tuple),
       language=st.sampled_from(LANGUAGES), status=st.sampled_from(["draft", "published"]),
       comments=st.sampled_from(["", "open", "closed", "hidden"]))
@example(title="a" * 100 + " ---", summary="b" * 100 + " ---",
         published_at=datetime(2023, 9, 3, tzinfo=UTC),
         signatory=LabelRef(names=(("en", "c" * 100 + " ---"),)), topics=(), language="en",
         status="published", comments="")
def test_any_statement_survives_render_then_parse(title, summary, published_at, signatory,
                                                  topics, language, status,
                                                  comments) -> None:
    original = source(title=title, summary=summary, published_at=published_at,
                      signatory=signatory, topics=topics, language=language, status=status,
                      comments=comments)

    assert round_trip(original) == original
