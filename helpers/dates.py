"""Publication dates as ISO strings: 'YYYY-MM-DD', or a full ISO timestamp when a time is known."""

import re
import warnings

from dateutil import parser as dateutil_parser

ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")
# A line that is nothing but a date, e.g. "Updated: Friday, 16 May 2025, 14:30 GMT".
DATE_LINE = re.compile(
    rf"(?:(?:published|updated|posted|first published)(?:\s+on)?\s*:?\s*)?"
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:\d{{1,2}}\s+(?:{MONTHS})\.?,?\s+\d{{4}}|(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}})"
    rf"(?:,?\s*(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}}|\s*[+-]\d{{2}}:?\d{{2}})?)?",
    re.IGNORECASE)


def parse_date(value: object, strict: bool = False) -> str | None:
    """``value`` as an ISO date string, or None. ``strict``: the whole string must look like a date
    (used to recognise a dateline); otherwise any string dateutil understands is accepted."""
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    if ISO.fullmatch(s):
        return s.replace(" ", "T", 1)
    if strict and not DATE_LINE.fullmatch(s):
        return None
    cleaned = re.sub(r"^(?:published|updated|posted|first published)(?:\s+on)?\s*:?\s*", "", s,
                     flags=re.IGNORECASE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown time-zone names (EST) are dropped, not fatal
            dt = dateutil_parser.parse(cleaned, dayfirst=bool(re.match(r"\d{1,2}[./]", cleaned)))
    except (ValueError, OverflowError):
        return None
    if not 1000 <= dt.year <= 2999:
        return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}", cleaned))
    return dt.isoformat() if has_time else dt.date().isoformat()
