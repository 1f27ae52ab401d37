"""The book's templates: MyST Markdown notebooks (jupytext) that the build runs to make pages.

`_toc.yml` says which templates make the book and in what order: a `file: book/<stem>` entry is a
template run once; a `glob: book/<stem>-*` entry collects the pages of a template run once per
value of a parameter, which the template names in its front matter:

    compendium:
      each: focus_date        # one page per day in snapshot_dates, named <stem>-<day>
      requires:               # an essay: left out of the book when the data lacks any of these
        persons: [stalin, molotov]

A template declares in its `parameters` cell only the parameters (analysis.params) it uses.
Generic chapters live in book/; essays about one body, which other datasets may lack, in essays/.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .params import PARAMS

EACH = {  # a per-value parameter -> the parameter listing its values
    "focus_date": "snapshot_dates",
    "person_id": "person_ids",
}


class TemplateError(Exception):
    """A template or the table of contents is malformed; the message names the file."""


@dataclass(frozen=True)
class Template:
    """One template: its name, heading, declared parameters and how often it runs."""

    stem: str
    path: Path
    heading: str
    declared: tuple[str, ...]
    each: str | None = None
    digest: str = field(default="", compare=False)
    folder: str = "book"  # where its pages go, relative to the book's root
    requires: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def source(self) -> str:
        """The template's path in the project, for readers and messages."""
        return f"{self.folder}/{self.path.name}"

    def read(self):
        """The template as a notebook (nbformat), for papermill."""
        import jupytext

        return jupytext.read(self.path)


def parameters_cell(notebook):
    """The cell tagged `parameters`, or None."""
    for cell in notebook.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return cell
    return None


def declared_parameters(notebook) -> dict[str, dict]:
    """The parameters a notebook's parameters cell declares, as papermill reads them (name -> info)."""
    import logging

    import papermill

    logging.getLogger("papermill").setLevel(logging.WARNING)  # it logs each notebook it opens
    return dict(papermill.inspect_notebook(notebook))


def read_template(path: Path) -> Template:
    """Read a template and check what the build relies on: a heading, known parameters, `each`."""
    import jupytext

    path = Path(path)
    notebook = jupytext.read(path)
    where = f"{path.parent.name}/{path.name}"
    if parameters_cell(notebook) is None:
        raise TemplateError(f"{where}: no cell tagged 'parameters'")
    declared = tuple(declared_parameters(notebook))
    unknown = [n for n in declared if n not in PARAMS]
    if unknown:
        raise TemplateError(f"{where}: parameters {', '.join(unknown)} are not in analysis.params.PARAMS")
    for required in ("data_dir", "page_id"):
        if required not in declared:
            raise TemplateError(f"{where}: the parameters cell must declare {required}")
    headings = [_H1.search(c.source) for c in notebook.cells if c.cell_type == "markdown"]
    heading = next((m.group(1) for m in headings if m), None)
    if not heading:
        raise TemplateError(f"{where}: no '# ' heading to title the page")
    meta = notebook.metadata.get("compendium", {})
    each = meta.get("each")
    if each is not None and (each not in EACH or each not in declared):
        raise TemplateError(f"{where}: 'each: {each}' must name a declared parameter of {sorted(EACH)}")
    requires = meta.get("requires", {}) or {}
    if not isinstance(requires, dict) or not all(_requirement(v) for v in requires.values()):
        raise TemplateError(
            f"{where}: 'requires' must map table names to lists of their ids, or to a column and the "
            "values one of its rows must have ({procedure: [signature]})"
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Template(path.stem, path, heading.strip(), declared, each, digest, path.parent.name, requires)


def _requirement(value) -> bool:
    """A list of ids, or {column: [values]}: some row must have one of the values."""
    if isinstance(value, list):
        return True
    return isinstance(value, dict) and all(isinstance(v, list) for v in value.values())


_H1 = re.compile(r"^# (.+)$", re.M)


def book_entries(toc: Path) -> list[tuple[str, str]]:
    """The toc's entries in reading order: ('file', 'book/x') or ('glob', 'book/x-*')."""
    data = yaml.safe_load(Path(toc).read_text(encoding="utf-8"))
    found = [("file", data["root"])]

    def walk(items):
        for item in items or []:
            for kind in ("file", "glob"):
                if kind in item:
                    found.append((kind, item[kind]))
            walk(item.get("sections"))
            walk(item.get("chapters"))

    walk(data.get("parts"))
    walk(data.get("chapters"))
    walk(data.get("sections"))
    return found


def book_templates(toc: Path, root: Path) -> list[Template]:
    """The templates the toc names (paths relative to the book's root), in its order, each checked."""
    templates = []
    for kind, entry in book_entries(toc):
        if kind == "glob":
            if not entry.endswith("-*"):
                raise TemplateError(f"{toc.name}: glob {entry!r} must have the form <folder>/<template>-*")
            template = read_template(root / f"{entry[:-2]}.md")
            if template.each is None:
                raise TemplateError(
                    f"{template.source}: the toc collects its pages ({entry}), so its front matter "
                    "must say compendium: each: <parameter>"
                )
        else:
            path = root / f"{entry}.md"
            if not path.is_file():
                raise TemplateError(f"{toc.name}: {entry} has no template {entry}.md")
            template = read_template(path)
            if template.each is not None:
                raise TemplateError(f"{toc.name}: {entry} runs once per {template.each}: list it as a glob")
        templates.append(template)
    return templates


def parameter_drift(path: Path) -> list[str]:
    """How a template's parameters cell differs from the record (analysis.params): [] if it does not."""
    import jupytext

    from .params import cell

    path = Path(path)
    found = parameters_cell(jupytext.read(path))
    if found is None:
        return [f"{path.parent.name}/{path.name}: no cell tagged 'parameters'"]
    declared = [line.split(":")[0].strip() for line in found.source.splitlines() if line.strip()]
    unknown = [n for n in declared if n not in PARAMS]
    if unknown:
        return [f"{path.parent.name}/{path.name}: {n} is not a parameter of the record" for n in unknown]
    want = cell(declared, path.stem).splitlines()
    have = found.source.strip().splitlines()
    return [
        f"{path.parent.name}/{path.name}: parameters cell line {i + 1} is {h!r}; the record makes it {w!r}"
        for i, (h, w) in enumerate(zip(have, want, strict=True))
        if h != w
    ]
