"""The CAPTCHA in the comment flow: asked only after a first submit, each token used once,
every human-looking failure keeps the comment and brings a new image."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core import signing

from sokhan.antispam.models import Rejection
from sokhan.antispam.sharedcounts import SLOTS
from sokhan.captcha import flow
from sokhan.captcha import token as captcha_token
from sokhan.captcha.token import Challenge
from sokhan.comments import posting
from sokhan.comments.models import Comment
from sokhan.website.roles import EDITORS, MODERATORS

from .conftest import kept_text

pytestmark = pytest.mark.django_db
# The model page's words, then what to do: the image shown is a new one.
WRONG = ("The answer you entered for the CAPTCHA was not correct. Please enter the characters "
         "shown in the new image.")


def test_statement_page_carries_no_challenge_and_no_cookie(client, statement):
    first = client.get(statement.get_absolute_url())
    second = client.get(statement.get_absolute_url(), REMOTE_ADDR="198.51.100.1")
    assert first.content == second.content
    assert not first.cookies and not second.cookies
    soup = BeautifulSoup(first.content, "html.parser")
    fieldset = soup.find("fieldset", id="captcha")
    assert ("This question is for testing whether or not you are a human visitor and to "
            "prevent automated spam submissions.") in fieldset.get_text()
    assert soup.find("input", attrs={"name": "captcha_token"}) is None
    assert "X-Sokhan-Test-Answer" not in first


def test_first_save_asks_for_the_characters_and_keeps_the_comment(commenter):
    response = commenter.first_step("My words")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("label", attrs={"for": "id_captcha_answer"}).get_text() == \
        "Enter the characters shown in the image."
    image = soup.select_one("img.captcha-image")
    assert image["alt"] and commenter.client.get(image["src"]).status_code == 200
    assert kept_text(response) == "My words"
    assert not Comment.objects.exists()
    assert "no-store" in response["Cache-Control"]
    assert "{#" not in response.content.decode()  # no template comment printed as text


def test_right_answer_is_accepted_once(commenter):
    token, answer = commenter.challenge(commenter.first_step())
    fields = {"comment": "Hello", "captcha_token": token, "captcha_answer": answer}
    assert "queued for review" in commenter.send(fields).content.decode()
    assert Comment.objects.count() == 1
    replay = commenter.send({**fields, "comment": "Hello again"})
    assert replay.status_code == 400
    assert "already used" in replay.content.decode()
    assert kept_text(replay) == "Hello again"
    assert Comment.objects.count() == 1


def test_save_pressed_twice_shows_the_comment_saved_not_an_error(commenter):
    token, answer = commenter.challenge(commenter.first_step())
    fields = {"comment": "Pressed twice", "captcha_token": token, "captcha_answer": answer}
    first = commenter.send(fields)
    with time_machine.travel(time.time() + 1.5):  # the link once had the second in it
        second = commenter.send(fields)  # the browser shows this one
    assert second.status_code == 200 and "queued for review" in second.content.decode()
    assert "already used" not in second.content.decode()
    assert Comment.objects.count() == 1
    # Nor does the dashboard count a person's double click as a duplicate.
    Rejection.settle()
    assert not Rejection.objects.filter(reason="duplicate").exists()
    delete_link = BeautifulSoup(second.content, "html.parser").select_one(".private-link a")
    assert delete_link["href"] == BeautifulSoup(first.content, "html.parser").select_one(
        ".private-link a")["href"]
    # Someone else at the same address (a Tor exit's next user) who knows the words and
    # spends a challenge of their own on a wrong answer gets the refusal, not the link.
    theirs, _answer = commenter.challenge(commenter.first_step("Mine"))
    commenter.send({"comment": "Mine", "captcha_token": theirs, "captcha_answer": "WRONG"})
    for spent in (theirs, token):
        sent = {"comment": "Pressed twice", "captcha_token": spent, "captcha_answer": answer}
        html = commenter.send(sent if spent == theirs else {**fields, "comment": "Other"}
                              ).content.decode()
        assert "/comments/delete/" not in html and "queued for review" not in html
    assert Comment.objects.count() == 1


def test_a_token_seen_in_an_image_s_address_does_not_give_away_the_deletion_link(commenter):
    # The token stands in the image's address, which a proxy or a CDN may log: with the
    # words (published at once on some sites), any answer got the thank-you page and its
    # deletion link (security review). The answer is what only the commenter knows.
    token, answer = commenter.challenge(commenter.first_step())
    commenter.send({"comment": "My words", "captcha_token": token, "captcha_answer": answer})
    wrong = "Z" * len(answer) if answer[0] != "Z" else "Y" * len(answer)
    for typed in (wrong, ""):
        html = commenter.send({"comment": "MY WORDS  ", "name": "Someone else",
                               "captcha_token": token, "captcha_answer": typed}
                              ).content.decode()
        assert "/comments/delete/" not in html and "queued for review" not in html
    assert Comment.objects.count() == 1


def test_the_same_form_sent_again_much_later_is_no_second_press(commenter):
    # Someone who saw the image's address could read the image for themselves: with the
    # words, once published, the right answer got them the deletion link, for as long as
    # the challenge lived (half an hour). A second press, or Back and "resend", is quick.
    token, answer = commenter.challenge(commenter.first_step())
    fields = {"comment": "My words", "captcha_token": token, "captcha_answer": answer}
    commenter.send(fields)
    with time_machine.travel(time.time() + 9 * 60):
        assert "/comments/delete/" in commenter.send(fields).content.decode()
    with time_machine.travel(time.time() + 11 * 60):
        late = commenter.send(fields)
    assert "/comments/delete/" not in late.content.decode()
    assert kept_text(late) == "My words" and Comment.objects.count() == 1


def test_save_pressed_twice_after_the_last_comment_of_the_minute_shows_it_saved(
        commenter, settings):
    # The first press took the minute's last place: the second is still no refusal.
    settings.SOKHAN_COMMENTS_PER_MINUTE = 1
    token, answer = commenter.challenge(commenter.first_step())
    fields = {"comment": "The last of the minute", "captcha_token": token,
              "captcha_answer": answer}
    commenter.send(fields)
    second = commenter.send(fields)
    assert second.status_code == 200 and "queued for review" in second.content.decode()
    Rejection.settle()
    assert not Rejection.objects.exists() and Comment.objects.count() == 1


def test_answers_ignore_case_and_spaces(commenter):
    token, answer = commenter.challenge(commenter.first_step())
    typed = " ".join(answer.lower())
    commenter.send({"comment": "Hello", "captcha_token": token, "captcha_answer": typed})
    assert Comment.objects.count() == 1


def test_wrong_answer_keeps_the_text_and_gives_a_new_image(commenter):
    token, answer = commenter.challenge(commenter.first_step())
    wrong = "Z" * len(answer) if answer[0] != "Z" else "Y" * len(answer)
    response = commenter.send({"comment": "Keep me", "name": "Ali", "captcha_token": token,
                               "captcha_answer": wrong})
    assert response.status_code == 400
    assert WRONG in response.content.decode()
    assert kept_text(response) == "Keep me"
    new_token, _answer = commenter.challenge(response)
    assert new_token != token
    # The old token cannot be tried again with the right answer.
    again = commenter.send({"comment": "Keep me", "captcha_token": token,
                            "captcha_answer": answer})
    assert "already used" in again.content.decode()
    assert not Comment.objects.exists()
    Rejection.settle()
    assert Rejection.objects.get(reason="captcha_wrong").count == 1


def test_a_wrong_answer_is_announced_with_the_answer_field(commenter):
    token, answer = commenter.challenge(commenter.first_step())
    response = commenter.send({"comment": "Keep me", "captcha_token": token,
                               "captcha_answer": "Y" if answer[0] != "Y" else "X"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.title.get_text().startswith("Error: ")
    field = soup.find(id="id_captcha_answer")
    assert field["aria-invalid"] == "true"
    described = [soup.find(id=part).get_text(" ", strip=True)
                 for part in field["aria-describedby"].split()]
    assert described[0] == WRONG
    # ... then what the CAPTCHA is for, and that letters may be typed in either case.
    assert "Capital or small letters" in described[-1]
    summary = soup.select_one("#comment-form-errors[role=alert]")
    assert summary.find("a", href="#id_captcha_answer").get_text() == WRONG
    assert not soup.select(".notice")  # not "one more step" as if nothing had gone wrong


def test_expired_token_is_refused_with_a_new_image(commenter, settings):
    token, answer = commenter.challenge(commenter.first_step())
    with time_machine.travel(time.time() + settings.SOKHAN_CAPTCHA_TTL + 5):
        response = commenter.send({"comment": "Late words", "captcha_token": token,
                                   "captcha_answer": answer})
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert kept_text(response) == "Late words"
    assert not Comment.objects.exists()


def test_token_of_an_older_alphabet_counts_as_expired(commenter, client):
    # Issued before the upgrade that left 4 out: its answer can no longer be drawn or typed.
    token, _answer = commenter.challenge(commenter.first_step())
    payload = signing.loads(token, salt="sokhan.captcha.token")
    older = captcha_token._seal(payload["n"], "AC34DE")
    old = signing.dumps({**payload, "s": older}, salt="sokhan.captcha.token", compress=False)
    assert client.get(f"/en/captcha/{old}/audio.wav").status_code == 404
    _counts_as_expired(commenter, client, old, "Written across the upgrade", "AC34DE")
    assert not Comment.objects.exists()


def _counts_as_expired(commenter, client, token: str, text: str, answer: str) -> None:
    """No image for ``token``, and a form sent with it brings a new one, its text kept."""
    assert client.get(f"/en/captcha/{token}/image.png").status_code == 404
    response = commenter.send({"comment": text, "captcha_token": token,
                               "captcha_answer": answer})
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert kept_text(response) == text


@pytest.mark.parametrize("sealed", ["not hex", "not UTF-8"])
def test_a_signed_token_whose_answer_cannot_be_read_counts_as_expired(commenter, client, sealed):
    # Only a token this site never issued (signed with its key, by another version or by
    # hand): no server error, the form brings a new image.
    token, _answer = commenter.challenge(commenter.first_step())
    payload = signing.loads(token, salt="sokhan.captcha.token")
    if sealed == "not UTF-8":
        stream = captcha_token._keystream(payload["n"], 2)
        sealed = bytes(a ^ b for a, b in zip(b"\xff\xfe", stream, strict=True)).hex()
    odd = signing.dumps({**payload, "s": sealed}, salt="sokhan.captcha.token", compress=False)
    _counts_as_expired(commenter, client, odd, "Odd token", "AC35DE")


def test_tampered_token_is_refused(commenter):
    token, answer = commenter.challenge(commenter.first_step())
    payload = signing.loads(token, salt="sokhan.captcha.token")
    forged = signing.dumps({**payload, "t": payload["t"] + 3600}, salt="wrong-salt")
    for bad in [token[:-2] + "xx", forged, "garbage"]:
        response = commenter.send({"comment": "Mine", "captcha_token": bad,
                                   "captcha_answer": answer})
        assert response.status_code == 400
        assert "could not be checked" in response.content.decode()
        assert kept_text(response) == "Mine"
    assert not Comment.objects.exists()


def test_too_fast_is_refused(commenter, settings):
    settings.SOKHAN_CAPTCHA_MIN_SECONDS = 3
    token, answer = commenter.challenge(commenter.first_step())
    response = commenter.send({"comment": "Quick", "captcha_token": token,
                               "captcha_answer": answer})
    assert response.status_code == 400
    assert "faster than a person" in response.content.decode()
    assert kept_text(response) == "Quick"
    token, answer = commenter.challenge(response)
    with time_machine.travel(time.time() + 4):
        commenter.send({"comment": "Quick", "captcha_token": token, "captcha_answer": answer})
    assert Comment.objects.count() == 1


def test_solved_on_preview_is_not_asked_again_on_save(commenter):
    token, answer = commenter.challenge(commenter.first_step())
    preview = commenter.send({"comment": "Preview me", "captcha_token": token,
                              "captcha_answer": answer}, button="preview")
    soup = BeautifulSoup(preview.content, "html.parser")
    assert soup.select_one(".comment-preview")
    assert soup.find("input", attrs={"name": "captcha_token"}) is None
    passed = soup.find("input", attrs={"name": "captcha_pass"})["value"]
    commenter.send({"comment": "Preview me", "captcha_pass": passed})
    assert Comment.objects.count() == 1
    replay = commenter.send({"comment": "Preview me twice", "captcha_pass": passed})
    assert "already used" in replay.content.decode()
    assert Comment.objects.count() == 1


def test_a_preview_marks_its_subject_and_its_body_each_with_its_own_language(commenter):
    token, answer = commenter.challenge(commenter.first_step())
    preview = commenter.send({"comment": "همبستگی با روزنامه‌نگاران بازداشت‌شده",
                              "subject": "Solidarity with the journalists",
                              "captcha_token": token, "captcha_answer": answer},
                             button="preview")
    shown = BeautifulSoup(preview.content, "html.parser").select_one(".comment-preview")
    assert shown.select_one(".comment-subject").get("lang") is None  # the page's: English
    assert shown.select_one(".comment-body").get("lang") == "fa"


def test_preview_before_answering_keeps_the_same_image(commenter):
    token, _answer = commenter.challenge(commenter.first_step())
    preview = commenter.send({"comment": "Draft", "captcha_token": token,
                              "captcha_answer": ""}, button="preview")
    assert commenter.challenge(preview)[0] == token


def test_new_image_works_without_javascript(commenter):
    token, _answer = commenter.challenge(commenter.first_step())
    response = commenter.send({"comment": "Still here", "captcha_token": token},
                              button="new_challenge")
    assert response.status_code == 200
    assert commenter.challenge(response)[0] != token
    assert kept_text(response) == "Still here"
    soup = BeautifulSoup(response.content, "html.parser")
    assert not soup.select(".form-errors, .field-errors")
    # Said, not only shown: "One more step" again read as if nothing had happened.
    assert soup.select_one(".notice[role=status]").get_text() == (
        "A new image is shown below. Your comment is kept.")
    # The control stands after Save (Enter must save); the CAPTCHA's group says where.
    assert "Get a new image" in soup.select_one("fieldset.captcha").get_text()


def test_save_without_an_answer_asks_for_it_again_and_keeps_the_image(commenter):
    token, answer = commenter.challenge(commenter.first_step())
    response = commenter.send({"comment": "Forgot the characters", "captcha_token": token,
                               "captcha_answer": "  "})
    # Said as an error, in the summary and at the answer's field, not counted as a refusal.
    page = BeautifulSoup(response.content, "html.parser")
    asked = "Enter the characters shown in the image, then press Save."
    assert page.select_one("#comment-form-errors a[href='#id_captcha_answer']").get_text() == asked
    assert page.select_one("#captcha-errors").get_text(strip=True) == asked
    assert page.select_one("#id_captcha_answer")["aria-invalid"] == "true"
    assert page.title.get_text().startswith("Error:")
    Rejection.settle()
    assert WRONG not in response.content.decode() and not Rejection.objects.exists()
    assert commenter.challenge(response)[0] == token  # not used up: the same image
    assert kept_text(response) == "Forgot the characters"
    done = commenter.send({"comment": "Forgot the characters", "captcha_token": token,
                           "captcha_answer": answer})
    assert "queued for review" in done.content.decode()


def test_new_image_past_the_image_limit_says_so_and_keeps_the_text(commenter, settings):
    settings.SOKHAN_CHALLENGES_PER_MINUTE = 1
    token, _answer = commenter.challenge(commenter.first_step())
    response = commenter.send({"comment": "Words kept past the limit", "captcha_token": token},
                              button="new_challenge")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Too many CAPTCHA images" in soup.select_one(".form-errors").get_text()
    assert kept_text(response) == "Words kept past the limit"


def test_new_image_on_a_reply_goes_on_showing_the_comment_answered(commenter, statement):
    from sokhan.comments import posting
    from sokhan.comments.models import Status

    parent = posting.save(statement, {"comment": "The comment answered"}, None, "hash", 1)
    Comment.objects.filter(pk=parent.pk).update(status=Status.PUBLISHED)
    response = commenter.send({"comment": "My reply", "parent": str(parent.number)},
                              button="new_challenge")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Reply to comment"
    assert "The comment answered" in soup.select_one(".replying-to").get_text()
    for parent_value in ("abc", "0", str(2**63), str(parent.pk + 100)):  # tampered: no 500
        response = commenter.send({"comment": "My reply", "parent": parent_value},
                                  button="new_challenge")
        assert response.status_code == 200 and kept_text(response) == "My reply"


def test_audio_alternative_is_the_same_challenge_in_the_page_language(commenter, client):
    response = commenter.first_step()
    soup = BeautifulSoup(response.content, "html.parser")
    # It plays in the page: leaving the step page for the file lost the challenge heard.
    player = soup.select_one(".captcha-alternatives audio[controls]")
    assert player["preload"] == "none"  # nothing fetched until played
    label = soup.find(id=player["aria-labelledby"]).get_text()
    assert label == "Listen to the characters instead (audio)"
    audio = soup.select_one(".captcha-alternatives a[download]")["href"]
    assert player["src"] == audio and audio.startswith("/en/captcha/")
    sound = client.get(audio)
    assert sound.status_code == 200 and sound["Content-Type"] == "audio/wav"
    assert sound.content[:4] == b"RIFF"
    assert "no-store" in sound["Cache-Control"] and not sound.cookies


def test_a_step_page_switches_language_keeping_the_text_and_the_image(commenter, client,
                                                                      statement):
    # The switch was a link to the other language's front page: the words typed, and the
    # image, were lost (and Back offered to send the form again).
    token, answer = commenter.challenge(commenter.first_step("Kept across languages"))
    switched = client.post(commenter.url, {"comment": "Kept across languages",
                                           "captcha_token": token, "switch_language": "fa"},
                           REMOTE_ADDR="203.0.113.5")
    assert switched.status_code == 200 and switched["Content-Language"] == "fa"
    page = BeautifulSoup(switched.content, "html.parser")
    assert page.html["lang"] == "fa" and page.html["dir"] == "rtl"
    assert kept_text(switched) == "Kept across languages"
    assert commenter.challenge(switched)[0] == token  # the same image, not used up
    assert page.select_one(".captcha-alternatives audio")["src"].startswith("/fa/captcha/")
    form = page.find("form", id="comment-form")
    assert form["action"] == commenter.url  # the comment still goes to this statement
    assert form.find("input", attrs={"name": "page_language"})["value"] == "fa"
    # The header's switch leads to the button after the form: a submit button before the
    # form's own would be the one Enter presses.
    assert page.select_one(".language-switch a")["href"] == "#switch-language"
    assert page.select_one(".language-switch button") is None
    back = page.select_one("#switch-language button")
    assert (back["name"], back["value"], back["form"], back.get_text()) == (
        "switch_language", "en", "comment-form", "Show this form in English; what you wrote is kept")
    first = page.find(lambda tag: tag.name in ("button", "input") and tag.get("type") == "submit"
                      and (tag.get("form") == "comment-form" or tag.find_parent(id="comment-form")))
    assert first["name"] == "save"
    assert page.select_one(".back a")["lang"] == "en"  # the statement's title
    assert not Comment.objects.exists()
    done = client.post(commenter.url, {"comment": "Kept across languages",
                                       "captcha_token": token, "captcha_answer": answer,
                                       "page_language": "fa", "save": "1"},
                       REMOTE_ADDR="203.0.113.5")
    assert done["Content-Language"] == "fa"
    assert BeautifulSoup(done.content, "html.parser").html["lang"] == "fa"
    assert Comment.objects.get().statement == statement


def test_a_language_switch_on_a_preview_shows_the_preview_again(commenter, client):
    # The switch showed the form alone: the preview the commenter was reading was gone.
    token, answer = commenter.challenge(commenter.first_step("Read me in Persian"))
    preview = commenter.send({"comment": "Read me in Persian", "subject": "Mine",
                              "captcha_token": token, "captcha_answer": answer},
                             button="preview")
    page = BeautifulSoup(preview.content, "html.parser")
    carried = {field["name"]: field.get("value", "") for field in page.select(
        "#comment-form input[type=hidden]")}
    assert carried["previewed"] == "1" and carried["captcha_pass"]
    switched = client.post(commenter.url, {**carried, "comment": "Read me in Persian",
                                           "subject": "Mine", "switch_language": "fa"},
                           REMOTE_ADDR="203.0.113.5")
    page = BeautifulSoup(switched.content, "html.parser")
    assert switched.status_code == 200 and page.html["lang"] == "fa"
    shown = page.select_one(".comment-preview")
    assert "Read me in Persian" in shown.get_text() and "Mine" in shown.h3.get_text()
    assert kept_text(switched) == "Read me in Persian"
    # The CAPTCHA solved on Preview is still solved: Save needs nothing more.
    again = page.find("input", attrs={"name": "captcha_pass"})["value"]
    assert again == carried["captcha_pass"] and not page.select(".form-errors")
    saved = client.post(commenter.url, {"comment": "Read me in Persian", "captcha_pass": again,
                                        "page_language": "fa", "save": "1"},
                        REMOTE_ADDR="203.0.113.5")
    assert Comment.objects.get().body == "Read me in Persian"
    assert saved.status_code == 200


def test_a_new_image_on_a_preview_keeps_the_preview(commenter):
    # "Get a new image" showed the form alone: the preview being read was gone (review).
    token, _answer = commenter.challenge(commenter.first_step("Read me again"))
    preview = commenter.send({"comment": "Read me again", "captcha_token": token},
                             button="preview")
    assert BeautifulSoup(preview.content, "html.parser").select_one(".comment-preview")
    again = commenter.send({"comment": "Read me again", "captcha_token": token,
                            "previewed": "1"}, button="new_challenge")
    page = BeautifulSoup(again.content, "html.parser")
    assert "Read me again" in page.select_one(".comment-preview").get_text()
    assert commenter.challenge(again)[0] != token and kept_text(again) == "Read me again"
    assert "A new image is shown below" in page.select_one("#captcha-notice").get_text()


def test_a_new_image_draws_the_preview_again_only_within_the_previews_limit(commenter,
                                                                           settings):
    # "Get a new image" with "previewed" set drew the preview however often it was sent,
    # past the previews' limit and with the honeypot filled (security review).
    settings.SOKHAN_PREVIEWS_PER_MINUTE = 3
    token, _answer = commenter.challenge(commenter.first_step("Drawn often"))  # counts one

    def new_image(**fields):
        page = commenter.send({"comment": "Drawn often", "captcha_token": token,
                               "previewed": "1", **fields}, button="new_challenge")
        return BeautifulSoup(page.content, "html.parser")

    assert new_image(website="a bot fills me").select_one(".comment-preview") is None
    shown = [bool(new_image().select_one(".comment-preview")) for _ in range(3)]
    assert shown == [True, True, False]
    assert "Drawn often" in new_image().select_one("textarea").get_text()  # the text stays


def test_a_language_switch_checks_no_answer_typed(commenter, client):
    token, _answer = commenter.challenge(commenter.first_step("Words"))
    preview = commenter.send({"comment": "Words", "captcha_token": token}, button="preview")
    assert commenter.challenge(preview)[0] == token
    switched = client.post(commenter.url, {"comment": "Words", "captcha_token": token,
                                           "captcha_answer": "WRONG", "previewed": "1",
                                           "switch_language": "fa"},
                           REMOTE_ADDR="203.0.113.5")
    page = BeautifulSoup(switched.content, "html.parser")
    assert page.select_one(".comment-preview") and not page.select(".form-errors")
    assert commenter.challenge(switched)[0] == token  # not used up by the wrong answer
    assert page.find("input", attrs={"name": "captcha_answer"})["value"] == "WRONG"


def test_a_language_switch_keeps_the_answer_typed_for_the_same_image(commenter, client):
    # The text and the image stayed, the answer typed beside them did not: a blind
    # commenter played the sound again to type it again (readers' review).
    token, answer = commenter.challenge(commenter.first_step("Typed first"))
    switched = client.post(commenter.url, {"comment": "Typed first", "captcha_token": token,
                                           "captcha_answer": answer.lower(),
                                           "switch_language": "fa"},
                           REMOTE_ADDR="203.0.113.5")
    page = BeautifulSoup(switched.content, "html.parser")
    typed = page.find("input", attrs={"name": "captcha_answer"})
    assert typed["value"] == answer.lower() and not page.select(".form-errors")
    assert not Comment.objects.exists()
    # Save, as the page now stands, sends the comment in one press.
    fields = {field["name"]: field.get("value", "") for field in page.select(
        "#comment-form input:not([type=checkbox])") if field.get("name")}
    commenter.send({**fields, "comment": "Typed first"})
    assert Comment.objects.get().body == "Typed first"


def test_a_new_image_does_not_keep_the_answer_typed_for_the_old_one(commenter):
    token, answer = commenter.challenge(commenter.first_step("Another image"))
    again = commenter.send({"comment": "Another image", "captcha_token": token,
                            "captcha_answer": answer}, button="new_challenge")
    typed = BeautifulSoup(again.content, "html.parser").find(
        "input", attrs={"name": "captcha_answer"})
    assert commenter.challenge(again)[0] != token and not typed.get("value")


def test_a_language_switch_before_any_image_asks_for_none(commenter, client, statement):
    # A reply page has no image yet: switching its language is no step towards sending.
    parent = posting.save(statement, {"comment": "The comment answered"}, None, "hash", 1)
    Comment.objects.filter(pk=parent.pk).update(status="published")
    reply_page = BeautifulSoup(client.get(f"/en/comments/{parent.number}/reply/").content,
                               "html.parser")
    button = reply_page.select_one("#switch-language button[name=switch_language]")
    assert button["form"] == "comment-form" and button["value"] == "fa"
    assert button.get_text() == "نمایش این فرم به فارسی؛ نوشتهٔ شما نگه داشته می‌شود"
    switched = client.post(commenter.url, {"comment": "", "parent": str(parent.number),
                                           "switch_language": "fa"})
    page = BeautifulSoup(switched.content, "html.parser")
    assert page.html["lang"] == "fa" and "X-Sokhan-Test-Answer" not in switched
    assert page.find("input", attrs={"name": "captcha_token"}) is None
    assert "The comment answered" in page.select_one(".replying-to").get_text()
    assert not page.select(".form-errors")  # nothing was checked


def test_image_of_a_bad_token_is_404(client):
    assert client.get("/en/captcha/garbage/image.png").status_code == 404


def test_challenge_endpoint_for_the_optional_script(client):
    response = client.get("/en/captcha/new.json")
    data = response.json()
    assert set(data) >= {"token", "image", "audio"}
    assert client.get(data["image"])["Content-Type"] == "image/png"
    assert not response.cookies and "no-store" in response["Cache-Control"]


def test_challenges_are_rate_limited_per_address(client, settings):
    settings.SOKHAN_CHALLENGES_PER_MINUTE = 3
    codes = [client.get("/en/captcha/new.json", REMOTE_ADDR="192.0.2.9").status_code
             for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert client.get("/en/captcha/new.json", REMOTE_ADDR="192.0.2.10").status_code == 200
    # On the dashboard once per address crossing the line, not once per request refused:
    # a flood of requests must not become a flood of writes.
    Rejection.settle()
    assert Rejection.objects.get(reason="rate_challenges").count == 1


def test_behind_a_proxy_a_made_up_forwarded_address_does_not_escape_the_limit(
        client, settings):
    # nginx's X-Forwarded-For adds the address it saw after what the client sent: the
    # first was read, so each request could name another address (an operator's review).
    settings.SOKHAN_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.SOKHAN_CHALLENGES_PER_MINUTE = 3
    codes = [client.get("/en/captcha/new.json", REMOTE_ADDR="127.0.0.1",
                        HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 192.0.2.9").status_code
             for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert client.get("/en/captcha/new.json", REMOTE_ADDR="127.0.0.1",
                      HTTP_X_FORWARDED_FOR="192.0.2.10").status_code == 200


def test_another_site_cannot_spend_a_reader_s_challenges(client, settings):
    # A hostile page's <img> tags asked here in its readers' name until the rate limit shut
    # their connection out of commenting (security review). Refused, and not counted.
    settings.SOKHAN_CHALLENGES_PER_MINUTE = 3
    for site in ("cross-site", "same-site") * 3:
        response = client.get("/en/captcha/new.json", REMOTE_ADDR="192.0.2.9",
                              HTTP_SEC_FETCH_SITE=site, HTTP_SEC_FETCH_DEST="image")
        assert response.status_code == 403 and "token" not in response.json()
    own = [client.get("/en/captcha/new.json", REMOTE_ADDR="192.0.2.9",
                      HTTP_SEC_FETCH_SITE="same-origin").status_code for _ in range(3)]
    assert own == [200, 200, 200]
    persian = client.get("/fa/captcha/new.json", HTTP_SEC_FETCH_SITE="cross-site").json()
    assert "تصویر" in persian["error"]


def test_drawing_one_challenge_again_and_again_is_limited_per_token(client):
    # One token let a script have the server draw its sound without end.
    data = client.get("/en/captcha/new.json", REMOTE_ADDR="192.0.2.9").json()
    codes = [client.get(data[kind], REMOTE_ADDR="192.0.2.9").status_code
             for kind in ["image", "audio"] * 7]
    assert codes == [200] * 12 + [429, 429]
    refused = client.get(data["audio"], REMOTE_ADDR="192.0.2.9")
    assert "this connection" in refused.content.decode()
    assert "no-store" in refused["Cache-Control"]
    Rejection.settle()
    assert Rejection.objects.get(reason="rate_challenges").count == 1


def test_previews_past_an_image_s_drawings_show_a_new_image_and_say_so(commenter, client):
    # Twelve Previews before answering, without JavaScript: the thirteenth page showed the
    # image broken and its sound refused, and nothing said why (readers' review).
    token, _answer = commenter.challenge(commenter.first_step("Previewed often"))
    pages = []
    for _ in range(flow.DRAWINGS_PER_CHALLENGE):
        sent = pages[-1].find("input", attrs={"name": "captcha_token"})["value"] if pages else token
        pages.append(BeautifulSoup(commenter.send(
            {"comment": "Previewed often", "captcha_token": sent}, button="preview").content,
            "html.parser"))
        image = pages[-1].select_one(".captcha-image")["src"]
        assert client.get(image, REMOTE_ADDR="203.0.113.5").status_code == 200
    shown = [page.find("input", attrs={"name": "captcha_token"})["value"] for page in pages]
    replaced = next(n for n, value in enumerate(shown) if value != token)
    # Shown again while it had room for its image and one play of its sound (two asks)…
    assert replaced == flow.DRAWINGS_PER_CHALLENGE - flow.ROOM_TO_SHOW_AGAIN + 1
    assert shown[replaced:] == [shown[replaced]] * (len(shown) - replaced)
    last_old = pages[replaced - 1].select_one(".captcha-alternatives audio")["src"]
    assert [client.get(last_old, REMOTE_ADDR="203.0.113.5").status_code
            for _ in range(2)] == [200, 200]
    # …then replaced, and said.
    notice = pages[replaced].select_one("#captcha-notice").get_text()
    assert "The earlier image can no longer be used; a new one is shown below" in notice
    assert "Previewed often" in pages[replaced].select_one("textarea").get_text()
    assert pages[replaced - 1].select_one("#captcha-notice") is None
    # The focus stays at the top, for the preview: Preview was pressed, not "new image".
    assert not pages[replaced].select("[autofocus]")


def _drawn_out(token: str) -> None:
    """Draw an image until one drawing is left to it."""
    found = captcha_token.read(token)
    for _ in range(flow.DRAWINGS_PER_CHALLENGE - 1):
        flow.may_draw(found)


def test_a_language_switch_with_a_drawn_out_image_shows_a_new_one_and_says_so(commenter,
                                                                              client):
    # The switch makes no first image; it fell back to "after you press Save…" with the
    # image gone and nothing said (review).
    token, _answer = commenter.challenge(commenter.first_step("Switched late"))
    _drawn_out(token)
    switched = client.post(commenter.url, {"comment": "Switched late", "captcha_token": token,
                                           "switch_language": "fa"}, REMOTE_ADDR="203.0.113.5")
    page = BeautifulSoup(switched.content, "html.parser")
    assert commenter.challenge(switched)[0] != token and kept_text(switched) == "Switched late"
    assert "تصویر پیشین دیگر به کار نمی‌آید" in page.select_one("#captcha-notice").get_text()
    assert page.select_one(".captcha-later") is None


def test_a_drawn_out_image_is_kept_when_no_new_one_may_be_made(commenter, settings):
    # In flood mode, behind an address many share: "too many images" for an image nobody
    # asked for, while the one shown could still be drawn once more (review).
    token, _answer = commenter.challenge(commenter.first_step("Kept at the limit"))
    settings.SOKHAN_CHALLENGES_PER_MINUTE = 1  # the first step used this minute's one
    _drawn_out(token)
    again = commenter.send({"comment": "Kept at the limit", "captcha_token": token},
                           button="preview")
    assert commenter.challenge(again)[0] == token
    assert not BeautifulSoup(again.content, "html.parser").select(".form-errors")


def test_a_flood_of_tokens_drawn_cannot_push_an_address_s_limits_out(client, settings):
    # Each token's count of drawings lived in the rate limits' table for half an hour: an
    # address asking for its twenty challenges a minute held 600 of its 65,536 slots, and
    # 150 such addresses pushed every address's limits out of it (an operator's review).
    settings.SOKHAN_CHALLENGES_PER_MINUTE = 3
    codes = [client.get("/en/captcha/new.json", REMOTE_ADDR="192.0.2.9").status_code
             for _ in range(3)]
    assert codes == [200, 200, 200]
    issued = time.time()
    for n in range(SLOTS + SLOTS // 4):
        flow.may_draw(Challenge(nonce=f"flood-{n}", digest="", sealed="", issued=issued))
    assert client.get("/en/captcha/new.json", REMOTE_ADDR="192.0.2.9").status_code == 429


def test_readers_sharing_one_address_do_not_use_up_each_other_s_drawings(client):
    # Sixteen readers behind one Tor exit, each with an image and two plays of the sound
    # (a browser's player asks twice a play).
    for _reader in range(16):
        data = client.get("/en/captcha/new.json", REMOTE_ADDR="192.0.2.9").json()
        for kind in ("image", "audio", "audio", "audio", "audio"):
            assert client.get(data[kind], REMOTE_ADDR="192.0.2.9").status_code == 200


def test_a_step_page_past_the_image_limit_says_so_in_the_captcha_s_box(commenter, settings):
    # The box said "after you press Save you will be asked…", and Save said "too many".
    settings.SOKHAN_CHALLENGES_PER_MINUTE = 1
    commenter.first_step()
    refused = commenter.send({"comment": "Still mine"})
    box = BeautifulSoup(refused.content, "html.parser").select_one("#captcha")
    assert "this connection" in box.get_text() and "wait a minute" in box.get_text()
    assert box.select_one(".captcha-later") is None and kept_text(refused) == "Still mine"


def test_captcha_can_be_switched_off(client, statement, settings):
    settings.SOKHAN_CAPTCHA = False
    client.post(statement.get_absolute_url() + "comments/", {"comment": "no captcha",
                                                             "save": "1"})
    assert Comment.objects.count() == 1


def test_switching_flood_mode_is_in_the_moderation_log(client):
    from sokhan.comments.models import Action, ModerationAction

    moderator = User.objects.create_user("mod", password="pw-long-enough-1", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(moderator)
    client.get("/admin/antispam/defence/")  # as a moderator reaches the form
    said = client.post("/admin/antispam/defence/1/change/", {"flood": "on"}, follow=True)
    # Which way it went, not "The flood mode “Flood mode” was changed successfully."
    assert [str(m) for m in said.context["messages"]] == ["Flood mode is now on."]
    client.post("/admin/antispam/defence/1/change/", {"flood": "on"},  # no change: no entry
                follow=True)
    said = client.post("/admin/antispam/defence/1/change/", {}, follow=True)
    assert [str(m) for m in said.context["messages"]] == ["Flood mode is now off."]
    log = ModerationAction.objects.order_by("pk")
    assert [(a.action, a.moderator) for a in log] == [(Action.FLOOD_ON, moderator),
                                                      (Action.FLOOD_OFF, moderator)]
    page = client.get("/admin/comments/moderationaction/").content.decode()
    assert "Switched flood mode on" in page and "2 moderation log entries" in page


def test_flood_mode_allows_five_challenges_a_minute(client, settings):
    settings.SOKHAN_CHALLENGES_PER_MINUTE = 20
    editor = User.objects.create_user("ed", password="pw-long-enough-1", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    assert client.post("/admin/antispam/defence/1/change/", {"flood": "on"}).status_code == 403
    moderator = User.objects.create_user("mod", password="pw-long-enough-1", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(moderator)
    assert client.get("/admin/antispam/defence/")["Location"].endswith("/defence/1/change/")
    assert client.post("/admin/antispam/defence/1/change/", {"flood": "on"}).status_code == 302
    assert "Flood mode is on." in client.get("/admin/antispam/rejection/").content.decode()
    client.logout()
    codes = [client.get("/en/captcha/new.json", REMOTE_ADDR="192.0.2.9").status_code
             for _ in range(7)]
    assert codes == [200] * 5 + [429] * 2
    # A site whose own limit is lower keeps it.
    settings.SOKHAN_CHALLENGES_PER_MINUTE = 2
    codes = [client.get("/en/captcha/new.json", REMOTE_ADDR="192.0.2.10").status_code
             for _ in range(3)]
    assert codes == [200, 200, 429]


def test_a_preview_as_the_image_expires_brings_a_new_one_not_an_error(commenter, monkeypatch):
    token, _answer = commenter.challenge(commenter.first_step())
    expires = captcha_token.read(token).expires
    # The token is read while it still holds, and again to show it, a moment too late.
    moments = iter([expires - 0.001, expires + 0.001])

    class Clock:
        @staticmethod
        def time() -> float:
            return next(moments, expires + 1)

    monkeypatch.setattr(captcha_token, "time", Clock)
    preview = commenter.send({"comment": "Kept at the last moment", "captcha_token": token,
                              "captcha_answer": ""}, button="preview")
    monkeypatch.undo()
    assert preview.status_code == 200
    assert kept_text(preview) == "Kept at the last moment"
    assert commenter.challenge(preview)[0] != token


def test_a_form_error_keeps_the_pass_won_on_preview(commenter):
    token, answer = commenter.challenge(commenter.first_step())
    preview = commenter.send({"comment": "Draft", "captcha_token": token,
                              "captcha_answer": answer}, button="preview")
    passed = BeautifulSoup(preview.content, "html.parser").find(
        "input", attrs={"name": "captcha_pass"})["value"]
    mistake = commenter.send({"comment": "Draft", "email": "not an address",
                              "captcha_pass": passed})
    assert mistake.status_code == 400
    page = BeautifulSoup(mistake.content, "html.parser")
    assert page.find("input", attrs={"name": "captcha_pass"})["value"] == passed
    assert not page.find("input", attrs={"name": "captcha_token"})  # not asked again
    assert commenter.send({"comment": "Draft", "captcha_pass": passed}).status_code == 200
    assert Comment.objects.count() == 1


def _pass(response) -> str:
    found = BeautifulSoup(response.content, "html.parser").find("input",
                                                               attrs={"name": "captcha_pass"})
    return found["value"] if found else ""


def test_a_pass_won_on_preview_expires_with_its_image(commenter, settings):
    # Kept for ever, a pass would outlive its used nonce, which is forgotten once expired:
    # the same pass could then save again.
    token, answer = commenter.challenge(commenter.first_step())
    preview = commenter.send({"comment": "Saved too late", "captcha_token": token,
                              "captcha_answer": answer}, button="preview")
    passed = _pass(preview)
    with time_machine.travel(time.time() + settings.SOKHAN_CAPTCHA_TTL + 5):
        response = commenter.send({"comment": "Saved too late", "captcha_pass": passed})
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert kept_text(response) == "Saved too late"
    assert commenter.challenge(response)[0]  # a new image to answer instead
    assert not Comment.objects.exists()


def test_a_tampered_pass_or_a_challenge_sent_as_a_pass_is_refused(commenter):
    token, answer = commenter.challenge(commenter.first_step())
    preview = commenter.send({"comment": "Draft", "captcha_token": token,
                              "captcha_answer": answer}, button="preview")
    passed = _pass(preview)
    # An unanswered challenge is no pass: passes are signed for their own use.
    unanswered, _answer = commenter.challenge(commenter.first_step())
    for bad in [passed[:-2] + "xx", unanswered, "garbage"]:
        response = commenter.send({"comment": "Mine", "captcha_pass": bad})
        assert response.status_code == 400
        assert "could not be checked" in response.content.decode()
        assert kept_text(response) == "Mine"
    assert not Comment.objects.exists()


def test_a_spam_rule_keeps_a_right_answer_and_an_image_not_yet_answered(commenter, settings):
    settings.SOKHAN_MAX_LINKS = 0
    token, answer = commenter.challenge(commenter.first_step())
    unanswered = commenter.send({"comment": "see http://a.example", "captcha_token": token})
    assert unanswered.status_code == 400 and commenter.challenge(unanswered)[0] == token
    assert "No links are allowed" in unanswered.content.decode()  # not "1 links; at most 0"
    refused = commenter.send({"comment": "see http://a.example", "captcha_token": token,
                              "captcha_answer": answer})
    # Answered right: not asked again once the link is gone.
    assert refused.status_code == 400 and _pass(refused)
    assert "You have answered the CAPTCHA" in refused.content.decode()
    saved = commenter.send({"comment": "see a.example's report",
                            "captcha_pass": _pass(refused)})
    assert saved.status_code == 200 and Comment.objects.count() == 1


def test_a_field_s_error_keeps_a_right_answer_and_says_a_wrong_one(commenter):
    # A right answer sent with a mistyped e-mail address was thrown away, and a blind
    # commenter played the sound and typed it again (readers' review).
    token, answer = commenter.challenge(commenter.first_step())
    refused = commenter.send({"comment": "Words", "email": "not an address",
                              "captcha_token": token, "captcha_answer": answer})
    page = BeautifulSoup(refused.content, "html.parser")
    assert refused.status_code == 400 and _pass(refused)
    assert [a["href"] for a in page.select(".form-errors a")] == ["#id_email"]
    saved = commenter.send({"comment": "Words", "email": "sara@example.org",
                            "captcha_pass": _pass(refused)})
    assert saved.status_code == 200 and Comment.objects.get().email == "sara@example.org"
    # A wrong one is said with the field's error, and a new image comes with it.
    token, _answer = commenter.challenge(commenter.first_step("More words"))
    both = commenter.send({"comment": "More words", "email": "not an address",
                           "captcha_token": token, "captcha_answer": "WRONG1"})
    page = BeautifulSoup(both.content, "html.parser")
    assert {a["href"] for a in page.select(".form-errors a")} == {"#id_email",
                                                                  "#id_captcha_answer"}
    assert "was not correct" in page.select_one("#captcha-errors").get_text()
    assert commenter.challenge(both)[0] != token and kept_text(both) == "More words"


def test_in_flood_mode_the_image_is_the_crowded_one_for_the_same_answer(client):
    from sokhan.antispam.models import Defence
    from sokhan.captcha import image
    from sokhan.captcha.views import _rng

    data = client.get("/en/captcha/new.json").json()
    found = captcha_token.read(data["token"])
    answer = captcha_token.answer_of(found)
    everyday = client.get(data["image"]).content
    assert everyday == image.render(answer, _rng(found, "image"), image.STYLE)
    Defence.objects.create(pk=1, flood=True)
    crowded = client.get(data["image"]).content
    assert crowded == image.render(answer, _rng(found, "image"), image.CROWDED)
    assert crowded != everyday
    Defence.objects.filter(pk=1).update(flood=False)
    Defence.objects.get(pk=1).save()  # as the admin saves it: every process rereads it
    assert client.get(data["image"]).content == everyday


def test_nobody_learns_without_a_solved_captcha_whether_words_were_sent(commenter, statement):
    # Someone else's comment, still waiting for a moderator.
    posting.save(statement, {"comment": "Meet at the square at noon"}, None, "victim", 1)
    ALREADY = "already posted"
    for button in ("save", "preview"):  # answered before the CAPTCHA: a free oracle
        response = commenter.send({"comment": "meet at the SQUARE at noon"}, button=button,
                                  address="198.51.100.66")
        assert response.status_code == 200 and ALREADY not in response.content.decode()
    token, answer = commenter.challenge(response)
    saved = commenter.send({"comment": "meet at the SQUARE at noon", "captcha_token": token,
                            "captcha_answer": answer}, address="198.51.100.66")
    assert saved.status_code == 400 and ALREADY in saved.content.decode()  # paid for


def test_a_sender_preview_would_refuse_gets_no_pass_from_a_form_error(commenter, settings):
    # A blocked address, or a bot that filled the honeypot, had its answer checked and
    # won a pass through a form error, where Preview refuses it first (review).
    from django.utils import timezone

    from sokhan.comments import keys
    from sokhan.comments.models import Block

    token, answer = commenter.challenge(commenter.first_step())
    bot = commenter.send({"comment": "Words", "email": "not an address", "website": "x",
                          "captcha_token": token, "captcha_answer": answer})
    assert not _pass(bot) and commenter.challenge(bot)[0] == token  # unchecked, kept
    from django.test import RequestFactory

    address_hash, period = keys.hash_request(RequestFactory().get("/",
                                                                  REMOTE_ADDR="203.0.113.5"))
    Block.objects.create(kind=Block.Kind.ADDRESS, value=address_hash, period=period,
                         until=timezone.now() + timedelta(days=1))
    blocked = commenter.send({"comment": "Words", "email": "not an address",
                              "captcha_token": token, "captcha_answer": answer})
    assert blocked.status_code == 400 and not _pass(blocked)


def test_a_language_switch_from_a_preview_checks_no_answer_when_its_words_are_refused(
        commenter, client, settings):
    token, _answer = commenter.challenge(commenter.first_step("Words"))
    settings.SOKHAN_MAX_LINKS = 0  # the preview's words are refused when it is made again
    switched = client.post(commenter.url, {"comment": "see http://a.example",
                                           "captcha_token": token, "captcha_answer": "WRONG1",
                                           "previewed": "1", "switch_language": "fa"},
                           REMOTE_ADDR="203.0.113.5")
    assert switched.status_code == 400 and commenter.challenge(switched)[0] == token
    assert not BeautifulSoup(switched.content, "html.parser").select("#captcha-errors")


def test_the_step_that_asks_for_the_answer_opens_at_its_field(commenter, settings):
    # It opened at the top of the page, fifteen Tabs from the field, and its notice was
    # not announced (readers' review). A page with errors opens at their summary.
    page = BeautifulSoup(commenter.first_step().content, "html.parser")
    field = page.select_one("#id_captcha_answer")
    assert field.has_attr("autofocus") and len(page.select("[autofocus]")) == 1
    notice = page.find(id="captcha-notice")
    assert "One more step" in notice.get_text()
    assert "captcha-notice" in field["aria-describedby"].split()
    token, _answer = commenter.challenge(commenter.first_step())
    wrong = BeautifulSoup(commenter.send({"comment": "Hello", "captcha_token": token,
                                          "captcha_answer": "WRONG1"}).content, "html.parser")
    assert [tag["id"] for tag in wrong.select("[autofocus]")] == ["comment-form-errors"]
    assert "captcha-notice" not in wrong.select_one("#id_captcha_answer")["aria-describedby"]


def test_a_bot_that_fills_every_field_it_is_given_is_not_let_through_by_the_second_step(
        commenter, client, statement):
    # A browser without JavaScript sends twice anyway: the comment, then the image's
    # answer. A bot that reads the image (the kind the honeypot is there for, once the
    # CAPTCHA stops the rest) and fills every field of each form it is given was refused
    # at every step. (A form sent back without the honeypot, tried for people whose
    # password manager fills every field by itself, let it through at the second: the
    # refusal brought the image a person's first step brings. A review found it.)
    def filled(page) -> dict[str, str]:
        form = BeautifulSoup(page.content, "html.parser").find("form", id="comment-form")
        typed = {"email": "sales@spam.example", "url": "https://spam.example/"}
        return {field["name"]: typed.get(field.get("type"), "Cheap pills")
                if field.get("type") in ("text", "email", "url") else field.get("value", "")
                for field in form.find_all("input") if field.get("name")}

    page = client.get(statement.get_absolute_url())
    first = commenter.send({**filled(page), "comment": "Cheap pills"})
    assert first.status_code == 400 and not Comment.objects.exists()
    token, answer = commenter.challenge(first)
    commenter.send({**filled(first), "captcha_token": token, "captcha_answer": answer,
                    "comment": "Cheap pills"})
    assert not Comment.objects.exists()
