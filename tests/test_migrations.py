"""The models and the migrations agree: a model change without its migration fails here,
not on an operator's `sokhan migrate`."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from sokhan.search.models import Keys
from sokhan.search.normaliser import KEYS_VERSION


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"Models changed without a migration:\n{out.getvalue()}")


@pytest.mark.django_db(transaction=True)
def test_migrating_the_search_index_back_and_forth_succeeds():
    # The keys' check after every migrate asked for a table a backward migrate had dropped.
    call_command("migrate", "search", "0001", verbosity=0)
    call_command("migrate", "search", verbosity=0)
    assert list(Keys.objects.values_list("version", flat=True)) == [KEYS_VERSION]
