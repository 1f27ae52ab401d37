"""The scope of a book: which body (or series of bodies) it studies, and over which period."""

from __future__ import annotations

from dataclasses import dataclass

from .load import Dataset


@dataclass(frozen=True)
class Scope:
    """A body (one id, or several joined by commas), its name for prose, and its period."""

    body: str
    body_ids: tuple[str, ...]
    name: str
    start: str | None
    end: str | None


def body_ids(body: str) -> list[str]:
    """The body ids a body parameter names: one id, or several joined by commas (a series of bodies)."""
    return [b.strip() for b in str(body).split(",") if b.strip()]


def scope(ds: Dataset, body: str | None = None) -> Scope:
    """The body and period covered: from the descriptor's 'coverage', else from the body's data.

    A body may be a series of bodies that succeeded one another, named by their ids joined with
    commas ("politburo,presidium"); the descriptor declares one as a list in coverage.body_ids.
    """
    declared = ds.descriptor.get("coverage", {})
    declared_body = ",".join(declared.get("body_ids", [])) or declared.get("body_id")
    if body and body != declared_body:
        declared = {}  # another body than the declared one: its period comes from its own rows
    body = body or declared_body or main_body(ds)
    ids = body_ids(body)
    unknown = [i for i in ids if i not in set(ds.bodies["body_id"])]
    if unknown:
        raise ValueError(f"body {', '.join(unknown)}: not a body_id of {ds.data_dir / 'bodies.csv'}")
    spells = ds.memberships[ds.memberships["body_id"].isin(ids)]
    events = ds.vote_events[ds.vote_events["body_id"].isin(ids)]
    starts = list(spells["start"].dropna()) + list(events["day"].dropna())
    ends = starts + list(spells["end"].dropna())
    start = declared.get("start") or (min(starts).date().isoformat() if starts else None)
    end = declared.get("end") or (max(ends).date().isoformat() if ends else start)
    names = ds.bodies.set_index("body_id")["name"]
    name = declared.get("name") or " / ".join(names[i] for i in ids)
    return Scope(body, tuple(ids), name, start, end)


def main_body(ds: Dataset) -> str:
    """The body with the most membership spells (ties: the first in bodies.csv)."""
    counts = ds.memberships["body_id"].value_counts()
    for body_id in ds.bodies["body_id"]:
        if counts.get(body_id, 0) == counts.max():
            return body_id
    return ds.bodies["body_id"].iloc[0]
