"""The execution cache: an executed page is kept under a hash of everything it depends on.

A page depends on its template, its parameters (and title), the data, the `analysis` package's
code and the locked environment; not on the commit, the version or the book's address, which the
site's assembly fills in (analysis.citations). The last inputs of each page are kept too, so that
the build can say why a page ran again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .load import data_fingerprint
from .project import Project

REASONS = {
    "template": "its template changed",
    "parameters": "its parameters changed",
    "data": "the data changed",
    "code": "the analysis code changed",
    "environment": "the locked environment changed",
}


@dataclass(frozen=True)
class Inputs:
    """The digests every run of one build shares: data, code, environment."""

    data: str
    code: str
    environment: str


def _digest_files(paths) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def code_digest() -> str:
    """SHA-256 of the analysis package's own source files, wherever it is installed."""
    package = Path(__file__).resolve().parent
    return _digest_files(sorted(package.glob("*.py")))


def environment_digest(project: Project) -> str:
    """SHA-256 of the lock, or, without one, of the installed distributions and their versions."""
    if project.lock.is_file():
        return _digest_files([project.lock])
    from importlib.metadata import distributions

    pins = sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions())
    return hashlib.sha256("\n".join(pins).encode()).hexdigest()


def inputs(project: Project, data_dir: Path) -> Inputs:
    """The shared inputs of a build, computed once."""
    return Inputs(data_fingerprint(data_dir), code_digest(), environment_digest(project))


def digests(run, shared: Inputs) -> dict[str, str]:
    """What one run depends on, component by component."""
    params = json.dumps([run.parameters, run.title], sort_keys=True).encode()
    return {
        "template": run.template.digest,
        "parameters": hashlib.sha256(params).hexdigest(),
        "data": shared.data,
        "code": shared.code,
        "environment": shared.environment,
    }


class Cache:
    """Executed pages (notebook and figure files) by key, and each page's last inputs."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @staticmethod
    def key(parts: dict[str, str]) -> str:
        """The cache key of a run's digests."""
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]

    def entry(self, parts: dict[str, str]) -> Path:
        return self.folder / self.key(parts)

    def hit(self, parts: dict[str, str]) -> Path | None:
        """The cached copy of a run with these inputs, if there is one."""
        entry = self.entry(parts)
        return entry if (entry / "page.ipynb").is_file() else None

    def why(self, page: str, parts: dict[str, str]) -> str:
        """Why a page must run: what changed since its last run, or that it never ran here."""
        path = self.folder / "pages" / f"{page}.json"
        if not path.is_file():
            return "not built here before"
        last = json.loads(path.read_text(encoding="utf-8"))
        changed = [REASONS[k] for k in REASONS if last.get(k) != parts[k]]
        return ", ".join(changed) or "its cached copy is gone"

    def store(self, page: str, parts: dict[str, str], notebook: Path, figures: Path) -> None:
        """Keep an executed page (renamed into place whole) and remember its inputs."""
        entry = self.entry(parts)
        tmp = self.folder / f".{entry.name}.tmp{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        shutil.copy2(notebook, tmp / "page.ipynb")
        if figures.is_dir():
            shutil.copytree(figures, tmp / "figures")
        shutil.rmtree(entry, ignore_errors=True)
        tmp.rename(entry)
        self.remember(page, parts)

    def remember(self, page: str, parts: dict[str, str]) -> None:
        """Record the inputs a page was last made from."""
        pages = self.folder / "pages"
        pages.mkdir(parents=True, exist_ok=True)
        (pages / f"{page}.json").write_text(json.dumps(parts, indent=1, sort_keys=True), encoding="utf-8")
