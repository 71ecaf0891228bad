"""The proof-of-work puzzle in the comment flow: asked only of the page's script (the
challenge endpoint), checked once with its image, never asked of a browser without
JavaScript, and a missing or wrong one refused like any other CAPTCHA failure: text kept,
a new image (a form page's, which needs no puzzle)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from sokhan.antispam.models import Rejection
from sokhan.captcha import puzzle
from sokhan.captcha import token as captcha_token
from sokhan.comments.models import Comment

from .conftest import kept_text

pytestmark = pytest.mark.django_db
UNFINISHED = "Your browser had not finished its check when the comment was sent."


@pytest.fixture
def script(client):
    """What captcha.js gets when the form first takes focus."""
    def fetch() -> dict:
        return client.get("/en/captcha/new.json", REMOTE_ADDR="203.0.113.5").json()
    return fetch


def test_the_script_gets_an_altcha_puzzle_salted_with_its_challenge(script, settings):
    data = script()
    shown = data["puzzle"]
    assert shown["algorithm"] == "SHA-256" and shown["maxnumber"] == 100_000
    assert shown["salt"] == captcha_token.read(data["token"]).nonce
    settings.SOKHAN_PUZZLE_MAX_NUMBER = 0
    assert "puzzle" not in script()


def test_a_solved_puzzle_and_the_right_answer_save_in_one_step(script, commenter):
    data = script()
    response = commenter.send({"comment": "With JavaScript", "captcha_token": data["token"],
                               "captcha_answer": data["answer"],
                               "puzzle": puzzle.answer(data["puzzle"])})
    assert "queued for review" in response.content.decode()
    assert Comment.objects.get().body == "With JavaScript"


@pytest.mark.parametrize("sent", ["", "not base64 at all", "another challenge's"])
def test_without_its_solved_puzzle_the_script_s_image_is_refused_and_the_text_kept(
        script, commenter, sent):
    data = script()
    if sent == "another challenge's":
        sent = puzzle.answer(script()["puzzle"])
    response = commenter.send({"comment": "Keep me", "captcha_token": data["token"],
                               "captcha_answer": data["answer"], "puzzle": sent})
    assert response.status_code == 400 and UNFINISHED in response.content.decode()
    assert kept_text(response) == "Keep me" and not Comment.objects.exists()
    Rejection.settle()
    assert Rejection.objects.get(reason="captcha_puzzle").count == 1
    # The new image is the form page's, for any browser: no puzzle comes with it.
    new_token, answer = commenter.challenge(response)
    assert captcha_token.read(new_token).puzzle == 0
    commenter.send({"comment": "Keep me", "captcha_token": new_token,
                    "captcha_answer": answer})
    assert Comment.objects.count() == 1
    # And the first image stays used up, puzzle or not.
    again = commenter.send({"comment": "Once more", "captcha_token": data["token"],
                            "captcha_answer": data["answer"],
                            "puzzle": puzzle.answer(data["puzzle"])})
    assert "already used" in again.content.decode()


def test_a_browser_without_javascript_is_never_asked_for_a_puzzle(commenter):
    token, answer = commenter.challenge(commenter.first_step("No script"))
    assert captcha_token.read(token).puzzle == 0
    commenter.send({"comment": "No script", "captcha_token": token, "captcha_answer": answer})
    assert Comment.objects.count() == 1


def test_a_preview_before_answering_carries_the_solved_puzzle_to_the_save(script,
                                                                         commenter):
    data = script()
    solution = puzzle.answer(data["puzzle"])
    preview = commenter.send({"comment": "Look first", "captcha_token": data["token"],
                              "puzzle": solution}, button="preview")
    form = BeautifulSoup(preview.content, "html.parser")
    assert form.find("input", attrs={"name": "captcha_token"})["value"] == data["token"]
    assert form.find("input", attrs={"name": "puzzle"})["value"] == solution
    saved = commenter.send({"comment": "Look first", "captcha_token": data["token"],
                            "captcha_answer": data["answer"], "puzzle": solution})
    assert "queued for review" in saved.content.decode()


def test_preview_with_the_answer_but_no_puzzle_wins_no_pass(script, commenter):
    data = script()
    response = commenter.send({"comment": "Preview me", "captcha_token": data["token"],
                               "captcha_answer": data["answer"]}, button="preview")
    assert UNFINISHED in response.content.decode()
    form = BeautifulSoup(response.content, "html.parser")
    assert form.find("input", attrs={"name": "captcha_pass"}) is None
    assert kept_text(response) == "Preview me"


@pytest.mark.parametrize("button", ["preview", "save"])
def test_an_unsolved_puzzle_s_image_is_not_shown_again_on_a_form_page(script, commenter,
                                                                      button):
    # A preview before answering, or a form error (here: no comment): the form page runs
    # no script, so an image whose puzzle came unsolved is replaced by one without.
    data = script()
    response = commenter.send({"comment": "" if button == "save" else "Unsolved",
                               "captcha_token": data["token"], "puzzle": ""}, button=button)
    new_token, answer = commenter.challenge(response)
    assert new_token != data["token"] and captcha_token.read(new_token).puzzle == 0
    commenter.send({"comment": "Unsolved", "captcha_token": new_token,
                    "captcha_answer": answer})
    assert Comment.objects.count() == 1
