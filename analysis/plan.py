"""The build plan: the book's scope settled from the data, and the runs (template x parameters)
that make its pages; essays whose requirements the data does not meet are left out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import dates
from .load import Dataset
from .params import Settled, settle
from .project import Project
from .templates import EACH, Template, TemplateError, book_templates

STAGED_DATA = "../data"  # the data as the notebooks see it: a copy beside the book's folders


@dataclass(frozen=True)
class Run:
    """One execution of a template with its parameters, making one page."""

    template: Template
    page: str
    parameters: dict = field(hash=False)
    title: str  # the page's title: the template's heading, or one made from the run's value

    @property
    def folder(self) -> str:
        """The page's folder in the book (book/ or essays/)."""
        return self.template.folder


@dataclass(frozen=True)
class Plan:
    """What a build makes: the book's settled parameters and title, its runs in reading order, and
    the templates left out with the reason."""

    settled: Settled
    title: str
    runs: tuple[Run, ...]
    left_out: tuple[tuple[Template, str], ...] = ()


def slug(value: str) -> str:
    """A value as part of a page's name: lowercase letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")


def person_page(person_id: str) -> str:
    """The page of one person."""
    return f"person-{slug(person_id)}"


def page_name(template: Template, value: str) -> str:
    """The page a template makes for one value of its `each` parameter."""
    if template.each == "person_id":
        return person_page(value)
    return f"{template.stem}-{slug(value)}"


def page_title(ds: Dataset, each: str, value: str) -> str:
    """The title of the page a template makes for one value of its `each` parameter."""
    if each == "focus_date":
        return f"On {dates.label(value)}"
    if each == "person_id":
        names = ds.persons.set_index("person_id")["name"]
        return str(names.get(value, value))
    return value


def missing(ds: Dataset, requires: dict) -> list[str]:
    """What a template requires that the data lacks: 'table id' for each absent row, and 'table with
    column value' where no row has the value."""
    keys = {}
    for resource in ds.descriptor["resources"]:
        pk = resource["schema"].get("primaryKey")
        if isinstance(pk, list) and len(pk) == 1:
            pk = pk[0]
        if isinstance(pk, str):
            keys[resource["name"]] = pk
    lacking = []
    for table, ids in requires.items():
        if isinstance(ids, dict):
            frame = ds.tables.get(table)
            for column, values in ids.items():
                if frame is None or column not in frame or not frame[column].isin(values).any():
                    lacking.append(f"{table} with {column} {' or '.join(map(str, values))}")
            continue
        if table not in keys:
            raise TemplateError(f"requires: {table!r} is not a table with a one-column primary key")
        present = set(ds.tables[table][keys[table]].dropna())
        lacking += [f"{table} {i}" for i in ids if i not in present]
    return lacking


def plan(project: Project, ds: Dataset, given: dict) -> Plan:
    """Settle the parameters from the data (ParamError names a bad one) and list every run."""
    settled = settle(ds, {k: v for k, v in given.items() if v not in (None, "", [], ())})
    title = ds.descriptor.get("title") or f"The {settled.body_name}"
    runs, left_out = [], []
    for template in book_templates(project.toc, project.root):
        lacking = missing(ds, template.requires)
        if lacking:
            left_out.append((template, "the data lacks " + ", ".join(lacking)))
            continue
        base = settled.values(template.declared) | {"data_dir": STAGED_DATA}
        if template.each is None:
            runs.append(Run(template, template.stem, base | {"page_id": template.stem}, template.heading))
            continue
        for value in settled.values([EACH[template.each]])[EACH[template.each]]:
            page = page_name(template, value)
            parameters = base | {template.each: value, "page_id": page}
            runs.append(Run(template, page, parameters, page_title(ds, template.each, value)))
    pages = [r.page for r in runs]
    clashes = sorted({p for p in pages if pages.count(p) > 1})
    if clashes:
        raise TemplateError(
            f"two runs would make the same page: {', '.join(clashes)} (ids that differ "
            "only in case or punctuation)"
        )
    return Plan(settled, title, tuple(runs), tuple(left_out))
