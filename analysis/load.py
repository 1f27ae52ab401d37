"""Load a dataset that meets the data contract into tidy pandas frames."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import dates
from .project import DESCRIPTOR

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

    def enum(self, table: str, column: str) -> list[str]:
        """The values the descriptor allows in a column, in its order (empty if it sets none)."""
        for resource in self.descriptor["resources"]:
            if resource["name"] == table:
                for f in resource["schema"]["fields"]:
                    if f["name"] == column:
                        return list(f.get("constraints", {}).get("enum", []))
        raise KeyError(f"{table}.{column} is not a column of the data contract")

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
