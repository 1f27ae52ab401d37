"""Load a dataset that meets the data contract into tidy pandas frames."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import dates
from .paths import DESCRIPTOR

TABLES = ("sources", "bodies", "persons", "memberships", "roles", "vote_events", "votes")
INTEGER_COLUMNS = {"vote_events": ("count_yes", "count_no", "count_abstain")}


def read_descriptor(data_dir: Path) -> dict:
    """The datapackage.json of a data directory, as a dict."""
    path = Path(data_dir) / DESCRIPTOR
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no data package descriptor (datapackage.json) here")
    return json.loads(path.read_text(encoding="utf-8"))


def contract_columns(descriptor: dict) -> dict[str, list[str]]:
    """The columns of each table, in the descriptor's order."""
    return {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]}


def date_columns(descriptor: dict) -> dict[str, list[str]]:
    """The DATE columns of each table: the fields whose pattern is the contract's date pattern."""
    return {
        r["name"]: [
            f["name"]
            for f in r["schema"]["fields"]
            if f.get("constraints", {}).get("pattern") == dates.STRICT_RE.pattern.strip("^$")
        ]
        for r in descriptor["resources"]
    }


def body_ids(body: str) -> list[str]:
    """The body ids a body parameter names: one id, or several joined by commas (a series of bodies)."""
    return [b.strip() for b in str(body).split(",") if b.strip()]


def read_table(path: Path, columns: list[str]) -> pd.DataFrame:
    """A CSV of the contract as strings (empty cells NaN), with absent optional columns added."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    for column in columns:
        if column not in frame.columns:
            frame[column] = pd.Series([pd.NA] * len(frame), dtype="str")
    return frame[columns]


def _spell_dates(frame: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    frame = frame.copy()
    frame["start"] = frame[start].map(dates.as_start).astype("datetime64[ns]")
    frame["end"] = frame[end].map(dates.as_end).astype("datetime64[ns]")
    frame["start_precision"] = frame[start].map(dates.precision)
    frame["end_precision"] = frame[end].map(lambda s: dates.precision(s) if isinstance(s, str) else "")
    return frame


@dataclass
class Dataset:
    """The seven tables of a dataset, with parsed dates, and where they came from."""

    data_dir: Path
    descriptor: dict
    tables: dict[str, pd.DataFrame] = field(repr=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the descriptor and the CSV files: names exactly the data a result came from."""
        return data_fingerprint(self.data_dir)


def data_fingerprint(data_dir: Path) -> str:
    """SHA-256 over the descriptor and the tables' files, in a fixed order."""
    digest = hashlib.sha256()
    data_dir = Path(data_dir)
    for name in [DESCRIPTOR] + [f"{t}.csv" for t in TABLES]:
        path = data_dir / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load(data_dir: str | Path) -> Dataset:
    """Load a data directory (assumed valid: run validate first) into tidy frames."""
    data_dir = Path(data_dir)
    descriptor = read_descriptor(data_dir)
    columns = contract_columns(descriptor)
    tables = {}
    for resource in descriptor["resources"]:
        name = resource["name"]
        tables[name] = read_table(data_dir / resource["path"], columns[name])
    for name, cols in INTEGER_COLUMNS.items():
        for col in cols:
            tables[name][col] = pd.to_numeric(tables[name][col]).astype("Int64")
    tables["memberships"] = _spell_dates(tables["memberships"], "start_date", "end_date")
    tables["roles"] = _spell_dates(tables["roles"], "start_date", "end_date")
    events = tables["vote_events"].copy()
    events["day"] = events["date"].map(dates.as_start).astype("datetime64[ns]")
    tables["vote_events"] = events
    votes = tables["votes"].merge(
        events[["event_id", "source_id", "certainty"]],
        on="event_id",
        how="left",
        suffixes=("", "_event"),
    )
    votes["source_id"] = votes["source_id"].fillna(votes.pop("source_id_event"))
    votes["certainty"] = votes["certainty"].fillna(votes.pop("certainty_event"))
    tables["votes"] = votes
    return Dataset(data_dir=data_dir, descriptor=descriptor, tables=tables)


def coverage(ds: Dataset, body: str | None = None) -> dict:
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
        raise ValueError(f"body {', '.join(unknown)}: not a body_id of {ds.data_dir}/bodies.csv")
    spells = ds.memberships[ds.memberships["body_id"].isin(ids)]
    events = ds.vote_events[ds.vote_events["body_id"].isin(ids)]
    starts = list(spells["start"].dropna()) + list(events["day"].dropna())
    ends = starts + list(spells["end"].dropna())
    start = declared.get("start") or (min(starts).date().isoformat() if starts else None)
    end = declared.get("end") or (max(ends).date().isoformat() if ends else start)
    names = ds.bodies.set_index("body_id")["name"]
    name = declared.get("name") or " / ".join(names[i] for i in ids)
    return {"body_id": body, "body_ids": ids, "body_name": name, "start": start, "end": end}


def main_body(ds: Dataset) -> str:
    """The body with the most membership spells (ties: the first in bodies.csv)."""
    counts = ds.memberships["body_id"].value_counts()
    for body_id in ds.bodies["body_id"]:
        if counts.get(body_id, 0) == counts.max():
            return body_id
    return ds.bodies["body_id"].iloc[0]
