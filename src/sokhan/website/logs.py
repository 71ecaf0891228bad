"""What Sokhan's log says, and what it leaves out (settings.LOGGING uses these).

Sokhan's logs keep no IP address; nor a key that stands in a path (a deletion link, a
CAPTCHA's token); nor a visitor's probe at full length, nor a traceback for what is only an
outage. Times are in UTC.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time


class WithoutTraceback(logging.Filter):
    """One short line: what a visitor's probe made Django refuse, without its traceback,
    and cut after 300 characters. A 10 kB Host header was logged twice in full: anyone
    could grow the log by 20 kB a request."""

    LIMIT = 300

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text = None, None
        message = record.getMessage()
        if len(message) > self.LIMIT:
            record.msg, record.args = message[:self.LIMIT] + "…", None
        return True


class OutageInOneLine(logging.Filter):
    """A request answered 503 because the database was out of reach, in one line: each
    one logged a traceback of some ninety lines, twice over (the driver's error and
    Django's), and a few seconds of an outage added 400 lines (operators' review). A
    database error that is a bug (a missing table) keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Whatever it meets, the record goes out as it came: a filter that raised made the
        # answer a 500.
        with contextlib.suppress(Exception):
            self._shorten(record)
        return True

    @staticmethod
    def _shorten(record: logging.LogRecord) -> None:
        from sokhan.website.outage import out_of_reach

        error = record.exc_info[1] if record.exc_info else None
        if out_of_reach(error):
            said, first = record.getMessage(), (str(error).strip().splitlines() or [""])[0]
            record.msg = "%s: answered 503, the database is out of reach (%s: %s)"
            record.args = (said, type(error).__name__, first[:200])
            record.exc_info, record.exc_text = None, None


# A path that holds someone's key: a comment's deletion link, a CAPTCHA's image or sound.
# Logged as the example nginx configurations log it ("/en/comments/delete/-").
KEYS_IN_PATHS = re.compile(r"(/comments/delete/|/captcha/)[^/\s]+")


class WithoutKeys(logging.Filter):
    """A 5xx logs its path ("Service Unavailable: /en/comments/delete/WzEs…/"): whoever
    reads the log could have deleted that comment."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if KEYS_IN_PATHS.search(message):
            record.msg, record.args = KEYS_IN_PATHS.sub(r"\1-", message), ()
        return True


class UTC(logging.Formatter):
    """Times in UTC, marked so, as the journal and granian write them (Django sets the
    process's zone to TIME_ZONE, and the times had no offset)."""

    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"
