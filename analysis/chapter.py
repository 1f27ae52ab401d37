"""What every chapter notebook does first: load the data, settle its parameters, open its page.

A template's code starts with

    ctx = chapter.setup(globals())

which reads the page parameters the template declared (analysis.params) from the notebook's
namespace, settles the empty ones from the data as the build does, and opens the page's cards. A
template that names persons or days declares person_ids or snapshot_dates, so that its names and
dates link to the pages that exist.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import dates
from .cards import HTML, Page
from .load import Dataset, load
from .params import PARAMS, Settled, settle
from .present import Links


@dataclass
class Context:
    """A chapter's dataset, settled parameters and page of cards."""

    ds: Dataset
    params: Settled
    page: Page
    links: Links

    @property
    def body(self) -> str:
        return self.params.body

    @property
    def body_name(self) -> str:
        return self.params.body_name

    @property
    def start(self) -> str:
        return self.params.period_start

    @property
    def end(self) -> str:
        return self.params.period_end

    @property
    def focus(self) -> str:
        return self.params.focus_date

    @property
    def period(self) -> str:
        """The period for prose: '1 January 1926 to 13 July 1930'."""
        return f"{dates.label(self.start)} to {dates.label(self.end)}"


def setup(namespace: dict) -> Context:
    """Load the data and settle the page parameters found in a notebook's namespace."""
    given = {name: namespace[name] for name in PARAMS if name in namespace}
    if "data_dir" not in given:
        raise ValueError("the parameters cell must declare data_dir")
    ds = load(Path(given["data_dir"]))
    settled = settle(ds, given, need_lists=bool({"snapshot_dates", "person_ids"} & set(given)))
    # a page links only to the pages it was told of: the lists it declares
    links = Links.of(
        ds,
        settled.person_ids if "person_ids" in given else (),
        settled.snapshot_dates if "snapshot_dates" in given else (),
    )
    return Context(ds, settled, Page(settled.page_id), links)


def say(template: str, **values) -> HTML:
    """A paragraph whose shape depends on the data, with the data's values escaped into it."""
    safe = {k: html.escape(str(v)) for k, v in values.items()}
    return HTML(f"<p>{template.format(**safe)}</p>")


def listing(items) -> HTML:
    """A bulleted list of escaped items."""
    return HTML("<ul>" + "".join(f"<li>{html.escape(str(i))}</li>" for i in items) + "</ul>")


def humanize(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Keep and rename columns for a reader-facing table."""
    return frame[list(columns)].rename(columns=columns)


def record(**values) -> None:
    """Record values for the page's prose ({glue:text}`name`) and for the tests, without showing them."""
    from myst_nb import glue

    for name, value in values.items():
        if hasattr(value, "item"):  # a NumPy scalar: record the plain number, not its repr
            value = value.item()
        glue(name, value, display=False)
