"""Comments alike: once moderators mark a flood's comment as spam, its copies (a word
changed, another statement, another spelling) go to spam without them, and "Comments like
this" lists the copies already waiting, for one action."""

from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.utils import timezone

from sokhan.antispam.models import Rejection
from sokhan.comments import alike, moderation, retention, searchkeys
from sokhan.comments.models import (
    Action,
    Block,
    Comment,
    KeysMade,
    ModerationAction,
    Print,
    SpamPrint,
    Status,
    email_key,
)
from sokhan.website.roles import MODERATORS
from sokhan.website.templatetags.sokhan_l10n import localnumber

pytestmark = pytest.mark.django_db
QUEUE = "/admin/comments/comment/"

FLOOD = ("The so-called opposition is paid from abroad; read the truth about them at "
         "news.example and share it with every friend you have before Friday")
COPY = ("The so-called opposition is paid from abroad!! Read the TRUTH about them at "
        "news.example and share it with all the friends you have before Friday")
# Shares a print with FLOOD, but only 38 % of its text: a quotation, not a copy.
QUOTE = ("The so-called opposition is paid from abroad; read the truth about them and then "
         "go and vote for the party of your choice")
OWN = ("I was at the strike in Tabriz on Friday and the workers' demands in this statement "
       "are exactly what we heard there")


