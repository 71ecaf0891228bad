"""The retention work runs on a timer in each server process, so a site no one comments on
still forgets its commenters' e-mail addresses on time (comments/housekeeper.py)."""

from __future__ import annotations

import sqlite3
import time

from ..servers import Server, environment, run


def test_a_server_no_one_posts_to_forgets_old_e_mail_addresses_on_its_own(tmp_path):
    env = environment(tmp_path / "data")
    run(["setup"], env)
    # Two comments on the demo's first statement, by the code a post runs.
    run(["manage", "shell", "-c", "from sokhan.comments import posting; "
         "from sokhan.publishing.models import Statement; s = Statement.objects.first(); "
         "[posting.save(s, {'comment': f'Words of {who}.', 'email': f'{who}@example.org'}, None, "
         "'hash', 1) for who in ('old', 'new')]"], env)
    database = sqlite3.connect(tmp_path / "data" / "sokhan.sqlite3")
    (first,), (second,) = database.execute("SELECT id FROM comments_comment ORDER BY id")
    with database:  # the first written long ago
        database.execute("UPDATE comments_comment SET created_at = '2020-01-01 00:00:00' "
                         "WHERE id = ?", [first])

    def email(pk: int) -> str:
        return database.execute("SELECT email FROM comments_comment WHERE id = ?",
                                [pk]).fetchone()[0]

    server = Server(env, workers=1)  # nothing is posted to it
    try:
        deadline = time.monotonic() + 60
        while email(first) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert email(first) == "" and email(second) == "new@example.org"
    finally:
        server.stop()
        database.close()
