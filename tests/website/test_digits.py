"""Addresses typed with Persian or Arabic-Indic digits lead to the page (website/digits.py)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

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
