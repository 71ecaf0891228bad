"""Each spam layer on the real comment form: honeypot, rate limits, content rules, counts."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.utils import timezone

from sokhan.antispam import guards
from sokhan.antispam.messages import LABELS, label
from sokhan.antispam.models import Defence, DisallowedWord, Rejection
from sokhan.antispam.verdict import Reason
from sokhan.comments import posting
from sokhan.comments.models import Comment
from sokhan.persian.dates import jalali_numeric
from sokhan.website.roles import MODERATORS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_these_layers(settings):
    settings.SOKHAN_CAPTCHA = False  # the CAPTCHA has its own tests


@pytest.fixture
def send(client, make_statement):
    statement = make_statement("On the strike", slug="on-the-strike")

    def post(comment: str = "A fair point.", address: str = "203.0.113.5", **fields):
        return client.post(statement.get_absolute_url() + "comments/",
                           {"comment": comment, "save": "1", **fields}, REMOTE_ADDR=address)
    return post


def kept(response) -> str:
    return BeautifulSoup(response.content, "html.parser").find(
        "textarea", attrs={"name": "comment"}).get_text().removeprefix("\n")


def test_honeypot_is_invisible_to_people_and_refuses_bots(client, send, make_statement):
    page = BeautifulSoup(client.get("/en/statements/on-the-strike/").content, "html.parser")
    trap = page.find("input", attrs={"name": "website"})
    container = trap.find_parent("div")
    assert container["aria-hidden"] == "true" and "hp" in container["class"]
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    response = send(website="http://spam.example", comment="Bot words")
    assert response.status_code == 400 and kept(response) == "Bot words"
    # A person whose browser fills every field by itself is told what to do: "Please try
    # again" could only fail again.
    said = BeautifulSoup(response.content, "html.parser").select_one("#comment-form-errors")
    assert "password manager fills in forms for you, turn that off" in said.get_text()
    assert not Comment.objects.exists()
    assert send(website="").status_code == 200


def test_honeypot_can_be_switched_off(send, settings):
    settings.SOKHAN_HONEYPOT = False
    assert send(website="filled").status_code == 200


def test_comments_per_minute(send, settings):
    settings.SOKHAN_COMMENTS_PER_MINUTE = 2
    assert [send(f"comment {n}").status_code for n in range(3)] == [200, 200, 400]
    refused = send("one more")
    assert "in the last minute" in refused.content.decode() and kept(refused) == "one more"
    assert send("from elsewhere", address="198.51.100.3").status_code == 200
    # A sliding minute: still refused just short of it, and a comment counts for at most
    # 70 seconds (see antispam/ratelimit.py).
    with time_machine.travel(timezone.now() + timedelta(seconds=55)):
        assert send("not yet").status_code == 400
    with time_machine.travel(timezone.now() + timedelta(seconds=71)):
        assert send("a minute later").status_code == 200


def test_comments_per_hour(send, settings):
    settings.SOKHAN_COMMENTS_PER_MINUTE = 100
    settings.SOKHAN_COMMENTS_PER_HOUR = 3
    assert [send(f"comment {n}").status_code for n in range(4)] == [200, 200, 200, 400]
    assert "in the last hour" in send("again").content.decode()


def test_saves_that_arrive_together_cannot_both_be_the_last_one_allowed(
        send, settings, monkeypatch):
    settings.SOKHAN_COMMENTS_PER_MINUTE = 1
    real_claim, together = guards.claim, []

    def claim_after_another_arrives(*args, **kwargs):
        # The second post passes the first look at the rate, is claimed and saved, while
        # the first is between its own first look and its claim (another server process).
        if not together:
            together.append(None)
            together[0] = send("second, at the same moment")
        return real_claim(*args, **kwargs)

    monkeypatch.setattr(guards, "claim", claim_after_another_arrives)
    first = send("first, a moment earlier")
    assert together[0].status_code == 200
    assert first.status_code == 400 and "in the last minute" in first.content.decode()
    assert kept(first) == "first, a moment earlier"
    assert list(Comment.objects.values_list("body", flat=True)) == [
        "second, at the same moment"]
    Rejection.settle()
    counts = {r.reason: r.count for r in Rejection.objects.all()}
    assert counts == {"rate_minute": 1}


def test_the_same_words_sent_twice_at_once_are_saved_once(send, monkeypatch):
    real_save, together = posting.save, []

    def save_while_another_arrives(*args, **kwargs):
        # The second post passes the first look for duplicates while the first is being
        # saved, as it would in another server process.
        if not together:
            together.append(None)
            together[0] = send("Exactly this.", address="198.51.100.8")
        return real_save(*args, **kwargs)

    monkeypatch.setattr(posting, "save", save_while_another_arrives)
    first = send("Exactly this.")
    outcomes = sorted([first.status_code, together[0].status_code])
    assert outcomes == [200, 400] and Comment.objects.count() == 1
    refused = first if first.status_code == 400 else together[0]
    assert "already posted" in refused.content.decode()
    assert kept(refused) == "Exactly this."


def test_the_hour_slides_so_the_turn_of_the_clock_hour_lets_nothing_extra_through(
        send, settings):
    # A fixed window would take three just before the hour turns and three more just after.
    settings.SOKHAN_COMMENTS_PER_MINUTE, settings.SOKHAN_COMMENTS_PER_HOUR = 100, 3
    turn = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    with time_machine.travel(turn - timedelta(minutes=1)):
        assert [send(f"comment {n}").status_code for n in range(3)] == [200] * 3
    with time_machine.travel(turn + timedelta(minutes=1)):
        assert send("just after the hour").status_code == 400
    with time_machine.travel(turn + timedelta(minutes=70)):
        assert send("an hour and more later").status_code == 200


def test_the_turn_of_the_address_key_wipes_no_limit(send, settings):
    # Address hashes change with the key every SOKHAN_ADDRESS_KEY_DAYS, at a moment anyone
    # can work out; the counts under the old hash keep counting for an hour after it.
    settings.SOKHAN_COMMENTS_PER_MINUTE, settings.SOKHAN_COMMENTS_PER_HOUR = 100, 3
    length = settings.SOKHAN_ADDRESS_KEY_DAYS * 86400
    turn = datetime.fromtimestamp((int(time.time() // length) + 1) * length, tz=UTC)
    with time_machine.travel(turn - timedelta(minutes=2)):
        assert [send(f"comment {n}").status_code for n in range(3)] == [200] * 3
    with time_machine.travel(turn + timedelta(minutes=2)):
        assert send("just after the key changed").status_code == 400
    with time_machine.travel(turn + timedelta(minutes=71)):
        assert send("an hour later").status_code == 200


def test_flood_mode_allows_one_comment_a_minute_three_an_hour_and_holds_them(send, settings):
    settings.SOKHAN_COMMENTS_PER_MINUTE, settings.SOKHAN_COMMENTS_PER_HOUR = 3, 20
    settings.SOKHAN_COMMENTS_PREMODERATED = False  # this site publishes at once...
    with time_machine.travel(timezone.now() - timedelta(minutes=10)):
        assert send("before the flood").status_code == 200
    Defence.objects.create(pk=1, flood=True)
    assert [send("in the flood").status_code, send("again").status_code] == [200, 400]
    assert "in the last minute" in send("again").content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert send("2 minutes later").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=4)):
        refused = send("the fourth this hour")
    assert "in the last hour" in refused.content.decode() and kept(refused) == (
        "the fourth this hour")
    # ...but in flood mode every comment waits for a moderator.
    statuses = dict(Comment.objects.values_list("body", "status"))
    assert statuses["before the flood"] == "published"
    assert {statuses["in the flood"], statuses["2 minutes later"]} == {"pending"}
    Defence.objects.filter(pk=1).update(flood=False)
    with time_machine.travel(timezone.now() + timedelta(minutes=8)):
        assert send("after the flood").status_code == 200


def test_previews_do_not_count_against_the_rate(client, send, settings):
    settings.SOKHAN_COMMENTS_PER_MINUTE = 1
    for n in range(3):
        client.post("/en/statements/on-the-strike/comments/",
                    {"comment": f"draft {n}", "preview": "1"}, REMOTE_ADDR="203.0.113.5")
    assert send().status_code == 200


def test_previews_have_a_limit_of_their_own_and_keep_the_text(client, send, settings,
                                                               make_statement):
    # A preview asks for no CAPTCHA and says whether the words pass the disallowed-words
    # list: unlimited, a script could learn the list word by word (security review).
    settings.SOKHAN_PREVIEWS_PER_MINUTE = 3
    DisallowedWord.objects.create(phrase="casino")

    persian = make_statement("اعتصاب", language="fa", slug="etesab")

    def preview(text, statement="/en/statements/on-the-strike/", address="203.0.113.5"):
        return client.post(f"{statement}comments/", {"comment": text, "preview": "1"},
                           REMOTE_ADDR=address)

    assert [preview(f"probe {n}").status_code for n in range(3)] == [200, 200, 200]
    refused = preview("does casino pass?")
    assert refused.status_code == 400
    page = BeautifulSoup(refused.content, "html.parser")
    assert "Many comments and previews were sent" in page.get_text()
    assert "not accepted here" not in page.get_text()  # the list is not consulted
    assert page.select_one("textarea[name=comment]").get_text().strip() == "does casino pass?"
    assert "پیش‌نمایش‌های بسیاری" in preview("آزمون", persian.get_absolute_url()
                                            ).content.decode()
    # Counted once as the address crossed the line: a flood is not a flood of writes.
    Rejection.settle()
    assert Rejection.objects.get(reason="rate_previews").count == 1
    assert preview("another reader", address="203.0.113.6").status_code == 200


def test_saves_without_an_answer_cannot_read_out_the_disallowed_words(client, send, settings):
    # A Save runs the rules of what was written before its CAPTCHA, as a Preview does:
    # sent without an answer, it said for free whether words were on the moderators'
    # list, past the previews' limit (security review).
    settings.SOKHAN_CAPTCHA = True  # a Save without an answer is then a step, not a comment
    settings.SOKHAN_PREVIEWS_PER_MINUTE = 3
    DisallowedWord.objects.create(phrase="casino")

    def save(text):
        return client.post("/en/statements/on-the-strike/comments/",
                           {"comment": text, "save": "1"}, REMOTE_ADDR="203.0.113.5")

    assert "not accepted here" in save("casino 1").content.decode()
    assert save("harmless 2").status_code == 200 and save("harmless 3").status_code == 200
    for probe in ("casino 4", "harmless 5"):  # the same answer, whatever the words
        page = BeautifulSoup(save(probe).content, "html.parser")
        assert "Many comments and previews were sent" in page.get_text()
        assert "not accepted here" not in page.get_text()
        assert page.select_one("textarea[name=comment]").get_text().strip() == probe


def test_link_limit(send, settings):
    settings.SOKHAN_MAX_LINKS = 2
    three = "see http://a.example http://b.example and www.c.example"
    refused = send(three)
    assert refused.status_code == 400
    # Said at the comment's field, with the number found and the limit, and linked to
    # the field from the summary at the top.
    page = BeautifulSoup(refused.content, "html.parser")
    said = page.select_one("#comment-errors").get_text()
    assert "3 links; at most 2 are allowed" in said
    assert page.select_one("#id_comment")["aria-invalid"] == "true"
    assert page.select_one('#comment-form-errors a[href="#id_comment"]')
    assert kept(refused) == three
    assert send("see http://a.example http://b.example").status_code == 200


def test_disallowed_words_that_moderators_edit(client, send):
    moderator = User.objects.create_user("mod", password="pw-long-enough-1", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(moderator)
    assert client.post("/admin/antispam/disallowedword/add/", {"phrase": "کثیف"}
                       ).status_code == 302
    client.logout()
    refused = send("این متن كثيف است")  # typed with an Arabic keyboard
    assert refused.status_code == 400 and "not accepted here" in refused.content.decode()
    assert send("این متن تمیز است").status_code == 200


def test_a_disallowed_word_in_the_homepage_or_the_name_is_refused(send):
    # A flood that kept its words clean named its site in the homepage field (review).
    DisallowedWord.objects.create(phrase="casino*")
    assert send("Fine words", homepage="https://casinos.example/play").status_code == 400
    assert send("Fine words", name="Casino Bob").status_code == 400
    assert send("Fine words", homepage="https://news.example/").status_code == 200


def test_a_star_inside_a_word_is_refused_in_the_admin(client):
    moderator = User.objects.create_user("mod", password="pw-long-enough-1", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(moderator)
    for phrase, message in [("ca*sino", "only at the start or end of the entry"),
                            ("**", "at least one letter or digit")]:
        page = client.post("/admin/antispam/disallowedword/add/", {"phrase": phrase})
        assert page.status_code == 200 and message in page.content.decode()
    assert not DisallowedWord.objects.exists()


def test_one_entry_is_not_added_twice_in_another_spelling(client):
    # Both looked alike in the list, and removing one left the other refusing comments.
    moderator = User.objects.create_user("mod", password="pw-long-enough-1", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(moderator)
    for phrase in ("کثیف", "casino*", "ارزان تر"):
        assert client.post("/admin/antispam/disallowedword/add/", {"phrase": phrase}
                           ).status_code == 302
    for twin, first in (("كثيف", "کثیف"), ("Casino*", "casino*"), ("ارزان\u200cتر", "ارزان تر"),
                        ("  casino*  ", "casino*")):
        page = client.post("/admin/antispam/disallowedword/add/", {"phrase": twin})
        said = BeautifulSoup(page.content, "html.parser").select_one(
            ".field-phrase .errorlist").get_text()
        assert f"“{first}” is on the list already" in said
    # Another entry, if it matches otherwise: a wildcard more or less, a word more.
    for other in ("*casino*", "کثیف*", "ارزان"):
        assert client.post("/admin/antispam/disallowedword/add/", {"phrase": other}
                           ).status_code == 302
    assert DisallowedWord.objects.count() == 6
    # An entry saved again as it is, is not its own twin.
    word = DisallowedWord.objects.get(phrase="casino*")
    assert client.post(f"/admin/antispam/disallowedword/{word.pk}/change/",
                       {"phrase": "Casino*"}).status_code == 302


def test_a_wildcard_reads_the_right_way_round_in_the_persian_admin(client):
    moderator = User.objects.create_user("mod", password="pw-long-enough-1", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(moderator)
    word = DisallowedWord.objects.create(phrase="casino*")
    persian = {"HTTP_ACCEPT_LANGUAGE": "fa"}
    listed = BeautifulSoup(client.get("/admin/antispam/disallowedword/", **persian).content,
                           "html.parser")
    assert listed.html["dir"] == "rtl"
    assert listed.select_one("#result_list tbody th a bdi").get_text() == "casino*"
    change = BeautifulSoup(client.get(f"/admin/antispam/disallowedword/{word.pk}/change/",
                                      **persian).content, "html.parser")
    assert change.select_one("#content > h2 bdi").get_text() == "casino*"
    assert change.select_one(".breadcrumbs bdi").get_text() == "casino*"
    assert change.select_one("#id_phrase")["dir"] == "auto"
    for page in ("history", "delete"):
        crumbs = BeautifulSoup(client.get(f"/admin/antispam/disallowedword/{word.pk}/{page}/",
                                          **persian).content, "html.parser")
        assert crumbs.select_one(".breadcrumbs bdi").get_text() == "casino*"


def test_duplicates_on_the_same_statement_within_a_day(send, make_statement, client):
    assert send("Exactly this.").status_code == 200
    refused = send("exactly   THIS.", address="198.51.100.8")
    assert refused.status_code == 400 and "already posted" in refused.content.decode()
    other = make_statement("Other", slug="other")
    assert client.post(other.get_absolute_url() + "comments/",
                       {"comment": "Exactly this.", "save": "1"}).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=23, minutes=59)):
        assert send("Exactly this.", address="198.51.100.9").status_code == 400
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert send("Exactly this.", address="198.51.100.9").status_code == 200


def test_rejections_are_counted_and_shown_on_the_dashboard(client, send, settings):
    settings.SOKHAN_MAX_LINKS = 0
    send("http://a.example")
    send("http://b.example")
    send(website="bot")
    Rejection.settle()
    counts = {r.reason: r.count for r in Rejection.objects.all()}
    assert counts == {"too_many_links": 2, "honeypot": 1}
    moderator = User.objects.create_user("mod", password="pw-long-enough-1", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(moderator)
    page = client.get("/admin/antispam/rejection/")
    assert page.status_code == 200
    html = page.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    chart = soup.select_one(".chart svg")
    assert chart is not None and not chart.find("script")
    # Each reason by its name, in the moderator's language, in the chart and the table.
    rows = soup.select("table.totals tbody tr")
    assert [[cell.get_text() for cell in row.select("td")] for row in rows] == [
        ["Too many links", "2"], ["Hidden field filled in (a bot)", "1"]]
    assert "Too many links" in chart.get_text()
    # A Persian moderator reads Persian names and Solar Hijri days.
    persian = BeautifulSoup(client.get("/admin/antispam/rejection/",
                                       HTTP_ACCEPT_LANGUAGE="fa").content, "html.parser")
    today = jalali_numeric(timezone.localdate()).split("/", 1)[1]
    assert "پیوندهای بیش از حد" in persian.select_one(".chart svg").get_text()
    assert today in persian.select_one(".chart svg").get_text()
    # A day's count has no page of its own ("Rejection object (1)", its reason as stored).
    Rejection.settle()
    one = Rejection.objects.first()
    assert client.get(f"/admin/antispam/rejection/{one.pk}/change/").status_code == 403


def test_every_reason_a_comment_is_refused_for_has_a_name_for_moderators():
    assert set(LABELS) == set(Reason) - {Reason.ACCEPTED}
    assert label("a_reason_of_an_old_version") == "a_reason_of_an_old_version"


def test_the_duplicate_check_looks_up_an_index_not_every_comment_of_the_statement():
    # Under a flood every post checks for duplicates on one statement with many comments.
    from django.db import connection, transaction

    from sokhan.comments.posting import _DUPLICATE_SQL

    since = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # small tables: make it say which index
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + ("QUERY PLAN " if connection.vendor == "sqlite" else "")
                       + _DUPLICATE_SQL, (1, "0" * 64, since))
        plan = " ".join(str(part) for row in cursor.fetchall() for part in row)
    assert "comment_duplicates" in plan


def test_the_dashboard_gives_each_day_s_numbers_as_text(client, send, settings):
    # The bars' numbers were in tooltips alone, which keyboards and screen readers do not
    # reach (review).
    settings.SOKHAN_MAX_LINKS = 0
    send("http://a.example")
    send("http://b.example")
    send(website="bot")
    moderator = User.objects.create_user("mod", password="pw-long-enough-1", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(moderator)
    page = BeautifulSoup(client.get("/admin/antispam/rejection/").content, "html.parser")
    rows = page.select("details.per-day tbody tr")
    assert len(rows) == 1  # only the days with rejections
    assert rows[0].th.get_text() == timezone.localdate().strftime("%m-%d")
    cells = [td.get_text(" ", strip=True) for td in rows[0].select("td")]
    assert cells[0] == "3"
    assert "Too many links: 2" in cells[1] and "Hidden field filled in (a bot): 1" in cells[1]


def test_the_dashboard_counts_in_persian_digits_for_a_persian_moderator(client, send,
                                                                         settings):
    settings.SOKHAN_MAX_LINKS = 0
    for _n in range(12):
        send("http://spam.example", address=f"198.51.100.{_n}")
    moderator = User.objects.create_user("mod", password="pw-long-enough-1", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(moderator)
    page = client.get("/admin/antispam/rejection/", HTTP_ACCEPT_LANGUAGE="fa")
    soup = BeautifulSoup(page.content, "html.parser")
    cells = [td.get_text() for td in soup.select("td")]
    assert "۱۲" in cells and "12" not in cells
    # The chart's scale and its bars' tooltips too.
    chart = soup.select_one(".chart svg")
    assert chart.select_one("text").get_text() == "۱۲"
    assert all(not any(c.isascii() and c.isdigit() for c in title.get_text())
               for title in chart.select("rect title"))
