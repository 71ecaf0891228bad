"""A moderator's action on a whole flood, on SQLite: how long the write lock is held.

Puts N pending comments (default 20,000, from 200 addresses and 50 e-mail addresses, each
with its prints) on one statement of a temporary site, then runs each queue action on all of them as the admin does
(inside a django-reversion revision, so the admin's History is kept too): Mark as spam,
Approve, Remove…, Block the authors…, and Close comments on their statements. Every
action runs in one transaction, and on SQLite a transaction holding the write lock makes
every commenter's Save wait for it: the seconds below are that wait.

The reference, measured in the same run on the same rows, is the least any such action
can cost: one ``UPDATE … SET status = …`` of all of them, with no log, no History and no
page purge. The ratio says what the log rows, the History and the cache's bookkeeping add.

    .venv/bin/python bench/moderation_bench.py [--comments N] [--json-only]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def setup_django(data_dir: str) -> None:
    os.environ["SOKHAN_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = ""  # this benchmark is about SQLite's write lock
    os.environ["SOKHAN_REDIS_URL"] = ""
    os.environ["DJANGO_SETTINGS_MODULE"] = "sokhan.settings"
    os.environ.setdefault("SOKHAN_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def flood(statement, size: int, tag: str) -> list[int]:
    from sokhan.comments.models import Comment

    Comment.objects.bulk_create(
        (Comment(statement=statement, body=f"Spam {tag} {n} https://spam.example/{n}",
                 body_html=f"<p>Spam {tag} {n}</p>", subject="Spam", status="pending",
                 address_hash=f"{tag}-address-{n % 200}", address_period=1,
                 email=f"bot{n % 50}@{tag}.example") for n in range(size)),
        batch_size=1000)
    pks = list(Comment.objects.filter(body__startswith=f"Spam {tag} ").values_list(
        "pk", flat=True))
    # Their prints, as posts would have written them (comments/alike.py): Mark as spam
    # copies them to the prints new comments are compared with.
    from sokhan.comments import alike
    from sokhan.comments.models import Print

    Print.objects.bulk_create(
        (Print(comment_id=pk, key=key) for pk, body in Comment.objects.filter(
            pk__in=pks).values_list("pk", "body") for key in alike.measured(body)[1]),
        batch_size=5000)
    return pks


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--json-only", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sokhan-moderation-bench-") as data:
        setup_django(data)
        import reversion
        from django.contrib.auth.models import User
        from django.db import transaction

        from sokhan.comments import moderation
        from sokhan.comments.models import Comment, Reason
        from sokhan.publishing.models import Signatory, Statement

        signatory = Signatory.objects.create(name_en="Council", slug="council")
        moderator = User.objects.create(username="moderator", is_staff=True)
        actions = {
            "mark_spam": lambda chosen: moderation.mark_spam(chosen, moderator),
            "approve": lambda chosen: moderation.approve(chosen, moderator),
            "remove": lambda chosen: moderation.remove(chosen, moderator, Reason.SPAM,
                                                       marker=True),
            "block": lambda chosen: moderation.block(chosen, moderator, days=7,
                                                     addresses=True, emails=True,
                                                     reason=Reason.SPAM),
            "close_statements": lambda chosen: moderation.close_statements(chosen,
                                                                           moderator),
        }
        rows = []
        for name, action in actions.items():
            statement = Statement.objects.create(
                title=f"Flooded {name}", slug=f"flooded-{name}", language="en",
                body="<p>Text</p>", signatory=signatory, status="published")
            pks = flood(statement, options.comments, name)

            def as_the_admin_does(pks=pks, action=action) -> None:
                with reversion.create_revision(), transaction.atomic():
                    reversion.set_user(moderator)
                    action(Comment.objects.filter(pk__in=pks))

            def floor(pks=pks) -> None:
                with transaction.atomic():
                    Comment.objects.filter(pk__in=pks).update(status="pending")

            seconds = timed(as_the_admin_does)
            reference = timed(floor)
            rows += [
                {"bench": "moderation", "name": f"{name}, {options.comments:,} comments",
                 "value": round(seconds, 3), "unit": "s", "n": options.comments},
                {"bench": "moderation", "name": f"{name}: one plain UPDATE of them "
                                                "(reference)",
                 "value": round(reference, 3), "unit": "s", "n": options.comments},
                {"bench": "moderation", "name": f"{name} / reference",
                 "value": round(seconds / reference, 1), "unit": "×"},
            ]
    for row in rows:
        print(json.dumps(row), flush=True)
    if not options.json_only:
        print()
        print("| action | seconds | reference (one UPDATE) | ratio |")
        print("|---|---:|---:|---:|")
        for seconds, reference, ratio in zip(rows[::3], rows[1::3], rows[2::3], strict=True):
            print(f"| {seconds['name']} | {seconds['value']:.2f} | "
                  f"{reference['value']:.3f} | {ratio['value']:.1f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
