"""The statement page's written-out reads give exactly what the ORM gives."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sokhan.publishing import reading
from sokhan.publishing.models import Statement

pytestmark = pytest.mark.django_db


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_a_statement_its_signatory_and_topics_as_the_orm_reads_them(make_statement,
                                                                    make_topic,
                                                                    make_signatory):
    topics = [make_topic("workers", "Workers", "کارگران"), make_topic("b-press", "", "مطبوعات"),
              make_topic("a-press", "", "آزادی"), make_topic("unused", "Unused", "")]
    signatory = make_signatory("council", "Council", "شورا")
    made = [
        make_statement("On the strike", slug="on-the-strike", topics=topics[:3],
                       signatory=signatory, summary="A summary.",
                       first_published_at=timezone.now() - timedelta(days=3)),
        make_statement("درباره‌ی اعتصاب", language="fa", slug="درباره-اعتصاب",
                       topics=topics[:1], status="scheduled",
                       published_at=timezone.now() + timedelta(hours=2)),
        make_statement("A draft", slug="a-draft", status="draft"),
    ]
    for statement in made:
        found = reading.statement_at(statement.language, statement.slug)
        found_topics = reading.topics_of(found)
        orm = Statement.objects.select_related("signatory").get(pk=statement.pk)
        assert fields(found) == fields(orm)
        assert fields(found.signatory) == fields(orm.signatory)
        assert [fields(t) for t in found_topics] == [fields(t) for t in orm.topics.all()]
        assert found.published_at.tzinfo is not None and not found._state.adding
    assert [t.slug for t in reading.topics_of(made[0])] == [
        "a-press", "b-press", "workers"]


def test_no_statement_at_an_address_reads_as_none(make_statement):
    make_statement(slug="on-the-strike")
    assert reading.statement_at("fa", "on-the-strike") is None
    assert reading.statement_at("en", "elsewhere") is None
