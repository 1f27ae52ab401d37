"""Pieces of pages whose shape depends on the data: lists of links, the account of one vote.
Everything from the data is escaped."""

from __future__ import annotations

import html

import pandas as pd

from . import dates
from .cards import HTML


def text(value) -> str:
    """A cell as text: empty for a missing value."""
    return value if isinstance(value, str) else ""


def page_links(rows: pd.DataFrame) -> HTML:
    """A list of links to pages: columns page, label and (optional) detail."""
    e = html.escape
    items = []
    for row in rows.itertuples(index=False):
        detail = f": {e(str(row.detail))}" if getattr(row, "detail", "") else ""
        items.append(f'<li><a href="{e(row.page)}.html">{e(row.label)}</a>{detail}</li>')
    return HTML("<ul>" + "".join(items) + "</ul>")


def vote_facts(event: pd.Series, positions: list[str]) -> str:
    """One vote's facts in a sentence: body, result, recorded positions, reported counts, source."""
    counts = ", ".join(f"{event[p]} {p.replace('_', ' ')}" for p in positions if event.get(p))
    reported = [
        f"{event[c]} {c.split('_')[1]}"
        for c in ("count_yes", "count_no", "count_abstain")
        if c in event and not pd.isna(event[c])
    ]
    facts = [
        f"Body: {event['body']}",
        f"result: {text(event['result']) or 'unknown'}",
        f"recorded positions: {counts or 'none'}",
    ]
    if reported:
        facts.append("counts the source reports: " + ", ".join(reported))
    facts.append(f"certainty: {event['certainty']}")
    loc = text(event.get("source_loc"))
    facts.append(f"source: {event['source_id']}" + (f", {loc}" if loc else ""))
    return "; ".join(facts) + "."


def vote_heading(event: pd.Series, positions: list[str]) -> HTML:
    """A vote's heading (anchored by its event id), its facts and its note, escaped."""
    e = html.escape
    note = text(event.get("note"))
    return HTML(
        f'<h3 id="{e(event["event_id"])}">{e(dates.label(event["date"]))}: {e(event["title"])}</h3>'
        f"<p>{e(vote_facts(event, positions))}</p>" + (f"<p>{e(note)}</p>" if note else "")
    )
