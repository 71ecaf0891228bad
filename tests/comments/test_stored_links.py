"""Comments stored before a change to how the format writes them get the change too."""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_links_in_comments_saved_before_noreferrer_get_it(make_statement):
    from sokhan.comments import posting
    from sokhan.comments.models import Comment

    old = posting.save(make_statement(), {"comment": "See www.example.org and "
                                          '<a rel="nofollow ugc noopener">'}, None, "hash", 1)
    call_command("migrate", "comments", "0003", verbosity=0)
    # Only the columns the tables of then had (today's model has more).
    stored = Comment.objects.values_list("body_html", flat=True).get(pk=old.pk).replace(
        "noreferrer", "noopener")
    Comment.objects.filter(pk=old.pk).update(body_html=stored)  # as it was saved back then
    call_command("migrate", verbosity=0)
    html = Comment.objects.get(pk=old.pk).body_html
    assert 'href="http://www.example.org" rel="nofollow ugc noreferrer"' in html
    # What the commenter typed is escaped text, and stays exactly as typed.
    assert "&lt;a rel=&quot;nofollow ugc noopener&quot;&gt;" in html


def test_comments_saved_before_paragraphs_had_a_direction_get_one(make_statement):
    from sokhan.comments import posting
    from sokhan.comments.models import Comment

    typed = "نظر من: https://مثال.ایران/صفحه\n\nAnd in English."
    old = posting.save(make_statement(), {"comment": typed}, None, "hash", 1)
    gone = posting.save(make_statement(slug="other"), {"comment": "gone"}, None, "hash", 1)
    call_command("migrate", "comments", "0006", verbosity=0)
    Comment.objects.filter(pk=old.pk).update(  # as the format wrote it back then
        body_html='<p>نظر من: <a href="https://مثال.ایران/صفحه" rel="nofollow ugc noreferrer">'
                  "https://مثال.ایران/صفحه</a></p><p>And in English.</p>")
    Comment.objects.filter(pk=gone.pk).update(body_html="")  # deleted by its author
    call_command("migrate", verbosity=0)
    assert Comment.objects.get(pk=old.pk).body_html == (
        '<p dir="auto" lang="fa">نظر من: <a href="https://مثال.ایران/صفحه" '
        'rel="nofollow ugc noreferrer" dir="ltr">https://مثال.ایران/صفحه</a></p>'
        '<p dir="auto" lang="en">And in English.</p>')
    assert Comment.objects.get(pk=gone.pk).body_html == ""


def test_persian_paragraphs_saved_with_their_first_letters_direction_get_most_letters(
        make_statement):
    from sokhan.comments import posting
    from sokhan.comments.models import Comment

    typed = "VPN‌ها این روزها کند شده‌اند، نه؟"
    old = posting.save(make_statement(), {"comment": typed}, None, "hash", 1)
    call_command("migrate", "comments", "0024", verbosity=0)
    Comment.objects.filter(pk=old.pk).update(body_html=f'<p dir="auto">{typed}</p>')
    call_command("migrate", verbosity=0)
    assert Comment.objects.get(pk=old.pk).body_html == f'<p dir="rtl">{typed}</p>'
