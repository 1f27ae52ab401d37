"""A compendium project on disk: where its book, configuration and lock are, given its root.

The root is passed in (the command line's --root, by default the current directory), never
found from where the package is installed, so the package works the same installed or editable.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DESCRIPTOR = "datapackage.json"


class ProjectError(Exception):
    """The folder is not a compendium project; the message says what is missing."""


@dataclass(frozen=True)
class Project:
    """The files of a compendium project below its root."""

    root: Path

    def __post_init__(self):
        object.__setattr__(self, "root", Path(self.root).resolve())

    @property
    def book(self) -> Path:
        """The folder of the chapter templates."""
        return self.root / "book"

    @property
    def data(self) -> Path:
        """The project's own dataset (the default --data)."""
        return self.root / "data"

    @property
    def config(self) -> Path:
        return self.root / "_config.yml"

    @property
    def toc(self) -> Path:
        return self.root / "_toc.yml"

    @property
    def static(self) -> Path:
        return self.root / "_static"

    @property
    def citation(self) -> Path:
        return self.root / "CITATION.cff"

    @property
    def lock(self) -> Path:
        return self.root / "requirements.lock"

    @property
    def work(self) -> Path:
        """Where builds keep their cache and stage (the default, _build/)."""
        return self.root / "_build"

    def check(self) -> Project:
        """Raise ProjectError unless the root holds a book: _config.yml, _toc.yml and book/."""
        missing = [p.name for p in (self.config, self.toc, self.book) if not p.exists()]
        if missing:
            raise ProjectError(
                f"{self.root} is not a compendium project (no {', '.join(missing)}): "
                "run from the project's root or pass --root"
            )
        return self
