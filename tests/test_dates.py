import datetime as dt

import pytest

from analysis import dates

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "text, first, last",
    [
        ("1927", dt.date(1927, 1, 1), dt.date(1927, 12, 31)),
        ("1928-02", dt.date(1928, 2, 1), dt.date(1928, 2, 29)),
        ("1927-06-20", dt.date(1927, 6, 20), dt.date(1927, 6, 20)),
    ],
)
def test_bounds_of_reduced_precision(text, first, last):
    assert dates.parse_bounds(text) == (first, last)


@pytest.mark.parametrize("text", ["1927-02-30", "1927-13", "27-06-20", "1927/06/20", ""])
def test_invalid_dates_are_rejected(text):
    with pytest.raises(ValueError):
        dates.parse_bounds(text)


def test_reduced_start_and_end_take_first_and_last_day():
    assert str(dates.as_start("1930").date()) == "1930-01-01"
    assert str(dates.as_end("1930-07").date()) == "1930-07-31"
    assert dates.as_end(None) is dates.as_end("")  # both NaT


def test_labels_follow_precision():
    assert dates.label("1927-06-20") == "20 June 1927"
    assert dates.label("1927-06") == "June 1927"
    assert dates.label("1927") == "1927"


def test_focus_date_must_be_a_day():
    with pytest.raises(ValueError, match="must be a day"):
        dates.to_day("1927-06")
