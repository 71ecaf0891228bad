"""Helpers for the search tests: ask the search page as a reader would."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup


def search_page(client, q: str, *, lang: str = "en", status: int = 200,
                **params: object) -> BeautifulSoup:
    url = f"/{lang}/search/?" + urlencode({"q": q, **params})
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def result_titles(soup: BeautifulSoup) -> list[str]:
    return [h3.get_text() for h3 in soup.select(".search-hit h3")]


@pytest.fixture
def find(client):
    """Titles found for ``q`` on the first page (both languages unless told)."""

    def find(q: str, *, lang: str = "en", **params: object) -> list[str]:
        params.setdefault("language", "all")
        return result_titles(search_page(client, q, lang=lang, **params))
    return find
