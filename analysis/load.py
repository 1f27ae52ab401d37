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
OPTIONAL_TABLES = ("sessions",)  # tables a dataset may leave out (the descriptor marks them optional)
SIGNATURE = "signature"  # the procedure of a document approved by the signatures on it
INTEGER_COLUMNS = {"vote_events": ("count_yes", "count_no", "count_abstain", "margin")}


STANDARD = Path(__file__).with_name("contract.json")  # the contract a dataset without a descriptor meets


def has_descriptor(data_dir: Path) -> bool:
    """Whether a data directory has a datapackage.json of its own."""
    return (Path(data_dir) / DESCRIPTOR).is_file()


def read_descriptor(data_dir: Path) -> dict:
    """The datapackage.json of a data directory, as a dict; the standard contract (analysis/contract.json)
    for a directory that has none."""
    path = Path(data_dir) / DESCRIPTOR
    if not path.is_file():
        return json.loads(STANDARD.read_text(encoding="utf-8"))
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

    def labels(self, table: str, column: str) -> dict[str, str]:
        """The words for a coded column's values (the descriptor's categories); {} if it has none."""
        for resource in self.descriptor["resources"]:
            if resource["name"] == table:
                for f in resource["schema"]["fields"]:
                    if f["name"] == column:
                        return {c["value"]: c.get("label", c["value"]) for c in f.get("categories", [])}
        return {}

    def words(self, table: str, column: str, values: pd.Series) -> pd.Series:
        """A coded column shown in words: each value's label, the value itself where none is set."""
        labels = self.labels(table, column)
        return values.map(lambda v: labels.get(v, v) if isinstance(v, str) else v)

    def primary_key(self, table: str) -> str | list[str]:
        """The column (or columns) that identify a table's rows, as the descriptor declares them."""
        for resource in self.descriptor["resources"]:
            if resource["name"] == table:
                key = resource["schema"].get("primaryKey")
                return key[0] if isinstance(key, list) and len(key) == 1 else key
        raise KeyError(f"{table} is not a table of the data contract")

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


def is_optional(resource: dict) -> bool:
    """Whether the descriptor lets a dataset leave this table out."""
    return bool(resource.get("optional")) or resource["name"] in OPTIONAL_TABLES


def data_files(data_dir: Path) -> list[str]:
    """The descriptor and the tables' files it declares that exist, in the descriptor's order."""
    data_dir = Path(data_dir)
    try:
        paths = [r["path"] for r in read_descriptor(data_dir)["resources"]]
    except (FileNotFoundError, ValueError, KeyError):
        paths = [f"{t}.csv" for t in TABLES]
    return [DESCRIPTOR] + [p for p in paths if (data_dir / p).is_file()]


def data_fingerprint(data_dir: Path) -> str:
    """SHA-256 over the descriptor and the tables' files, in a fixed order."""
    digest = hashlib.sha256()
    data_dir = Path(data_dir)
    for name in data_files(data_dir):
        path = data_dir / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def read_tables(data_dir: Path, descriptor: dict) -> dict[str, pd.DataFrame]:
    """Every table the descriptor declares, as strings; an absent optional table is empty."""
    columns = contract_columns(descriptor)
    tables = {}
    for resource in descriptor["resources"]:
        name, path = resource["name"], Path(data_dir) / resource["path"]
        if is_optional(resource) and not path.is_file():
            tables[name] = pd.DataFrame({c: pd.Series(dtype="str") for c in columns[name]})
        else:
            tables[name] = read_table(path, columns[name])
    return tables


def load(data_dir: str | Path) -> Dataset:
    """Load a data directory (assumed valid: run validate first) into tidy frames."""
    data_dir = Path(data_dir)
    descriptor = read_descriptor(data_dir)
    tables = read_tables(data_dir, descriptor)
    for name, cols in INTEGER_COLUMNS.items():
        for col in cols:
            tables[name][col] = pd.to_numeric(tables[name][col]).astype("Int64")
    tables["memberships"] = _spell_dates(tables["memberships"], "start_date", "end_date")
    tables["roles"] = _spell_dates(tables["roles"], "start_date", "end_date")
    events = tables["vote_events"].copy()
    events["day"] = events["date"].map(dates.as_start).astype("datetime64[ns]")
    tables["vote_events"] = events
    if "sessions" in tables:
        tables["sessions"]["day"] = tables["sessions"]["date"].map(dates.as_start).astype("datetime64[ns]")
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


def vote_row_ids(votes: pd.DataFrame) -> pd.Series:
    """The identifier of each vote row (votes have no one-column key): event_id/person_id, as the
    variants table names them."""
    return votes["event_id"] + "/" + votes["person_id"]
