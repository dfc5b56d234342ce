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
