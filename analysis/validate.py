"""Validate a data directory against the contract: the descriptor's rules, then cross-table rules.

Frictionless checks what a Table Schema can say (types, required, enum, pattern, primary and
foreign keys); the rules no schema can say are written here by hand. Every problem is reported,
each with file, row (the header is row 1, as in a spreadsheet), column, rule and value.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

import frictionless

from . import dates
from .load import is_optional, read_descriptor

ERROR, WARNING = "error", "warning"
CITE_RE = re.compile(r"\[@([A-Za-z0-9_.:-]+)\]")  # a note's citation of a source: [@source_id]
OPEN_POSITIONS = {"absent", "unknown"}
SIGNATURE = "signature"  # members assent by signing the document; a non-member signer is kept


@dataclass(frozen=True, order=True)
class Problem:
    """One finding of the validator."""

    file: str
    row: int | None
    column: str
    rule: str
    value: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = self.file + (f" row {self.row}" if self.row else "")
        where += f", column {self.column}" if self.column else ""
        value = f" (value {self.value!r})" if self.value else ""
        return f"{self.severity}: {where}: {self.message}{value} [rule: {self.rule}]"


def _header(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle), [])


def _fitted_resource(resource: dict, header: list[str]) -> tuple[dict, list[str]]:
    """The resource with its schema fitted to the file's header, and the missing required columns.

    The contract allows extra columns (ignored) and absent optional ones; frictionless wants
    the schema's fields in the file's order, so the schema is fitted to the header.
    """
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    missing = [n for n, f in fields.items() if f.get("constraints", {}).get("required") and n not in header]
    fitted = [fields.get(n, {"name": n, "type": "any"}) for n in header]
    schema = dict(resource["schema"], fields=fitted)
    present = set(header)
    if "foreignKeys" in schema:
        schema["foreignKeys"] = [fk for fk in schema["foreignKeys"] if set(_as_list(fk["fields"])) <= present]
    return dict(resource, schema=schema), missing


def _as_list(value) -> list[str]:
    return value if isinstance(value, list) else [value]


_RULES = {
    "constraint-error": None,  # refined from the note below
    "type-error": "type",
    "primary-key": "primary-key",
    "foreign-key": "foreign-key",
    "missing-label": "required-column",
    "blank-label": "header",
    "duplicate-label": "header",
    "extra-cell": "row-shape",
    "missing-cell": "row-shape",
    "blank-row": "blank-row",
    "encoding-error": "encoding",
    "source-error": "file",
    "scheme-error": "file",
}


def _rule(error) -> str:
    if error.type == "constraint-error":
        note = (error.note or "").lower()
        for word in ("required", "enum", "pattern", "minimum", "maximum", "unique"):
            if word in note:
                return word
        return "constraint"
    return _RULES.get(error.type, error.type)


def _frictionless_problems(data_dir: Path, descriptor: dict) -> list[Problem]:
    problems: list[Problem] = []
    resources = []
    for resource in descriptor["resources"]:
        path = data_dir / resource["path"]
        if not path.is_file():
            if not is_optional(resource):
                problems.append(
                    Problem(resource["path"], None, "", "file", "", "the table's file is missing")
                )
            continue
        fitted, missing = _fitted_resource(resource, _header(path))
        for column in missing:
            problems.append(
                Problem(
                    resource["path"],
                    1,
                    column,
                    "required-column",
                    "",
                    "a required column is missing from the header",
                )
            )
        resources.append(fitted)
    if problems:
        return problems  # fix the files and headers first: the rest would only echo them
    package = frictionless.Package(
        {k: v for k, v in descriptor.items() if k != "resources"} | {"resources": resources},
        basepath=str(data_dir),
    )
    report = package.validate()
    by_name = {r["name"]: r for r in resources}
    fields = {r["name"]: {f["name"]: f for f in r["schema"]["fields"]} for r in resources}
    for task in report.tasks:
        file = Path(task.place).name if task.place else task.name
        for error in task.errors:
            row = getattr(error, "row_number", None)
            column = getattr(error, "field_name", "") or ""
            cell = getattr(error, "cell", "") or ""
            field = fields.get(task.name, {}).get(column, {})
            if error.type in ("foreign-key", "primary-key"):
                cells = getattr(error, "cells", None) or []
                header = [f["name"] for f in by_name[task.name]["schema"]["fields"]]
                names = (
                    _fk_fields(resources, task.name, error)
                    if error.type == "foreign-key"
                    else _as_list(by_name[task.name]["schema"]["primaryKey"])
                )
                column = ", ".join(names)
                cell = ", ".join(str(cells[header.index(n)]) for n in names if header.index(n) < len(cells))
            problems.append(Problem(file, row, column, _rule(error), str(cell), _message(error, field)))
    for error in report.errors:
        problems.append(Problem("datapackage.json", None, "", "descriptor", "", error.message))
    return problems


def _fk_fields(resources, name, error) -> list[str]:
    note = error.note or ""
    for resource in resources:
        if resource["name"] != name:
            continue
        for fk in resource["schema"].get("foreignKeys", []):
            fields = _as_list(fk["fields"])
            if all(f in note for f in fields):
                return fields
    return []


def _message(error, field: dict) -> str:
    note = (error.note or "").strip()
    constraints = field.get("constraints", {})
    rule = _rule(error)
    if rule == "enum":
        return "is not one of " + ", ".join(constraints["enum"])
    if rule == "pattern":
        return f"does not match the pattern {constraints['pattern']}"
    if rule == "required":
        return "is empty, but the column is required"
    if error.type == "constraint-error":
        return f"breaks the column's constraint: {note}"
    if error.type == "type-error":
        return f"is not of the column's type ({field.get('type', '?')})"
    if error.type == "primary-key":
        return "repeats the primary key of an earlier row"
    if error.type == "foreign-key":
        return f"points to a row that does not exist: {note}"
    return f"{error.title}: {note}" if note else error.title


# --- Cross-table rules: what no Table Schema can say ---------------------------------------


def _cross_problems(data_dir: Path, descriptor: dict) -> list[Problem]:
    from .load import date_columns, read_tables

    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    t = read_tables(data_dir, descriptor)
    problems: list[Problem] = []

    # A note cites sources as [@source_id]: each must be a source of the dataset.
    known = set(t["sources"]["source_id"].dropna())
    for name, frame in t.items():
        if "note" not in frame.columns:
            continue
        for i, note in frame["note"].items():
            if not isinstance(note, str):
                continue
            for cited in CITE_RE.findall(note):
                if cited not in known:
                    problems.append(
                        Problem(
                            paths[name],
                            i + 2,
                            "note",
                            "note-citation",
                            cited,
                            "cites a source that sources.csv does not have",
                        )
                    )

    # Calendar dates: the pattern lets 1927-02-30 through.
    bounds: dict[tuple[str, int, str], tuple] = {}
    for name, cols in date_columns(descriptor).items():
        for column in cols:
            for i, value in t[name][column].items():
                if not isinstance(value, str) or not dates.STRICT_RE.match(value):
                    continue  # empty, or already reported by the pattern rule
                try:
                    bounds[(name, i, column)] = dates.parse_bounds(value)
                except ValueError as exc:
                    problems.append(Problem(paths[name], i + 2, column, "date", value, str(exc)))

    # An end is not before its start; spells of one person in one body do not overlap.
    for name, key in (("memberships", "body_id"), ("roles", "role")):
        frame = t[name]
        spells = []
        for i, row in frame.iterrows():
            start = bounds.get((name, i, "start_date"))
            end = bounds.get((name, i, "end_date"))
            if start and end and end[1] < start[0]:
                problems.append(
                    Problem(
                        paths[name],
                        i + 2,
                        "end_date",
                        "end-after-start",
                        row["end_date"],
                        f"ends before it starts ({row['start_date']})",
                    )
                )
                continue
            if start:
                spells.append((row["person_id"], row[key], start[0], end[1] if end else None, i))
        if name != "memberships":
            continue
        spells.sort(key=lambda s: (str(s[0]), str(s[1]), s[2]))
        for a, b in zip(spells, spells[1:], strict=False):
            if a[:2] == b[:2] and (a[3] is None or b[2] < a[3]):
                id_col = "membership_id"
                problems.append(
                    Problem(
                        paths[name],
                        b[4] + 2,
                        "start_date",
                        "no-overlap",
                        str(frame.at[b[4], "start_date"]),
                        f"overlaps the spell {frame.at[a[4], id_col]} (row {a[4] + 2}) of "
                        f"{b[0]} in {b[1]}: one person holds one spell in a body at a time",
                    )
                )

    # A person who votes was a member of the body that day; candidates are reported, not rejected.
    events = t["vote_events"].set_index("event_id", drop=False)
    spells_by = {}
    for i, row in t["memberships"].iterrows():
        start = bounds.get(("memberships", i, "start_date"))
        if start:
            end = bounds.get(("memberships", i, "end_date"))
            spells_by.setdefault((row["person_id"], row["body_id"]), []).append(
                (start[0], end[1] if end else None, row["membership_type"])
            )
    event_rows = {e: i for i, e in t["vote_events"]["event_id"].items()}
    names = dict(zip(t["persons"]["person_id"], t["persons"]["name"], strict=True))
    tallies: dict[str, dict[str, int]] = {}
    for i, row in t["votes"].iterrows():
        event_id, person, position = row["event_id"], row["person_id"], row["position"]
        if event_id not in events.index or not isinstance(position, str):
            continue  # a foreign-key or required error, reported by the schema
        tallies.setdefault(event_id, {}).setdefault(position, 0)
        tallies[event_id][position] += 1
        if position in OPEN_POSITIONS:
            continue
        event = events.loc[event_id]
        day = bounds.get(("vote_events", event_rows[event_id], "date"))
        if not day:
            continue
        kinds = {
            kind
            for start, end, kind in spells_by.get((person, event["body_id"]), [])
            if start <= day[1] and (end is None or day[0] < end)
        }
        signed = event["procedure"] == SIGNATURE
        if not kinds and signed:
            problems.append(
                Problem(
                    paths["votes"],
                    i + 2,
                    "person_id",
                    "signer-not-member",
                    str(person),
                    f"{names.get(person, person)} signed {event_id} ({event['date']}) but was not a member "
                    f"of {event['body_id']} that day: kept as the document records it",
                    WARNING,
                )
            )
        elif not kinds:
            problems.append(
                Problem(
                    paths["votes"],
                    i + 2,
                    "person_id",
                    "voter-is-member",
                    str(person),
                    f"votes ({position}) in {event_id} but was not a member of "
                    f"{event['body_id']} on {event['date']}",
                )
            )
        elif kinds == {"candidate"} and not signed:
            problems.append(
                Problem(
                    paths["votes"],
                    i + 2,
                    "person_id",
                    "candidate-vote",
                    str(person),
                    f"was a candidate member on {event['date']}: a consultative voice, reported as recorded",
                    WARNING,
                )
            )

    # A differing reading names a row that exists and one of its columns.
    variants = t.get("variants")
    if variants is not None and not variants.empty:
        keys = {}
        for resource in descriptor["resources"]:
            pk = resource["schema"].get("primaryKey")
            keys[resource["name"]] = pk[0] if isinstance(pk, list) and len(pk) == 1 else pk
        for i, row in variants.iterrows():
            table, row_id, column = row["table"], row["row_id"], row["field"]
            if table not in t or not isinstance(row_id, str):
                continue  # an enum or required error, reported by the schema
            frame = t[table]
            if table == "votes":
                ids = set(frame["event_id"] + "/" + frame["person_id"])
            elif isinstance(keys.get(table), str):
                ids = set(frame[keys[table]].dropna())
            else:
                continue
            if row_id not in ids:
                problems.append(
                    Problem(
                        paths["variants"],
                        i + 2,
                        "row_id",
                        "variant-row",
                        row_id,
                        f"names no row of {table}"
                        + (" (votes are named event_id/person_id)" if table == "votes" else ""),
                    )
                )
            elif column not in frame.columns:
                problems.append(
                    Problem(
                        paths["variants"],
                        i + 2,
                        "field",
                        "variant-field",
                        str(column),
                        f"is not a column of {table}",
                    )
                )

    # Reported counts are reconciled with the individual votes.
    for event_id, i in event_rows.items():
        row = t["vote_events"].loc[i]
        for column, position in (
            ("count_yes", "yes"),
            ("count_no", "no"),
            ("count_abstain", "abstain"),
        ):
            reported = row[column]
            if not isinstance(reported, str) or not reported.isdigit():
                continue
            known = tallies.get(event_id, {}).get(position, 0)
            if int(reported) != known:
                problems.append(
                    Problem(
                        paths["vote_events"],
                        i + 2,
                        column,
                        "counts-reconcile",
                        reported,
                        f"the source reports {reported} '{position}' but votes.csv records "
                        f"{known} individual '{position}' positions",
                        WARNING,
                    )
                )
    return problems


def validate(data_dir: str | Path) -> list[Problem]:
    """Every problem in a data directory: errors and warnings, sorted by file and row."""
    data_dir = Path(data_dir)
    try:
        descriptor = read_descriptor(data_dir)
    except FileNotFoundError as exc:
        return [Problem(str(data_dir / "datapackage.json"), None, "", "file", "", str(exc))]
    except json.JSONDecodeError as exc:
        return [Problem("datapackage.json", exc.lineno, "", "json", "", f"is not valid JSON: {exc.msg}")]
    problems = _frictionless_problems(data_dir, descriptor)
    if not any(p.rule in ("file", "required-column") for p in problems):
        problems += _cross_problems(data_dir, descriptor)
    prefix = str(data_dir)
    return sorted(
        Problem(f"{prefix}/{p.file}", p.row, p.column, p.rule, p.value, p.message, p.severity)
        if not p.file.startswith(prefix)
        else p
        for p in problems
    )


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that fail validation."""
    return [p for p in problems if p.severity == ERROR]
