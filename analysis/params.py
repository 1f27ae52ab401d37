"""The parameters of a page: one typed record, read by the build to plan and by chapters to set up.

Every template's `parameters` cell is written from this record (`cell`), a test checks that it
still is, and `papermill --help-notebook book/<template>.md` shows each parameter's meaning. An
empty value is settled from the data by `settle`, the same way for the build and for a notebook
run by hand.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields

from . import dates
from .load import Dataset
from .scope import scope

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PAGE_DAYS = 32  # at most this many dated pages by default


@dataclass(frozen=True)
class Param:
    """One page parameter: its type, its default in a template, its meaning, how empty is settled."""

    name: str
    type: str  # the annotation in the parameters cell: str or list
    default: object  # as written in a template's parameters cell ("{stem}": the template's name)
    meaning: str  # the comment beside it, shown by papermill --help-notebook
    empty: str  # how an empty value is settled from the data (shown by the build's --help)
    option: str | None = None  # the build's command-line option that sets it


PARAMS: dict[str, Param] = {
    p.name: p
    for p in (
        Param(
            "data_dir",
            "str",
            "../data",
            "a folder that meets the data contract: datapackage.json and its tables",
            "required",
            "--data",
        ),
        Param(
            "body",
            "str",
            "",
            "the body studied: a body_id, or several joined by commas for a series of bodies",
            "the body the descriptor's coverage names, else the body with the most spells",
            "--body",
        ),
        Param(
            "period_start",
            "str",
            "",
            "the first day of the period studied, YYYY-MM-DD",
            "the coverage's start, else the body's first spell or vote",
            "--start",
        ),
        Param(
            "period_end",
            "str",
            "",
            "the last day of the period studied, YYYY-MM-DD",
            "the coverage's end, else the body's last change or vote",
            "--end",
        ),
        Param(
            "snapshot_dates",
            "list",
            [],
            "the days that have a page of their own, YYYY-MM-DD",
            f"the period's first day, the days with a documented vote and the days on which the "
            f"composition changed most (at most {PAGE_DAYS})",
            "--dates",
        ),
        Param(
            "focus_date",
            "str",
            "",
            "the day the page is about, YYYY-MM-DD",
            "the middle one of the days that have a page of their own",
            "--focus",
        ),
        Param(
            "person_ids",
            "list",
            [],
            "the persons who have a page of their own (person_id)",
            "every person in the data",
            "--people",
        ),
        Param(
            "person_id",
            "str",
            "",
            "the person the page is about (a person_id of persons.csv)",
            "the first of the persons who have a page of their own",
        ),
        Param(
            "page_id",
            "str",
            "{stem}",
            "the page's name; its cards' files go to _static/figures/<page_id>/",
            "the template's name",
        ),
    )
}


class ParamError(ValueError):
    """A parameter's value is not allowed; names the parameter."""

    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name, self.message = name, message

    def for_command_line(self) -> str:
        """The message with the build's option in place of the parameter's name."""
        return f"{PARAMS[self.name].option or self.name}: {self.message}"


@dataclass(frozen=True)
class Settled:
    """Every page parameter with its value settled, and what the data says of the body."""

    data_dir: str
    body: str
    period_start: str
    period_end: str
    snapshot_dates: tuple[str, ...]
    focus_date: str
    person_ids: tuple[str, ...]
    person_id: str
    page_id: str
    body_ids: tuple[str, ...] = field(default=(), compare=False)
    body_name: str = field(default="", compare=False)

    def values(self, names) -> dict:
        """The parameters of these names, as a template's parameters cell takes them."""
        out = {}
        for name in names:
            value = getattr(self, name)
            out[name] = list(value) if isinstance(value, tuple) else value
        return out


def _empty(value) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


def _day(name: str, value) -> str:
    if not isinstance(value, str):
        raise ParamError(name, f"{value!r} is not a date written YYYY-MM-DD")
    try:
        dates.to_day(value)
    except ValueError as exc:
        raise ParamError(name, str(exc)) from None
    return value


def settle(ds: Dataset, given: dict, need_lists: bool = True) -> Settled:
    """Fill each empty parameter from the data and check every given one (ParamError names the first
    that is wrong). need_lists=False leaves the lists of pages (snapshot_dates, person_ids) empty
    unless the page's own day or person needs them."""
    unknown = sorted(set(given) - set(PARAMS))
    if unknown:
        raise ParamError(unknown[0], f"not a page parameter (known: {', '.join(PARAMS)})")
    data_dir = given.get("data_dir") or str(ds.data_dir)
    try:
        found = scope(ds, given.get("body") or None)
    except ValueError as exc:
        raise ParamError("body", str(exc)) from None
    if not found.start:
        raise ParamError("body", f"{found.body!r} has no memberships or votes to make a book from")
    start = _day("period_start", given.get("period_start") or found.start)
    end = _day("period_end", given.get("period_end") or found.end)
    if dates.to_day(end) < dates.to_day(start):
        raise ParamError("period_end", f"{end} is before the period's start, {start}")
    days = given.get("snapshot_dates")
    if isinstance(days, str):
        days = [days]
    focus = given.get("focus_date")
    if _empty(days) and (need_lists or _empty(focus)):
        from .queries import default_snapshot_days

        days = default_snapshot_days(ds, found.body, start, end, limit=PAGE_DAYS)
    days = tuple(_day("snapshot_dates", d) for d in (days or ()))
    if _empty(focus):
        focus = days[len(days) // 2] if days else start
    people = given.get("person_ids")
    people = [people] if isinstance(people, str) else list(people or ())
    known = list(ds.persons["person_id"])
    for person in people:
        if person not in set(known):
            raise ParamError("person_ids", f"{person!r} is not a person_id of persons.csv")
    person = given.get("person_id") or ""
    if person and person not in set(known):
        raise ParamError("person_id", f"{person!r} is not a person_id of persons.csv")
    if not people and (need_lists or not person):
        people = known
    person = person or (people[0] if people else "")
    page_id = given.get("page_id") or "page"
    if not SLUG_RE.match(str(page_id)):
        raise ParamError("page_id", f"{page_id!r}: use lowercase letters, digits and hyphens")
    return Settled(
        data_dir=str(data_dir),
        body=found.body,
        period_start=start,
        period_end=end,
        snapshot_dates=days,
        focus_date=_day("focus_date", focus),
        person_ids=tuple(people),
        person_id=person,
        page_id=page_id,
        body_ids=tuple(found.body_ids),
        body_name=found.name,
    )


def cell(names, stem: str) -> str:
    """The source of a parameters cell declaring these parameters, as every template must have it."""
    lines = []
    for name in names:
        p = PARAMS[name]
        default = p.default.format(stem=stem) if isinstance(p.default, str) else p.default
        lines.append(f"{name}: {p.type} = {json.dumps(default)}  # {p.meaning}")
    return "\n".join(lines)


def names() -> list[str]:
    """The parameters in the record's order."""
    return [f.name for f in fields(Settled) if f.name in PARAMS]
