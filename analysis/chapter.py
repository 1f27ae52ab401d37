"""What every chapter notebook does first: load the data, settle its parameters, open its page."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import dates
from .cards import HTML, Page
from .load import Dataset, coverage, load


@dataclass
class Context:
    """A chapter's dataset, settled parameters and page of cards."""

    ds: Dataset
    body: str
    body_name: str
    start: str
    end: str
    focus: str
    page: Page

    @property
    def period(self) -> str:
        """The period for prose: '1 January 1926 to 13 July 1930'."""
        return f"{dates.label(self.start)} to {dates.label(self.end)}"


def setup(
    data_dir,
    body="",
    period_start="",
    period_end="",
    focus_date="",
    book_root="..",
    page_id="page",
    title="",
    source="",
) -> Context:
    """Load the data and fill every empty parameter from it."""
    ds = load(Path(data_dir))
    cov = coverage(ds, body or None)
    body = cov["body_id"]
    start = period_start or cov["start"]
    end = period_end or cov["end"]
    focus = focus_date or start
    for name, value in (("period_start", start), ("period_end", end), ("focus_date", focus)):
        try:
            dates.to_day(value)
        except ValueError as exc:
            raise ValueError(f"parameter {name}: {exc}") from None
    page = Page(page_id, title or page_id, book_root=book_root, source=source)
    return Context(ds, body, cov["body_name"], start, end, focus, page)


def say(template: str, **values) -> HTML:
    """A paragraph of prose with data values escaped into it."""
    safe = {k: html.escape(str(v)) for k, v in values.items()}
    return HTML(f"<p>{template.format(**safe)}</p>")


def listing(items) -> HTML:
    """A bulleted list of escaped items."""
    return HTML("<ul>" + "".join(f"<li>{html.escape(str(i))}</li>" for i in items) + "</ul>")


def humanize(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Keep and rename columns for a reader-facing table."""
    return frame[list(columns)].rename(columns=columns)