@pytest.fixture
def moderator(client):
    user = User.objects.create_user("mod", password="a-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


def mark_spam(client, moderator, comments):
    client.force_login(moderator)
    client.post(QUEUE, {"action": "mark_spam", "_selected_action": [c.pk for c in comments]})
    client.logout()


@pytest.fixture
def marked(client, moderator, post) -> Comment:
    """A flood's first comment, which a moderator has marked as spam."""
    post(comment=FLOOD, address="192.0.2.1")
    mark_spam(client, moderator, Comment.objects.all())
    return Comment.objects.get()


def thanks(answer) -> str:
    return BeautifulSoup(answer.content, "html.parser").select_one(".notice").get_text()


@pytest.mark.parametrize("premoderated", [True, False])
def test_a_copy_of_a_comment_marked_as_spam_is_kept_as_spam_unsaid(
        client, moderator, post, make_statement, settings, premoderated, marked):
    settings.SOKHAN_COMMENTS_PREMODERATED = premoderated
    other = make_statement("On the elections", slug="on-the-elections")
    # A word changed, capitals, on another statement, from another address: the
    # duplicate rule (same words, same statement) lets it through; likeness does not.
    copied = post(other, comment=COPY, address="192.0.2.2")
    own = post(other, comment=OWN, address="192.0.2.3")
    assert copied.status_code == own.status_code == 200
    # Its sender is told what every sender is told: nothing to learn by probing.
    assert thanks(copied) == thanks(own)
    assert Comment.objects.get(body=COPY).status == Status.SPAM
    assert Comment.objects.get(body=OWN).status == (Status.PENDING if premoderated
                                                    else Status.PUBLISHED)
    # Moderators see why, in the log, and how often, on the dashboard.
    entry = ModerationAction.objects.get(action=Action.KEPT_ALIKE)
    assert entry.comment.body == COPY and entry.alike.body == FLOOD
    Rejection.settle()
    assert Rejection.objects.get(reason="like_spam").count == 1


def test_only_what_moderators_marked_as_spam_teaches(client, moderator, post, settings):
    post(comment=FLOOD, address="192.0.2.1")  # waiting, not spam
    post(comment=COPY, address="192.0.2.2")
    assert set(Comment.objects.values_list("status", flat=True)) == {Status.PENDING}
    # Approved after all: a copy of it is nobody's spam either.
    mark_spam(client, moderator, Comment.objects.all())
    client.force_login(moderator)
    client.post(QUEUE + "?status__exact=spam", {
        "action": "approve", "_selected_action": list(Comment.objects.values_list("pk",
                                                                                  flat=True))})
    post(comment=COPY + " Again.", address="192.0.2.3")
    assert Comment.objects.get(body=COPY + " Again.").status == Status.PENDING


def test_what_is_compared_with_is_what_moderators_marked_and_no_more(client, moderator,
                                                                    post, marked):
    # A kept copy teaches nothing: copies of copies would drift away from what a
    # moderator judged. Approved again, a comment teaches nothing either.
    original = marked
    post(comment=COPY, address="192.0.2.2")
    assert Comment.objects.get(body=COPY).status == Status.SPAM
    assert set(SpamPrint.objects.values_list("comment", flat=True)) == {original.pk}
    client.force_login(moderator)
    client.post(QUEUE + "?status__exact=spam", {"action": "approve",
                                                "_selected_action": [original.pk]})
    assert not SpamPrint.objects.exists()
    # ... and the next migrate after an upgrade finds the comments marked before it.
    mark_spam(client, moderator, [original])
    SpamPrint.objects.all().delete()
    searchkeys.rekey()
    assert set(SpamPrint.objects.values_list("comment", flat=True)) == {original.pk}


def test_a_site_may_keep_nothing_as_spam_for_likeness(client, moderator, post, settings, marked):
    settings.SOKHAN_SPAM_LIKENESS = 0
    post(comment=COPY, address="192.0.2.2")
    assert Comment.objects.get(body=COPY).status == Status.PENDING


def test_how_alike_is_the_site_s_choice(client, moderator, post, settings, marked):
    half = FLOOD.split(" before")[0] + " and then go and vote for the party of your choice"
    settings.SOKHAN_SPAM_LIKENESS = 95
    post(comment=COPY, address="192.0.2.2")
    assert Comment.objects.get(body=COPY).status == Status.PENDING
    settings.SOKHAN_SPAM_LIKENESS = 60
    post(comment=half, address="192.0.2.3")
    assert Comment.objects.get(body=half).status == Status.SPAM


def test_a_short_comment_is_never_kept_for_likeness(client, moderator, post):
    # "Thank you, well said" is written alike by many: a spammer's copy of it must not
    # send everyone's thanks to spam.
    post(comment="Thank you, well said!", address="192.0.2.1")
    mark_spam(client, moderator, Comment.objects.all())
    post(comment="Thank you, well said.", address="192.0.2.2")
    assert Comment.objects.get(body="Thank you, well said.").status == Status.PENDING
    assert not Print.objects.exists()


def test_comments_like_this_lists_a_flood_s_copies_for_one_action(client, moderator, post,
                                                                  make_statement):
    other = make_statement("On the elections", slug="on-the-elections")
    copies = [FLOOD, COPY, FLOOD.replace("Friday", "Saturday"), FLOOD.upper() + " !!"]
    for number, text in enumerate(copies):
        post(other if number % 2 else None, comment=text, address=f"192.0.2.{number}")
    post(comment=OWN, address="192.0.2.99")
    post(comment="Short and sweet.", address="192.0.2.98")
    post(comment=QUOTE, address="192.0.2.97")
    assert set(Print.objects.filter(comment__body=QUOTE).values_list("key", flat=True)) & set(
        Print.objects.filter(comment__body=FLOOD).values_list("key", flat=True))
    client.force_login(moderator)
    page = BeautifulSoup(client.get(QUEUE).content, "html.parser")
    first = Comment.objects.get(body=FLOOD)
    links = {int(a.find_parent("tr").select_one("input.action-select")["value"]): a["href"]
             for a in page.select("a.alike")}
    short = Comment.objects.get(body="Short and sweet.")
    assert short.pk not in links and len(links) == 6  # too short to have prints: no link
    listed = BeautifulSoup(client.get(QUEUE + links[first.pk]).content, "html.parser")
    rows = [int(box["value"]) for box in listed.select("#result_list input.action-select")]
    assert sorted(rows) == sorted(Comment.objects.filter(body__in=copies).values_list(
        "pk", flat=True))
    assert f"#{first.pk}" in listed.select_one("#changelist-filter").get_text()
    # Select all, Mark as spam: the whole flood in one action, the others untouched.
    client.post(QUEUE + links[first.pk], {"action": "mark_spam", "select_across": "1",
                                       "index": "0", "_selected_action": [first.pk]})
    assert {c.body for c in Comment.objects.filter(status=Status.SPAM)} == set(copies)
    assert Comment.objects.get(body=OWN).status == Status.PENDING
    assert Comment.objects.get(body=QUOTE).status == Status.PENDING
    # A number that is no comment's lists nothing; one that is no number, an error page
    # of the admin's, not a 500.
    assert client.get(QUEUE, {"like": 999999, "status__exact": "all"}).status_code == 200
    assert client.get(QUEUE, {"like": "x"}).status_code in (200, 302)


def test_sokhan_s_own_log_rows_go_with_the_comments_it_kept(client, moderator, post, marked,
                                                           settings):
    # A flood kept by itself left a log row a copy, naming nothing once the copy was
    # purged; a moderator's own action stays in the log.
    post(comment=COPY, address="192.0.2.2")
    copy = Comment.objects.exclude(pk=marked.pk).get()
    assert ModerationAction.objects.filter(comment=copy, action=Action.KEPT_ALIKE).exists()
    settings.SOKHAN_PENDING_RETENTION_DAYS = 90
    then = timezone.now() - timedelta(days=91)
    Comment.objects.update(created_at=then, updated_at=then)
    assert retention.purge_stale_pending() == 2
    assert list(ModerationAction.objects.values_list("action", "comment")) == [
        (Action.SPAM, None)]


def test_the_log_says_which_comment_a_kept_one_was_like(client, moderator, post, marked):
    post(comment=COPY, address="192.0.2.2")
    client.force_login(moderator)
    page = BeautifulSoup(client.get("/admin/comments/moderationaction/").content,
                         "html.parser")
    row = next(tr for tr in page.select("#result_list tbody tr")
               if "Kept as spam" in tr.get_text())
    link = row.select_one("td.field-details a")
    original = Comment.objects.get(body=FLOOD)
    assert link["href"] == f"{QUEUE}{original.pk}/change/"
    assert link.get_text() == f"#{original.pk}"


def test_prints_follow_the_words_through_an_edit(client, moderator, post, make_comment):
    comment = make_comment(FLOOD)
    before = set(Print.objects.filter(comment=comment).values_list("key", flat=True))
    assert len(before) == 8
    comment.body = OWN
    comment.save()
    after = set(Print.objects.filter(comment=comment).values_list("key", flat=True))
    assert len(after) == 8 and not before & after
    comment.body = ""  # an author's deletion empties the words
    comment.save()
    assert not Print.objects.filter(comment=comment).exists()


def test_reindex_prints_comments_written_past_the_orm(make_comment):
    # Rows written in bulk (an import, the bench's population) or before prints existed.
    comment = make_comment(FLOOD)
    Print.objects.all().delete()
    out = io.StringIO()
    searchkeys.rekey()
    assert Print.objects.filter(comment=comment).count() == 8
    # ... and the next migrate does it by itself when prints are made another way.
    Print.objects.all().delete()
    KeysMade.objects.update(fingerprint="made another way")
    call_command("migrate", verbosity=1, stdout=out)
    assert Print.objects.filter(comment=comment).count() == 8
    assert "comments alike" in out.getvalue()


# A copy changed more than the others, 61 % alike to FLOOD, that shares none of its prints
# (they are a sample of its words: one such copy in seven), and one changed less that
# shares prints with both.
FAR = ("The workers opposition is paid from abroad; read statement truth about them at "
       "news.example and share it with every friend you have Monday friends")
BRIDGE = ("The so-called opposition is paid from abroad; read the truth about them at "
          "news.example and share it with every friend workers have before people")


def test_comments_like_this_finds_copies_through_the_copies_it_found(client, moderator,
                                                                     post):
    for number, text in enumerate([FLOOD, FAR, BRIDGE, OWN]):
        post(comment=text, address=f"192.0.2.{number}")
    prints = {c.body: set(c.prints.values_list("key", flat=True))
              for c in Comment.objects.all()}
    assert not prints[FAR] & prints[FLOOD]
    assert prints[BRIDGE] & prints[FLOOD] and prints[BRIDGE] & prints[FAR]
    client.force_login(moderator)
    first = Comment.objects.get(body=FLOOD)
    listed = BeautifulSoup(client.get(QUEUE, {"like": first.pk}).content, "html.parser")
    assert {Comment.objects.get(pk=int(box["value"])).body for box in listed.select(
        "#result_list input.action-select")} == {FLOOD, FAR, BRIDGE}
    # Counted under Show counts, in the admin's digits; its label's markup not written out.
    counted = BeautifulSoup(client.get(QUEUE, {"like": first.pk, "_facets": "True"},
                                       HTTP_ACCEPT_LANGUAGE="fa").content, "html.parser")
    choice = next(a for a in counted.select("#changelist-filter li.selected a")
                  if a.get_text().startswith("#"))
    assert choice.get_text() == f"#{localnumber(first.pk)} (۳)" and choice.bdi


def test_comments_like_this_lists_at_most_so_many_and_then_the_rest(client, moderator, post,
                                                                   monkeypatch):
    # One SQL IN list of their numbers: SQLite takes 32,766 at most, and a flood may be
    # larger. Mark as spam on the first ten thousand, then open the list again: the next.
    monkeypatch.setattr(alike, "LISTED", 2)
    for number in range(5):
        post(comment=f"{FLOOD} {number}", address=f"192.0.2.{number}")
    first = Comment.objects.order_by("pk").first()
    client.force_login(moderator)
    shown = {"like": first.pk, "status__exact": "pending"}

    def rows() -> list[int]:
        page = BeautifulSoup(client.get(QUEUE, shown).content, "html.parser")
        return [int(box["value"]) for box in page.select("#result_list input.action-select")]
    seen: list[int] = []
    while listed := rows():
        assert len(listed) <= 2 and not set(listed) & set(seen)
        seen += listed
        client.post(QUEUE + "?" + urlencode(shown), {
            "action": "mark_spam", "select_across": "1", "index": "0",
            "_selected_action": listed})
    assert len(seen) == 5 and not Comment.objects.filter(status=Status.PENDING).exists()


@pytest.mark.parametrize("narrowed", [{"q": "zebra"}, {"q": "زبرا"}, "dates"])
def test_the_cap_on_comments_like_this_comes_after_a_search_and_the_dates(
        client, moderator, post, monkeypatch, narrowed):
    # A flood past the cap, searched for a word only its last copies carry: the cap came
    # before the search, so the list showed none of them whatever was searched.
    monkeypatch.setattr(alike, "LISTED", 2)
    for number in range(5):
        post(comment=f"{FLOOD} {number}", address=f"192.0.2.{number}")
    last = list(Comment.objects.order_by("pk"))[-2:]
    for comment in last:
        comment.body += " zebra زبرا"
        comment.created_at -= timedelta(days=400)
        comment.save()
    first = Comment.objects.order_by("pk").first()
    client.force_login(moderator)
    if narrowed == "dates":
        year = last[0].created_at.year
        narrowed = {"created_at__year": year}
    page = BeautifulSoup(client.get(QUEUE, {"like": first.pk, **narrowed}).content,
                         "html.parser")
    listed = {int(box["value"]) for box in page.select("#result_list input.action-select")}
    assert listed == {comment.pk for comment in last}


def test_an_action_on_the_copies_ticked_acts_on_them_past_the_cap(client, moderator, post,
                                                                  monkeypatch):
    # Listed without a status, the copies ticked were looked for again in the first ones
    # found of every status, and Approve said "0 comments approved" (review).
    monkeypatch.setattr(alike, "LISTED", 2)
    for number in range(5):
        post(comment=f"{FLOOD} {number}", address=f"192.0.2.{number}")
    first, *_rest = copies = list(Comment.objects.order_by("pk"))
    Comment.objects.filter(pk__in=[c.pk for c in copies[:3]]).update(status=Status.SPAM)
    client.force_login(moderator)
    page = BeautifulSoup(client.get(QUEUE, {"like": first.pk}).content, "html.parser")
    ticked = [int(box["value"]) for box in page.select("#result_list input.action-select")]
    assert ticked == [copies[4].pk, copies[3].pk]
    client.post(f"{QUEUE}?like={first.pk}", {"action": "approve", "_selected_action": ticked})
    assert set(Comment.objects.filter(status=Status.PUBLISHED).values_list(
        "pk", flat=True)) == set(ticked)


def test_comments_like_this_leaves_out_what_readers_see_under_a_waiting_one(
        client, moderator, post, settings):
    # A flood that copies a reader's published comment: Select all, Mark as spam on the
    # list of its copies hid the reader's comment too (reviews).
    settings.SOKHAN_COMMENTS_PREMODERATED = False
    post(comment=OWN, address="192.0.2.1")
    settings.SOKHAN_COMMENTS_PREMODERATED = True
    for number in range(3):
        post(comment=f"{OWN} {number}!", address=f"192.0.2.{number + 2}")
    client.force_login(moderator)
    page = BeautifulSoup(client.get(QUEUE).content, "html.parser")
    link = page.select_one("a.alike")["href"]
    assert "status__exact=pending" in link
    listed = BeautifulSoup(client.get(QUEUE + link).content, "html.parser")
    shown = {Comment.objects.get(pk=int(box["value"])).status
             for box in listed.select("#result_list input.action-select")}
    assert shown == {Status.PENDING} and len(listed.select("#result_list tbody tr")) == 3
    # Under a published comment, on a site that holds new comments, those waiting too:
    # they are where a flood's copies are (the link listed the published ones).
    published = BeautifulSoup(client.get(QUEUE, {"status__exact": "published"}).content,
                              "html.parser")
    assert "status__exact=pending" in published.select_one("a.alike")["href"]
    # ... and the published ones on a site that publishes at once, where they are.
    settings.SOKHAN_COMMENTS_PREMODERATED = False
    published = BeautifulSoup(client.get(QUEUE, {"status__exact": "published"}).content,
                              "html.parser")
    assert "status__exact=published" in published.select_one("a.alike")["href"]


def test_a_comment_kept_as_spam_says_so_in_the_queue_and_on_its_page(client, moderator,
                                                                    post, marked):
    original = marked
    post(comment=COPY, address="192.0.2.2")
    kept = Comment.objects.get(body=COPY)
    client.force_login(moderator)
    spam = BeautifulSoup(client.get(QUEUE, {"status__exact": "spam"}).content, "html.parser")
    rows = {int(tr.select_one("input.action-select")["value"]): tr.get_text(" ", strip=True)
            for tr in spam.select("#result_list tbody tr")}
    assert f"kept as spam: like #{original.pk}" in rows[kept.pk]
    assert "kept as spam" not in rows[original.pk]  # a moderator marked that one
    page = client.get(f"{QUEUE}{kept.pk}/change/").content.decode()
    assert f"/admin/comments/comment/{original.pk}/change/" in page


@pytest.mark.parametrize(("reason", "teaches"), [("spam", True), ("off_topic", False)])
def test_removed_as_spam_teaches_as_marked_as_spam_does(client, moderator, post, reason,
                                                       teaches):
    post(comment=FLOOD, address="192.0.2.1")
    client.force_login(moderator)
    client.post(QUEUE, {"action": "remove", "_selected_action": [Comment.objects.get().pk],
                        "apply": "1", "reason": reason})
    client.logout()
    assert Comment.objects.get().status == Status.REMOVED
    post(comment=COPY, address="192.0.2.2")
    assert Comment.objects.get(body=COPY).status == (Status.SPAM if teaches
                                                     else Status.PENDING)


def test_what_a_marked_comment_teaches_follows_its_words(client, moderator, post, marked):
    comment = marked

    def keys(model):
        return set(model.objects.filter(comment=comment).values_list("key", flat=True))
    assert keys(SpamPrint) == keys(Print) != set()
    comment.body = OWN  # a moderator's edit (or a Revert)
    comment.save()
    assert keys(SpamPrint) == keys(Print) != set()
    # Its author deletes it: nothing of the words stays, not even as prints.
    from sokhan.comments import moderation
    moderation.delete_by_author(comment)
    assert not SpamPrint.objects.exists() and not Print.objects.exists()


def test_a_loaddata_does_not_print_a_comment_twice(make_comment, tmp_path):
    make_comment(FLOOD)
    dump = tmp_path / "comments.json"
    call_command("dumpdata", "comments.comment", "comments.print", output=str(dump),
                 verbosity=0)
    call_command("loaddata", str(dump), verbosity=0)
    assert Print.objects.count() == 8


def test_a_revert_prints_the_words_it_brings_back(client, moderator, post):
    from reversion.models import Version

    post(comment=FLOOD, address="192.0.2.1")
    comment = Comment.objects.get()
    client.force_login(moderator)
    for body in (FLOOD + " Edited.", OWN):
        assert client.post(f"{QUEUE}{comment.pk}/change/", {
            "name": "", "email": "", "homepage": "", "subject": comment.subject,
            "body": body, "status": "pending", "removal_reason": "",
            "show_marker": ""}).status_code == 302
    first = Version.objects.get_for_object(comment).last()  # FLOOD + " Edited."
    assert client.post(f"{QUEUE}{comment.pk}/history/{first.pk}/", {
        "name": "", "email": "", "homepage": "", "subject": comment.subject,
        "body": FLOOD + " Edited.", "status": "pending", "removal_reason": "",
        "show_marker": ""}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == FLOOD + " Edited."
    from sokhan.antispam.likeness import prints
    assert set(Print.objects.filter(comment=comment).values_list("key", flat=True)) == set(
        prints(comment.body))


def test_a_reason_changed_to_spam_on_a_removed_comment_s_page_teaches(client, moderator,
                                                                     post):
    post(comment=FLOOD, address="192.0.2.1")
    comment = Comment.objects.get()
    client.force_login(moderator)
    client.post(QUEUE, {"action": "remove", "_selected_action": [comment.pk], "apply": "1",
                        "reason": "off_topic"})
    assert not SpamPrint.objects.exists()
    client.post(f"{QUEUE}{comment.pk}/change/", {
        "name": "", "email": "", "homepage": "", "subject": comment.subject, "body": FLOOD,
        "status": "removed", "removal_reason": "spam", "show_marker": ""})
    assert SpamPrint.objects.filter(comment=comment).count() == 8


def test_once_a_moderator_acts_on_a_kept_comment_it_is_no_longer_said_to_be_kept(
        client, moderator, post, marked):
    post(comment=COPY, address="192.0.2.2")
    kept = Comment.objects.get(body=COPY)
    client.force_login(moderator)
    for action in ("approve", "mark_spam"):  # seen, and judged spam by a moderator
        client.post(QUEUE + "?status__exact=all", {"action": action,
                                                   "_selected_action": [kept.pk]})
    spam = client.get(QUEUE, {"status__exact": "spam"}).content.decode()
    assert "kept as spam: like" not in spam
    assert "kept as spam: like" not in client.get(f"{QUEUE}{kept.pk}/change/").content.decode()


def test_spam_kept_without_a_moderator_has_a_list_of_its_own(client, moderator, post,
                                                            marked):
    # A reader's warning that quotes a flood whole is kept as spam with the flood: among
    # thousands of copies moderators marked, it was found by reading every row of Spam.
    post(comment=COPY, address="192.0.2.2")
    Block.objects.create(kind=Block.Kind.EMAIL, value=email_key("troll@example.org"),
                         until=timezone.now() + timedelta(days=1))
    post(comment=OWN, email="troll@example.org", address="192.0.2.3")
    assert Comment.objects.filter(status=Status.SPAM).count() == 3
    client.force_login(moderator)
    dashboard = BeautifulSoup(client.get("/admin/antispam/rejection/").content, "html.parser")
    said = next(p for p in dashboard.select("#content p") if "without a moderator" in p.text)
    assert said.text.startswith("2 comments were kept as spam")

    def kept() -> set[str]:
        page = BeautifulSoup(client.get(said.a["href"]).content, "html.parser")
        return {Comment.objects.get(pk=int(box["value"])).body
                for box in page.select("#result_list input.action-select")}
    assert kept() == {COPY, OWN}  # not the flood's first, which a moderator marked
    page = BeautifulSoup(client.get(said.a["href"]).content, "html.parser")
    assert page.select('#changelist-filter a[href*="statement__id__exact="]')  # by statement
    why = {row.select_one(".field-excerpt bdi").get_text()[:40]: row.select_one(
        ".field-state").get_text() for row in page.select("#result_list tbody tr")}
    assert "kept as spam: like #" in why[COPY[:40]]
    assert "kept as spam: its e-mail address is blocked" in why[OWN[:40]]  # it said nothing
    own = Comment.objects.get(body=OWN)
    assert "its e-mail address is blocked" in client.get(
        f"{QUEUE}{own.pk}/change/").content.decode()
    # A moderator who cuts a phone number out of one, or lengthens the block that kept
    # the other, has not said whether it is spam: both stay.
    moderation.edited(Comment.objects.get(body=COPY), moderator)
    block = Block.objects.get()
    moderation.block_changed(block, moderator, until=block.until + timedelta(days=1),
                             reason=block.reason)
    assert Block.objects.get().comment.body == OWN
    # Nor has one who saves its page as it is, with a reason only removals use: it does
    # not teach (it did, still unjudged).
    copy = Comment.objects.get(body=COPY)
    assert client.post(f"{QUEUE}{copy.pk}/change/", {
        "name": copy.name, "email": copy.email, "homepage": "", "subject": copy.subject,
        "body": copy.body, "status": "spam", "removal_reason": "spam",
        "show_marker": ""}).status_code == 302
    assert not SpamPrint.objects.filter(comment=copy).exists()
    assert kept() == {COPY, OWN}
    # Once a moderator has acted on one (marked it as spam, or approved it), it has been
    # seen.
    client.post(said.a["href"], {"action": "mark_spam", "_selected_action": [
        Comment.objects.get(body=OWN).pk]})
    assert kept() == {COPY}
    assert SpamPrint.objects.filter(comment__body=OWN).exists()  # a moderator's mark teaches


def test_no_link_in_the_queue_lies_inside_another(client, moderator, post, marked):
    # The words are the link to the comment's page, and "Comments like this" and the
    # comment it was kept for were links inside that link: browsers split them, and the
    # text between them became part of the link to the page (moderators' review).
    post(comment=COPY, address="192.0.2.2")
    client.force_login(moderator)
    for status in ("spam", "all"):
        page = BeautifulSoup(client.get(QUEUE, {"status__exact": status}).content,
                             "html.parser")
        assert page.select("#result_list a") and not page.select("#result_list a a")
        if status == "spam":
            assert page.select("#result_list .field-state .kept a")
            assert page.select("#result_list .field-state a.alike")
