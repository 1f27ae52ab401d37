"""Validate a data directory against the contract: the descriptor's rules, then cross-table rules.

Frictionless checks what a Table Schema can say (types, required, enum, pattern, primary and
foreign keys); the rules no schema can say are written here by hand. Every problem is reported,
each with file, row (the header is row 1, as in a spreadsheet), column, rule and value.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import frictionless

from . import dates
from .load import SIGNATURE, STANDARD, has_descriptor, is_optional, read_descriptor, vote_row_ids

ERROR, WARNING = "error", "warning"
# problems of a file as a file: the file is not read further
FILE_RULES = {"file-size", "empty-file", "binary", "encoding", "bom", "line-endings"}
CITE_RE = re.compile(r"\[@([A-Za-z0-9_.:-]+)\]")  # a note's citation of a source: [@source_id]
OPEN_POSITIONS = {"absent", "unknown"}


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
    with open(path, newline="", encoding="utf-8", errors="replace") as handle:
        return next(csv.reader(handle), [])


MAX_BYTES = 64 * 1024 * 1024  # a table larger than this is refused before it is read
ROWS_NEEDED = ("sources", "bodies", "persons", "memberships")  # tables a dataset cannot leave empty


def _looks_like(raw: bytes) -> str:
    """The encoding a file that is not UTF-8 most likely has (charset-normalizer), as iconv names it."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:200_000]).best()
    name = best.encoding if best else "unknown"
    return {"cp1251": "CP1251", "cp1252": "CP1252", "latin_1": "ISO-8859-1", "koi8_r": "KOI8-R"}.get(
        name, name.upper().replace("_", "-")
    )


