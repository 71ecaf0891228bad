from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup


@pytest.fixture(autouse=True)
def _captcha_on(settings):
    settings.SOKHAN_CAPTCHA = True
    settings.SOKHAN_CAPTCHA_TEST_HOOK = True
    settings.SOKHAN_CAPTCHA_MIN_SECONDS = 0
    settings.SOKHAN_COMMENTS_PER_MINUTE = settings.SOKHAN_COMMENTS_PER_HOUR = 1000
    settings.SOKHAN_PREVIEWS_PER_MINUTE = 1000  # each Save counts one too


@pytest.fixture
def statement(make_statement):
    return make_statement("On the strike", slug="on-the-strike")


class Commenter:
    """A browser without JavaScript: it only follows the HTML and the answer hook."""

    def __init__(self, client, statement) -> None:
        self.client = client
        self.url = statement.get_absolute_url() + "comments/"

    def send(self, fields: dict[str, str], button: str = "save", address: str = "203.0.113.5"):
        return self.client.post(self.url, {**fields, button: "1"}, REMOTE_ADDR=address)

    @staticmethod
    def challenge(response) -> tuple[str, str]:
        """The token in the page and the answer the test-only hook reveals."""
        soup = BeautifulSoup(response.content, "html.parser")
        token = soup.find("input", attrs={"name": "captcha_token"})["value"]
        return token, response["X-Sokhan-Test-Answer"]

    def first_step(self, comment: str = "Hello", **fields):
        response = self.send({"comment": comment, **fields})
        assert response.status_code == 200, response.content.decode()[:500]
        return response


@pytest.fixture
def commenter(client, statement):
    return Commenter(client, statement)


def kept_text(response) -> str:
    textarea = BeautifulSoup(response.content, "html.parser").find("textarea",
                                                                   attrs={"name": "comment"})
    return re.sub(r"^\n", "", textarea.get_text())
