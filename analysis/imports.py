"""Imports: tables published by other projects, turned into the contract's rows (`make data`).

Each import reads a snapshot kept under ``data/imports/<name>/`` (the raw table as published, and
``snapshot.json``: where it came from, its SHA-256 and how to cite it), checks the checksum, and
rewrites the rows it owns in the dataset's tables. The rows it owns are known by their identifier's
prefix; every other row (curated by hand) is kept as it is, in its place. Running it twice gives
the same bytes, and a test checks that the shipped tables are what the import makes.

The one import today is the Stalin lists: the lists of people to be sentenced by the Military
Collegium that the NKVD sent up in 1937-1938 and that members of the Politburo approved by signing
them (RGASPI f. 17, op. 171), as tabulated by Memorial's database. One vote event is made per list,
and one vote per member of the Politburo on the list's date: ``yes`` where the list bears the
member's signature, ``not_voting`` where it does not. No name of a person on the lists is read.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import dates
from .load import SIGNATURE

IMPORTS_DIR = "imports"
LISTS = "stalin_lists"
EVENT_PREFIX = "list_"
BODY = "politburo"
SOURCE = "memorial_stalin_lists"
VARIANT_COLUMNS = [
    "variant_id",
    "table",
    "row_id",
    "field",
    "value",
    "source_id",
    "source_loc",
    "note",
    "curator_note",
]

# The database's signature columns, and whose signature each records.
SIGNERS = {
    "signstalin": ("stalin", "Сталин"),
    "signmolotov": ("molotov", "Молотов"),
    "signjdanov": ("zhdanov", "Жданов"),
    "signkaganovic": ("kaganovich", "Каганович"),
    "signvoroshilov": ("voroshilov", "Ворошилов"),
    "signmikoyan": ("mikoyan", "Микоян"),
    "signejov": ("ezhov", "Ежов"),
    "signkosior": ("kosior", "Косиор"),
}
# The files (дела) of op. 171 that hold the lists sent up for signature in 1937-1938; the other
# rows of the table are covering notes of 1954 and lists of 1940-1950 that bear no signature.
LIST_FILES = {str(n) for n in range(409, 420)}
MONTHS = {
    "января": 1,
    "февраля": 2,
    "марта": 3,
    "апреля": 4,
    "мая": 5,
    "июня": 6,
    "июля": 7,
    "августа": 8,
    "сентября": 9,
    "октября": 10,
    "ноября": 11,
    "декабря": 12,
}
DAY_RE = re.compile(r"(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})")
MONTH_RE = re.compile(r"(" + "|".join(MONTHS) + r")\s+(\d{4})")


class ImportError_(Exception):
    """A snapshot that cannot be imported: names the file, the row, the column and the rule."""


@dataclass(frozen=True)
class Snapshot:
    folder: Path
    meta: dict
    rows: list[dict]


def read_snapshot(data_dir: Path, name: str) -> Snapshot:
    """The raw table of an import, after checking it against the checksum it was stored with."""
    folder = Path(data_dir) / IMPORTS_DIR / name
    meta_path = folder / "snapshot.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ImportError_(f"{meta_path}: missing (the snapshot's description and checksum)") from exc
    table = folder / meta["file"]
    raw = table.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != meta["sha256"]:
        raise ImportError_(
            f"{table}: sha256 {digest} is not the {meta['sha256']} recorded in {meta_path}: "
            "the snapshot was changed; restore it, or record a new snapshot with its citation"
        )
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    missing = [c for c in meta["columns"] if rows and c not in rows[0]]
    if missing:
        raise ImportError_(f"{table}: row 1: columns {missing} are missing (the import reads them)")
    return Snapshot(folder, meta, rows)


def list_date(row: dict, line: int, where: str) -> tuple[str, str, str]:
    """The list's date as the contract writes it, its certainty, and a reader's remark on it.

    The date the list bears (``datetext``) comes first. Where it names a month but no day, the
    date is the month; the database's ``adate`` then holds a day the list does not bear. A list
    with no date of its own takes the database's date, marked inferred."""
    text, adate = row["datetext"].strip(), row["adate"].strip()
    m = DAY_RE.search(text)
    if m:
        day, month, year = int(m.group(1)), MONTHS[m.group(2)], int(m.group(3))
        value = f"{year:04d}-{month:02d}-{day:02d}"
        dates.parse_bounds(value)
        return value, "certain", ""
    m = MONTH_RE.search(text)
    if m:
        value = f"{int(m.group(2)):04d}-{MONTHS[m.group(1)]:02d}"
        return value, "certain", "The list bears a month but no day."
    if adate and not adate.startswith("0000"):
        try:
            dates.parse_bounds(adate)
        except ValueError as exc:
            raise ImportError_(f"{where}: row {line}: column adate: rule date: {exc}") from exc
        return adate, "inferred", "The list bears no date; the date is the one the database assigns it."
    return "", "", ""


