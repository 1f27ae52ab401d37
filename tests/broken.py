"""A catalog of broken datasets: each a change to a copy of the Example Council that the validator
must reject, with the file, row, column and rule it must name. The tests run every case; the catalog
is also printed as a table (python -m tests.broken) for the README and the issue notes."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Case:
    name: str  # what a researcher did
    change: Callable[[Path], None]  # the change, made in a copy of the fixture
    file: str  # what the validator must name
    row: int | None
    column: str
    rule: str


def _edit(name: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{name}: {old!r} not found"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return change


def _bytes(name: str, make: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        path = folder / name
        path.write_bytes(make(path.read_bytes()))

    return change


def _cyrillic_cp1251(folder: Path) -> None:
    path = folder / "persons.csv"
    text = (
        path.read_text(encoding="utf-8")
        .replace("Cy Gamma,,", "Cy Gamma,Сай Гамма,", 1)
        .replace(
            "executed,fixture,",
            "executed,fixture,Расстрелян по приговору военной коллегии верховного суда.",
            1,
        )
    )
    path.write_bytes(text.encode("cp1251"))


def _latin1(folder: Path) -> None:
    path = folder / "bodies.csv"
    text = path.read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    rest = rest.replace("Example Council", "Conseil d'Exemple générale", 1)
    path.write_bytes((first + "\n" + rest).encode("cp1252", errors="replace"))


def _big(folder: Path) -> None:
    with (folder / "roles.csv").open("ab") as handle:
        handle.truncate(100 * 1000 * 1000)  # 100 MB (a sparse file: no disk is used)


def _descriptor(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / "datapackage.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data), encoding="utf-8")

    return edit


def _remove(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).unlink()


CASES = [
    Case("saved by a Russian spreadsheet in cp1251", _cyrillic_cp1251, "persons.csv", 2, "", "encoding"),
    Case("saved as Windows-1252 (Western)", _latin1, "bodies.csv", 2, "", "encoding"),
    Case(
        "saved as UTF-16",
        _bytes("votes.csv", lambda b: b.decode().encode("utf-16")),
        "votes.csv",
        1,
        "",
        "encoding",
    ),
    Case(
        "saved as 'UTF-8 with BOM'",
        _bytes("roles.csv", lambda b: b"\xef\xbb\xbf" + b),
        "roles.csv",
        1,
        "",
        "bom",
    ),
    Case(
        "old Mac line ends (CR)",
        _bytes("votes.csv", lambda b: b.replace(b"\n", b"\r")),
        "votes.csv",
        None,
        "",
        "line-endings",
    ),
    Case(
        "CRLF and LF mixed",
        _bytes("votes.csv", lambda b: b.replace(b"\n", b"\r\n", 3)),
        "votes.csv",
        4,
        "",
        "line-endings",
    ),
    Case("an empty file", _bytes("roles.csv", lambda b: b""), "roles.csv", None, "", "empty-file"),
    Case(
        "a header and no rows",
        _bytes("persons.csv", lambda b: b.split(b"\n")[0] + b"\n"),
        "persons.csv",
        None,
        "",
        "no-rows",
    ),
    Case(
        "a workbook saved under .csv",
        _bytes("sources.csv", lambda b: b"PK\x03\x04" + b"\x00" * 64),
        "sources.csv",
        None,
        "",
        "binary",
    ),
    Case(
        "a NUL byte",
        _bytes("roles.csv", lambda b: b.replace(b"Treasurer", b"Treas\x00urer")),
        "roles.csv",
        3,
        "",
        "binary",
    ),
    Case("a 100 MB file", _big, "roles.csv", None, "", "file-size"),
    Case(
        "a space before an id",
        _edit("memberships.csv", "m2,bo,", "m2, bo,"),
        "memberships.csv",
        3,
        "person_id",
        "whitespace",
    ),
    Case(
        "a space in a column's name",
        _edit("roles.csv", "role_id,person_id", "role_id,person_id "),
        "roles.csv",
        1,
        "person_id",
        "header",
    ),
    Case(
        "a required column missing",
        _edit("persons.csv", "person_id,name,", "person_id,full_name_x,"),
        "persons.csv",
        1,
        "name",
        "required-column",
    ),
    Case(
        "a column's name misspelt",
        _edit("roles.csv", ",end_date,", ",end_dat,"),
        "roles.csv",
        1,
        "end_dat",
        "unknown-column",
    ),
    Case(
        "a row with an extra cell",
        _edit("votes.csv", "e1,ada,yes,for,,,", "e1,ada,yes,for,,,,x"),
        "votes.csv",
        2,
        "",
        "row-shape",
    ),
    Case(
        "a row with a cell missing",
        _edit("votes.csv", "e1,ada,yes,for,,,", "e1,ada,yes,for,,"),
        "votes.csv",
        2,
        "note",
        "row-shape",
    ),
    Case(
        "a day that is not in the calendar",
        _edit("memberships.csv", "1951-03-01,", "1951-02-30,", 1),
        "memberships.csv",
        4,
        "end_date",
        "date",
    ),
    Case(
        "a date written the American way",
        _edit("vote_events.csv", "1951-05-10", "05/10/1951"),
        "vote_events.csv",
        2,
        "date",
        "pattern",
    ),
    Case(
        "an end before its start",
        _edit("memberships.csv", "1950-01-01,1952-06-15", "1953-01-01,1952-06-15"),
        "memberships.csv",
        3,
        "end_date",
        "end-after-start",
    ),
    Case(
        "two spells that overlap",
        _edit("memberships.csv", "m4,cy,council,full,1951-03-01", "m4,cy,council,full,1950-06-01"),
        "memberships.csv",
        5,
        "start_date",
        "no-overlap",
    ),
    Case(
        "a key used twice",
        _edit("memberships.csv", "m3,cy,", "m2,cy,"),
        "memberships.csv",
        4,
        "membership_id",
        "primary-key",
    ),
    Case(
        "a person who is not in persons.csv",
        _edit("memberships.csv", "m5,dee,", "m5,zed,"),
        "memberships.csv",
        6,
        "person_id",
        "foreign-key",
    ),
    Case(
        "a body that is not in bodies.csv",
        _edit("vote_events.csv", "e2,council,", "e2,senate,"),
        "vote_events.csv",
        3,
        "body_id",
        "foreign-key",
    ),
    Case(
        "a source that is not in sources.csv",
        _edit(
            "roles.csv",
            "r2,bo,Treasurer,Example Treasury,economy,1950-01-01,1952-06-15,certain,fixture",
            "r2,bo,Treasurer,Example Treasury,economy,1950-01-01,1952-06-15,certain,nowhere",
        ),
        "roles.csv",
        3,
        "source_id",
        "foreign-key",
    ),
    Case(
        "a vote by a non-member at a meeting",
        _edit("votes.csv", "e1,dee,yes", "e1,eve,yes"),
        "votes.csv",
        5,
        "person_id",
        "voter-is-member",
    ),
    Case(
        "a value outside an enum",
        _edit("vote_events.csv", ",poll,adopted", ",ballot,adopted"),
        "vote_events.csv",
        3,
        "procedure",
        "enum",
    ),
    Case(
        "a required value left empty",
        _edit("persons.csv", "bo,Bo Beta,", "bo,,"),
        "persons.csv",
        3,
        "name",
        "required",
    ),
    Case(
        "a negative count",
        _edit("vote_events.csv", "adopted,3,1,", "adopted,-3,1,"),
        "vote_events.csv",
        2,
        "count_yes",
        "minimum",
    ),
    Case(
        "a count that is not a number",
        _edit("vote_events.csv", "adopted,3,1,", "adopted,three,1,"),
        "vote_events.csv",
        2,
        "count_yes",
        "type",
    ),
    Case(
        "a note citing an unknown source",
        _edit(
            "roles.csv",
            "r2,bo,Treasurer,Example Treasury,economy,1950-01-01,1952-06-15,certain,fixture,,",
            "r2,bo,Treasurer,Example Treasury,economy,1950-01-01,1952-06-15,certain,fixture,,See [@nowhere].",
        ),
        "roles.csv",
        3,
        "note",
        "note-citation",
    ),
    Case("a table missing", _remove("bodies.csv"), "bodies.csv", None, "", "file"),
    Case(
        "a descriptor that is not JSON",
        _bytes("datapackage.json", lambda b: b[:-40]),
        "datapackage.json",
        None,
        "",
        "json",
    ),
    Case(
        "a column named twice",
        _edit("roles.csv", "role_id,person_id,role,", "role_id,person_id,person_id,"),
        "roles.csv",
        1,
        "person_id",
        "header",
    ),
    Case("a blank row", _edit("votes.csv", "e1,bo,no", "\ne1,bo,no"), "votes.csv", 3, "", "blank-row"),
    Case(
        "a variant of a row that does not exist",
        lambda f: (f / "variants.csv").write_text(
            "variant_id,table,row_id,field,value,source_id\nv1,memberships,m9,end_date,1952,fixture\n",
            encoding="utf-8",
        ),
        "variants.csv",
        2,
        "row_id",
        "variant-row",
    ),
    Case(
        "a descriptor whose resource lost its path",
        _descriptor(lambda d: d["resources"][2].pop("path")),
        "datapackage.json",
        None,
        "resources[2] (persons)",
        "descriptor",
    ),
]


def table() -> str:
    """The catalog with the validator's message for each case, as a Markdown table."""
    import shutil
    import tempfile

    from analysis.validate import errors, validate
    from tests.conftest import make_council

    lines = ["| what was done | file | row | column | rule | message |", "|---|---|---|---|---|---|"]
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            folder = make_council(Path(tmp) / "council")
            case.change(folder)
            found = [p for p in errors(validate(folder)) if p.rule == case.rule]
            message = found[0].message if found else "(not found)"
            shutil.rmtree(folder)
        cells = [case.name, case.file, str(case.row or ""), case.column, case.rule, message.replace("|", "/")]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