def _file_problems(path: Path, name: str, resource: dict) -> list[Problem]:
    """What is wrong with a table's file as a file: size, bytes, encoding, line ends, rows. A file
    with such a problem is not read further (its cells would only echo it)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return [
            Problem(
                name,
                None,
                "",
                "file-size",
                f"{size / 1e6:.1f} MB",
                f"is larger than the {MAX_BYTES // 2**20} MB a table may have here: split it by period, "
                "or raise analysis.validate.MAX_BYTES if the machine can hold it",
            )
        ]
    if size == 0:
        return [Problem(name, None, "", "empty-file", "", "is empty: a table needs at least its header row")]
    raw = path.read_bytes()
    if raw.startswith(b"PK\x03\x04"):
        return [
            Problem(
                name,
                None,
                "",
                "binary",
                "",
                "is a zip archive (a spreadsheet workbook?): save the sheet as CSV UTF-8",
            )
        ]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [
            Problem(
                name,
                1,
                "",
                "encoding",
                "UTF-16",
                f"is UTF-16, not UTF-8: convert it, e.g. "
                f"iconv -f UTF-16 -t UTF-8 {path.name} > {path.stem}.utf8.csv",
            )
        ]
    if b"\x00" in raw:
        row = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return [Problem(name, row, "", "binary", "", "holds a NUL byte: it is not a text file")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return [
            Problem(
                name,
                1,
                "",
                "bom",
                "",
                "starts with a byte-order mark (a spreadsheet's 'UTF-8 with BOM'): save it as plain UTF-8, "
                f"or remove the mark with sed -i '1s/^\\xEF\\xBB\\xBF//' {path.name}",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        enc = _looks_like(raw)
        return [
            Problem(
                name,
                row,
                "",
                "encoding",
                f"0x{raw[exc.start]:02X}",
                f"is not UTF-8 (the first byte that is not is on this row); it looks like {enc}: "
                f"convert it with iconv -f {enc} -t UTF-8 {path.name} > {path.stem}.utf8.csv, "
                "or save it from the spreadsheet as 'CSV UTF-8'",
            )
        ]
    problems = []
    crlf = text.count("\r\n")
    bare_cr = text.count("\r") - crlf
    bare_lf = text.count("\n") - crlf
    if bare_cr:
        problems.append(
            Problem(
                name,
                None,
                "",
                "line-endings",
                "",
                "ends lines with a bare carriage return: save it with LF or CRLF line ends",
            )
        )
    elif crlf and bare_lf:
        lines = text.split("\n")[:-1]
        first = lines[0].endswith("\r")
        row = next(i for i, line in enumerate(lines, start=1) if line.endswith("\r") != first)
        problems.append(
            Problem(
                name,
                row,
                "",
                "line-endings",
                "",
                "mixes Windows (CRLF) and Unix (LF) line ends: save it with one kind",
            )
        )
    if problems:
        return problems
    rows = list(csv.reader(text.splitlines()))
    header = rows[0] if rows else []
    known = [f["name"] for f in resource["schema"]["fields"]]
    for label in sorted({h for h in header if header.count(h) > 1}):
        problems.append(Problem(name, 1, label, "header", label, "names a column twice: each column once"))
    for label in header:
        if label != label.strip():
            problems.append(
                Problem(
                    name,
                    1,
                    label.strip(),
                    "header",
                    label,
                    "has spaces around the column's name: remove them",
                )
            )
        elif label not in known:
            close = difflib.get_close_matches(label, known, n=1, cutoff=0.8)
            if close and close[0] not in header:
                problems.append(
                    Problem(
                        name,
                        1,
                        label,
                        "unknown-column",
                        label,
                        f"is not a column of the contract; did you mean {close[0]}?",
                    )
                )
            else:
                problems.append(
                    Problem(
                        name,
                        1,
                        label,
                        "extra-column",
                        label,
                        "is not a column of the contract: it is kept in the file and ignored",
                        WARNING,
                    )
                )
    if resource["name"] in ROWS_NEEDED and not any(any(c.strip() for c in r) for r in rows[1:]):
        problems.append(Problem(name, None, "", "no-rows", "", "has a header but no rows"))
    keys = _key_columns(resource)
    for r, cells in enumerate(rows[1:], start=2):
        for column, cell in zip(header, cells, strict=False):
            if column in keys and cell != cell.strip():
                problems.append(
                    Problem(
                        name, r, column, "whitespace", cell, "has spaces around an identifier: remove them"
                    )
                )
    return problems


def _key_columns(resource: dict) -> set[str]:
    schema = resource["schema"]
    keys = set(_as_list(schema.get("primaryKey", [])))
    for fk in schema.get("foreignKeys", []):
        keys |= set(_as_list(fk["fields"]))
    return keys


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
        found = _file_problems(path, resource["path"], resource)
        if any(p.rule in FILE_RULES for p in found):
            problems += found
            continue
        fitted, missing = _fitted_resource(resource, _header(path))
        for column in missing:
            found.append(
                Problem(
                    resource["path"],
                    1,
                    column,
                    "required-column",
                    "",
                    "a required column is missing from the header",
                )
            )
        problems += found
        if not any(p.severity == ERROR for p in found):
            resources.append(fitted)  # a file whose bytes or header are wrong is not read further
    # the readable tables are checked now, whatever is wrong with the others: one run, every problem
    names = {r["name"] for r in resources}
    for r in resources:
        if "foreignKeys" in r["schema"]:
            kept = [
                fk for fk in r["schema"]["foreignKeys"] if fk["reference"].get("resource", r["name"]) in names
            ]
            r["schema"] = dict(r["schema"], foreignKeys=kept)
    if not resources:
        return problems
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
            problems.append(
                Problem(
                    file,
                    row,
                    column,
                    _rule(error),
                    str(cell),
                    _message(error, field, f"{task.name}.{column}"),
                )
            )
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


def _message(error, field: dict, where: str = "") -> str:
    note = (error.note or "").strip()
    constraints = field.get("constraints", {})
    rule = _rule(error)
    if rule == "enum":
        return (
            "is not one of "
            + ", ".join(constraints["enum"])
            + f". If your data need it, widen the enum of {where} "
            "in the dataset's own datapackage.json: add the value to its constraints.enum and, with the "
            "words the book shows for it, to its categories"
        )
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
                ids = set(vote_row_ids(frame))
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


def _descriptor_problems(descriptor: dict) -> list[Problem]:
    """What the validator needs of a descriptor before it can read the tables by it."""
    problems = []
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        return [Problem("datapackage.json", None, "resources", "descriptor", "", "declares no resources")]
    for i, resource in enumerate(resources):
        where = f"resources[{i}]" + (f" ({resource.get('name')})" if isinstance(resource, dict) else "")
        missing = [
            k for k in ("name", "path", "schema") if not isinstance(resource, dict) or k not in resource
        ]
        if not missing and not isinstance(resource["schema"].get("fields"), list):
            missing = ["schema.fields"]
        if missing:
            problems.append(
                Problem("datapackage.json", None, where, "descriptor", "", f"lacks {', '.join(missing)}")
            )
    return problems


def validate(data_dir: str | Path) -> list[Problem]:
    """Every problem in a data directory: errors and warnings, sorted by file and row."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return [Problem(str(data_dir), None, "", "file", "", "is not a folder")]
    own = has_descriptor(data_dir)
    try:
        descriptor = read_descriptor(data_dir)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return [Problem("datapackage.json", None, "", "json", "", f"is not valid JSON: {exc}")]
    problems = (
        []
        if own
        else [
            Problem(
                "datapackage.json",
                None,
                "",
                "standard-contract",
                "",
                "is not in this folder: the data were checked against the standard contract "
                f"({STANDARD.name} in the analysis package); copy it here to widen it for these data",
                WARNING,
            )
        ]
    )
    shape = _descriptor_problems(descriptor)
    if shape:
        return problems + shape
    try:
        problems += _frictionless_problems(data_dir, descriptor)
        if not any(p.severity == ERROR for p in problems):
            problems += _cross_problems(data_dir, descriptor)
    except Exception as exc:  # a rule that met input it cannot read: say so, never a traceback
        problems.append(
            Problem(
                "", None, "", "unreadable", "", f"could not be checked further ({type(exc).__name__}: {exc})"
            )
        )
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