def _spells(memberships: list[dict]) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for m in memberships:
        if m["body_id"] != BODY or not m["start_date"]:
            continue
        start = dates.parse_bounds(m["start_date"])[0]
        end = dates.parse_bounds(m["end_date"])[1] if m["end_date"] else None
        out.setdefault(m["person_id"], []).append((start, end, m["membership_type"]))
    return out


def _member_all_along(spells: list[tuple], first, last) -> str | None:
    """'full' or 'candidate' when a spell covers the whole period a date names; else None."""
    for start, end, kind in spells:
        if start <= first and (end is None or last < end):
            return kind
    return None


def _member_at_all(spells: list[tuple], first, last) -> bool:
    return any(start <= last and (end is None or first < end) for start, end, _ in spells)


def _offices(roles: list[dict]) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for r in roles:
        if r["start_date"]:
            start = dates.parse_bounds(r["start_date"])[0]
            end = dates.parse_bounds(r["end_date"])[1] if r["end_date"] else None
            out.setdefault(r["person_id"], []).append((start, end, r["role"]))
    return out


def lists_rows(
    snapshot: Snapshot, memberships: list[dict], roles: list[dict]
) -> tuple[list[dict], list[dict], list[dict], list[str]]:
    """The vote events, votes and differing readings made from the Stalin lists, and the import's
    remarks."""
    where = str(snapshot.folder / snapshot.meta["file"])
    spells = _spells(memberships)
    offices = _offices(roles)
    events, votes, variants, remarks = [], [], [], []
    for line, row in enumerate(snapshot.rows, start=2):
        if row["reallist"] != "1" or row["ed_hr"] not in LIST_FILES:
            continue
        date, certainty, date_remark = list_date(row, line, where)
        ident = f"RGASPI f. {row['fond']}, op. {row['opis']}, d. {row['ed_hr']}, list {row['listnum']}"
        if not date:
            remarks.append(f"{ident} (table row {line}): no date on the list or in the database; left out")
            continue
        first, last = dates.parse_bounds(date)
        event_id = f"{EVENT_PREFIX}{int(row['ed_hr']):03d}_{int(row['listnum']):02d}"
        signed_text = row["politsigns"].strip()
        pages = row["page1"] if row["page1"] == row["page2"] else f"{row['page1']}-{row['page2']}"
        note = [
            "A list of people to be tried by the Military Collegium, approved by the signatures of members "
            f"of the Politburo on its cover [@{SOURCE}]."
        ]
        if date_remark:
            note.append(date_remark)
        if signed_text:
            note.append(f"The database transcribes the cover's resolution and signatures as «{signed_text}».")
        events.append(
            {
                "event_id": event_id,
                "body_id": BODY,
                "date": date,
                "identifier": f"{ident} (sheets {pages})",
                "title": "Approval of a sentencing list sent up by the NKVD",
                "procedure": SIGNATURE,
                "result": "adopted",
                "count_yes": "",
                "count_no": "",
                "count_abstain": "",
                "certainty": certainty,
                "source_id": SOURCE,
                "source_loc": f"table lists, listid {row['listid']}; {ident}, sheets {pages}",
                "note": " ".join(note),
                "curator_note": (
                    f"Imported by `make data` from data/imports/{LISTS} (listid {row['listid']}; "
                    f"datetext {row['datetext']!r}, adate {row['adate']!r}). "
                    f"The archive's description: {row['listtitle']!r}."
                ),
            }
        )
        signed = {SIGNERS[c][0]: row[c] == "1" for c in SIGNERS}
        in_text = {SIGNERS[c][0]: SIGNERS[c][1] in signed_text for c in SIGNERS}
        people = {p for p, yes in signed.items() if yes}
        people |= {p for p, s in spells.items() if _member_all_along(s, first, last)}
        for person in sorted(people):
            kind = _member_all_along(spells.get(person, []), first, last)
            yes = signed.get(person, False)
            tracked = person in signed
            row_note, position_certainty = [], ""
            if yes and not _member_at_all(spells.get(person, []), first, last):
                held = offices.get(person, [])
                held = [r for s, e, r in held if s <= first and (e is None or last <= e)]
                row_note.append(
                    "Signed although not a member or candidate member of the Politburo on that date"
                    + (f"; the offices recorded for that date: {'; '.join(held)}." if held else ".")
                )
            if tracked and in_text[person] != yes and signed_text:
                position_certainty = "disputed"
                variants.append(
                    {
                        "variant_id": f"{event_id}.{person}.position",
                        "table": "votes",
                        "row_id": f"{event_id}/{person}",
                        "field": "position",
                        "value": "not_voting" if yes else "yes",
                        "source_id": SOURCE,
                        "source_loc": f"table lists, listid {row['listid']}, column politsigns",
                        "note": "The database's transcription of the cover's signatures reads otherwise than "
                        "its signature marks.",
                        "curator_note": "Made by the import from the snapshot.",
                    }
                )
                row_note.append(
                    "Sources differ: the database's transcription of the cover names this signature, "
                    "but its signature mark for the list is not set."
                    if not yes
                    else "Sources differ: the database marks this signature, but its transcription of the "
                    "cover does not name it."
                )
            if not tracked:
                position_certainty = "inferred"
                row_note.append(
                    f"The database has signature marks for {len(SIGNERS)} people only; its transcription "
                    "of this cover does not name this member."
                )
            votes.append(
                {
                    "event_id": event_id,
                    "person_id": person,
                    "position": "yes" if yes else "not_voting",
                    "raw_position": signed_text if yes else "",
                    "certainty": position_certainty,
                    "source_id": "",
                    "note": " ".join(row_note),
                    "curator_note": f"{'candidate member' if kind == 'candidate' else kind or 'not a member'}"
                    f" on {date}; signature column {'set' if yes else 'not set'}"
                    if tracked
                    else f"{kind} member on {date}; no signature column for this person",
                }
            )
    return events, votes, variants, remarks


