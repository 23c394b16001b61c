"""Timestamp condition values: the ISO forms people see in tables or type, turned into the text the server
parses (Gson's default US form, ``Oct 21, 2025 12:00:00 AM``).

ZStack reads a Timestamp condition value with Gson's date format (as replies show dates) or as epoch
milliseconds; tables show ``2025-10-21 09:00:00``. Accepted here: ``2025-10-21``, ``2025-10-21 09:00``,
``2025-10-21 09:00:00``, ``2025-10-21T09:00:00``, with fractions of a second and with ``Z`` or an offset
(``+08:00``, ``+0800``), which is converted to this machine's local time (as tables show times); Gson text
and epoch milliseconds are sent as typed.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from zscli.errors import UsageError

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
EXAMPLES = "2025-10-21, '2025-10-21 09:00:00', 2025-10-21T09:00:00+08:00 or 'Oct 21, 2025 9:00:00 AM'"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
                  r"\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?")
_GSON = re.compile(r"[A-Za-z]{3}[a-z]*\.?\s+\d{1,2},\s*\d{4},?\s+\d{1,2}:\d{2}:\d{2}\s*[AaPp][Mm]")


def gson_text(moment: datetime) -> str:
    """``moment`` (naive, local) in Gson's default form: ``Oct 21, 2025 9:05:00 AM`` (English month names)."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    clock = f"{hour}:{moment.minute:02d}:{moment.second:02d} {half}"
    return f"{MONTHS[moment.month - 1]} {moment.day}, {moment.year} {clock}"


def parse_iso(text: str) -> datetime | None:
    """A naive local datetime from an ISO date/time (None when ``text`` is not one); ValueError for an
    impossible date such as 2025-02-30."""
    m = _ISO.fullmatch(text.strip())
    if not m:
        return None
    year, month, day, hour, minute, second, zulu, sign, off_h, off_m = m.groups()
    moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    if zulu or sign:
        offset = timedelta(hours=int(off_h or 0), minutes=int(off_m or 0))
        zone = timezone(-offset if sign == "-" else offset)
        moment = moment.replace(tzinfo=zone).astimezone().replace(tzinfo=None)
    return moment


def timestamp_value(raw: str, path: str) -> str:
    """The wire text of a Timestamp condition value (see the module docstring); UsageError otherwise."""
    text = raw.strip()
    if not text:
        raise UsageError(f"{path} needs a time value", hint=f"write e.g. {path}>{EXAMPLES.split(',')[0]}, "
                                                              f"or {path}=null")
    if text.lstrip("-").isdigit() and len(text) <= 20:
        return text  # epoch milliseconds
    if _GSON.fullmatch(text):
        return text
    try:
        moment = parse_iso(text)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"{path}: no such date or time: '{text[:40]}'", hint=f"write e.g. {EXAMPLES}") from None
    if moment is None:
        raise UsageError(f"{path} takes a date, not '{text[:40]}'", hint=f"write e.g. {EXAMPLES}")
    return gson_text(moment)


__all__ = ["EXAMPLES", "gson_text", "parse_iso", "timestamp_value"]
