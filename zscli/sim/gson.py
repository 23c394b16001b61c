"""Gson-style dates (``Nov 25, 2025 11:51:50 AM``), as ZStack renders Timestamps.

Timestamps are stored as epoch milliseconds (sortable integers) and rendered in local time.
"""
from __future__ import annotations

import time
from datetime import datetime

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def now_ms() -> int:
    """The current time in epoch milliseconds."""
    return int(time.time() * 1000)


def format_ms(ms: int) -> str:
    """Render epoch milliseconds the way Gson does by default (local time)."""
    dt = datetime.fromtimestamp(ms / 1000)
    hour = dt.hour % 12 or 12
    half = "AM" if dt.hour < 12 else "PM"
    return f"{_MONTHS[dt.month - 1]} {dt.day}, {dt.year} {hour}:{dt.minute:02d}:{dt.second:02d} {half}"


def parse(text: str) -> int:
    """Epoch milliseconds from Gson date text or from a string of digits (epoch millis).

    Raises ValueError when the text is neither.
    """
    text = text.strip()
    if text.lstrip("-").isdigit():
        return int(text)
    try:
        month_day, year_rest = text.split(", ", 1)
        month, day = month_day.split(" ")
        year, clock, half = year_rest.split(" ")
        hour, minute, second = (int(p) for p in clock.split(":"))
        mon = _MONTHS.index(month.capitalize()) + 1
    except ValueError:
        raise ValueError(f"not a date: {text!r} (use 'Nov 25, 2025 11:51:50 AM' or epoch milliseconds)") from None
    if half.upper() not in ("AM", "PM") or not 1 <= hour <= 12:
        raise ValueError(f"not a date: {text!r}")
    hour = hour % 12 + (12 if half.upper() == "PM" else 0)
    dt = datetime(int(year), mon, int(day), hour, minute, second)
    return int(dt.timestamp() * 1000)