def _read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _csv_bytes(header: list[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in header})
    return buffer.getvalue().encode("utf-8")


def run(data_dir: str | Path, out_dir: str | Path | None = None) -> list[str]:
    """Rerun every import over the tables of data_dir; write the tables to out_dir (default: in
    place). Returns the import's remarks (rows left out and why)."""
    data_dir = Path(data_dir)
    out_dir = Path(out_dir) if out_dir else data_dir
    snapshot = read_snapshot(data_dir, LISTS)
    _, memberships = _read_csv(data_dir / "memberships.csv")
    _, roles = _read_csv(data_dir / "roles.csv")
    events, votes, variants, remarks = lists_rows(snapshot, memberships, roles)
    for table, key, new in (
        ("vote_events", "event_id", events),
        ("votes", "event_id", votes),
        ("variants", "variant_id", variants),
    ):
        path = data_dir / f"{table}.csv"
        header, rows = _read_csv(path) if path.is_file() else (VARIANT_COLUMNS, [])
        kept = [r for r in rows if not r[key].startswith(EVENT_PREFIX)]
        data = _csv_bytes(header, kept + new)
        target = out_dir / f"{table}.csv"
        if not target.is_file() or target.read_bytes() != data:
            tmp = target.with_suffix(".csv.tmp")
            tmp.write_bytes(data)
            tmp.replace(target)
    return remarks
