"""Reduced-precision ISO dates (YYYY, YYYY-MM, YYYY-MM-DD) as the data contract defines them."""

from __future__ import annotations

import calendar
import datetime as dt
import re

import pandas as pd

DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
STRICT_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")
PRECISION = {4: "year", 7: "month", 10: "day"}


def parse_bounds(text: str) -> tuple[dt.date, dt.date]:
    """First and last day of the period a reduced-precision date names; ValueError if invalid."""
    m = DATE_RE.match(text or "")
    if not m:
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month}")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return dt.date(year, month, 1), dt.date(year, month, last)
    if not 1 <= day <= last:
        raise ValueError(f"{text!r} is not a calendar date ({year}-{month:02d} has {last} days)")
    return dt.date(year, month, day), dt.date(year, month, day)


def precision(text: str) -> str:
    """'year', 'month' or 'day', from the length of the date."""
    return PRECISION[len(text)]


def as_start(text: str | None) -> pd.Timestamp:
    """A start date as a timestamp: a reduced start means the first day of its period."""
    if not text or pd.isna(text):
        return pd.NaT
    return pd.Timestamp(parse_bounds(text)[0])


def as_end(text: str | None) -> pd.Timestamp:
    """An end date as a timestamp: a reduced end means the last day of its period; empty: NaT."""
    if not text or pd.isna(text):
        return pd.NaT
    return pd.Timestamp(parse_bounds(text)[1])


def to_day(value) -> pd.Timestamp:
    """A focus date (string, date or timestamp) as a day-precise timestamp."""
    if isinstance(value, str):
        first, last = parse_bounds(value)
        if first != last:
            raise ValueError(f"{value!r} must be a day (YYYY-MM-DD)")
        return pd.Timestamp(first)
    return pd.Timestamp(value).normalize()


def label(text: str | None) -> str:
    """A reduced-precision date for display: '20 June 1927', 'June 1927', '1927'."""
    if not text or pd.isna(text):
        return ""
    first, _ = parse_bounds(text)
    p = precision(text)
    if p == "year":
        return str(first.year)
    if p == "month":
        return f"{calendar.month_name[first.month]} {first.year}"
    return f"{first.day} {calendar.month_name[first.month]} {first.year}"
