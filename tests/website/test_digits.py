"""Addresses typed with Persian or Arabic-Indic digits lead to the page (website/digits.py)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def persian_statement(make_statement):
    return make_statement("بیانیه", language="fa", slug="bayaniye-۱۴۰۲")


def test_an_archive_year_typed_in_persian_digits_leads_to_it(client, persian_statement):
    archive = BeautifulSoup(client.get("/fa/archive/").content, "html.parser")
    year = next(a["href"] for a in archive.select("main a")
                if re.fullmatch(r"/fa/archive/[0-9]{4}/", a["href"]))
    typed = year.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    response = client.get(typed)
    assert response.status_code == 301 and response["Location"] == year
    assert client.get(year).status_code == 200
    # Typed without its last slash, as Django would add it.
    response = client.get(typed.removesuffix("/"))
    assert response.status_code == 301 and response["Location"] == year


@pytest.mark.parametrize(("typed", "meant"), [
    ("/fa/?page=۲", "/fa/?page=2"),
    ("/fa/?page=٢&topic=x", "/fa/?page=2&topic=x"),  # Arabic-Indic digits too
])
def test_a_page_number_typed_in_persian_digits_leads_to_it(client, typed, meant,
                                                          persian_statement):
    response = client.get(typed)
    assert response.status_code == 301 and response["Location"] == meant


def test_a_slug_with_persian_digits_of_its_own_is_found_as_it_is(client, persian_statement):
    assert client.get(persian_statement.get_absolute_url()).status_code == 200


def test_a_page_found_or_not_found_in_ascii_digits_is_left_alone(client):
    assert client.get("/fa/no-such-page-12/").status_code == 404
    assert client.post("/fa/archive/۱۴۰۲/").status_code in (404, 405)


def test_it_never_leads_to_another_site(client):
    path = "//elsewhere.example/۱۲/".encode().decode("latin-1")  # as a WSGI server has it
    response = client.get("/", PATH_INFO=path)
    assert response.status_code == 404 and "Location" not in response


def test_a_statement_not_found_under_persian_digits_is_not_redirected(client, make_statement):
    # Its address matches whatever the slug holds: one scheduled for later answers 404
    # until it is due, and a permanent redirect would have kept readers from it for good
    # (a review).
    later = make_statement("بعد", language="fa", slug="bayaniye-۱۴۰۵", status="scheduled",
                           published_at=timezone.now() + timedelta(days=1))
    response = client.get(later.get_absolute_url())
    assert response.status_code == 404 and "Location" not in response
    assert client.get(later.get_absolute_url() + "?page=2").status_code == 404


def test_an_escaped_question_mark_stays_in_the_path(client):
    response = client.get("/fa/archive/x%3Fa=b/۱/")
    assert response.status_code == 404 and "Location" not in response
    response = client.get("/fa/archive/۱۴۰۲/?page=۲")
    assert response["Location"] == "/fa/archive/1402/?page=2"


@pytest.mark.parametrize("path", ["//elsewhere.example/", "/\\elsewhere.example/",
                                  "/fa/no-such-page/"])
def test_a_page_number_on_no_address_of_the_site_is_not_redirected(client, path):
    # "//elsewhere.example/?page=۲" was sent to the other site (a review).
    wsgi_path = path.encode().decode("latin-1")
    response = client.get("/", {"page": "۲"}, PATH_INFO=wsgi_path)
    assert response.status_code == 404 and "Location" not in response
