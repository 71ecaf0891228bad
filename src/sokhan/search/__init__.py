"""Search: statements found by title, summary, body, signatory and topics, in Persian and
English, on SQLite FTS5 or PostgreSQL full-text search. See :mod:`sokhan.search.normaliser`
for how words are matched and :mod:`sokhan.search.backends` for the two databases."""
