"""Logging filters that keep personal data out of application logs."""

import logging
import re

_QUERY = re.compile(r"\?\S*")


class StripQueryStringFilter(logging.Filter):
    """Search words (names, readings) travel in query strings: drop them from log lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "?" in message:
            record.msg = _QUERY.sub("?…", message)
            record.args = None
        return True


class NoTracebackForForbiddenFilter(logging.Filter):
    """A 403 is a refusal working as intended: log the line, not a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
