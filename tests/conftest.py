"""Shared fixtures: the fictional Example Council dataset, copied into tmp_path, and its book."""

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import yaml

from analysis.project import Project

ROOT = Path(__file__).resolve().parent.parent
PROJECT = Project(ROOT)
DATA = PROJECT.data
FIXTURE = ROOT / "tests" / "fixtures" / "council"
BASE = "https://example.org/council"  # a site's address, for the published editions
DOI = "10.5281/zenodo.0000000"
REPO = "https://github.com/example/politburo-compendium"


def make_council(target: Path) -> Path:
    """Copy the fixture's tables beside the project's descriptor (without its coverage)."""
    target.mkdir(parents=True, exist_ok=True)
    for path in FIXTURE.glob("*.csv"):
        shutil.copy(path, target / path.name)
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    descriptor.pop("coverage", None)
    descriptor["name"] = "example-council"
    descriptor["title"] = "The Example Council (a test fixture)"
    (target / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return target


@pytest.fixture
def council(tmp_path) -> Path:
    """A fresh copy of the fixture dataset, free to break."""
    return make_council(tmp_path / "council")


@pytest.fixture(scope="session")
def council_book(tmp_path_factory):
    """The fixture's book, built once: (data dir, work dir, html dir)."""
    from analysis.build import build

    base = tmp_path_factory.mktemp("council-book")
    data = make_council(base / "data")
    html = build(PROJECT, data, base / "html", work=base / "work", jobs=2)
    return data, base / "work", html


@pytest.fixture(scope="session")
def shipped_book(tmp_path_factory):
    """The shipped dataset's book, built once for every test that reads it: (work dir, html dir).

    A developer who has just built the book may point SHIPPED_BOOK at it (its html folder, inside the
    work folder of its build, as `make book` leaves them) to test it without building it again."""
    import os

    from analysis.build import build

    given = os.environ.get("SHIPPED_BOOK")
    if given:
        html = Path(given).resolve()
        assert (html / "book" / "index.html").is_file(), f"SHIPPED_BOOK={given}: not a built book"
        return html.parent, html
    base = tmp_path_factory.mktemp("shipped-book")
    html = build(PROJECT, DATA, base / "html", work=base / "work", jobs=2)
    return base / "work", html


def visible_text(path: Path) -> str:
    """What a reader sees of an HTML page's article: its text without tags, scripts or styles."""
    import html as html_lib
    import re

    page = path.read_text(encoding="utf-8")
    start = page.find("<main")
    page = page[start:] if start >= 0 else page
    for tag in ("script", "style", "svg", "template"):
        page = re.sub(rf"<{tag}\b.*?</{tag}>", " ", page, flags=re.S | re.I)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def edit_csv(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV (row counted as in the validator: the header is row 1)."""
    import csv

    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0].keys())
    rows[row - 2][column] = value
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _project_copy(target: Path, version: str, released: str) -> Project:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("_config.yml", "_toc.yml", "requirements.lock"):
        shutil.copy2(ROOT / name, target / name)
    for folder in ("book", "essays", "_static"):
        shutil.copytree(
            ROOT / folder, target / folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("figures")
        )
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    cff.update({"version": version, "date-released": released, "doi": DOI, "repository-code": REPO})
    (target / "CITATION.cff").write_text(
        yaml.safe_dump(cff, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return Project(target)


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The council's book published twice, as editions 0.2.0 and 0.3.0 of one site, with an
    address, a DOI and a repository."""
    from analysis.publish import publish_edition

    base = tmp_path_factory.mktemp("site")
    data = make_council(base / "data")
    site = base / "site"
    project = _project_copy(base / "project", "0.2.0", "2026-11-25")
    publish_edition(project, data, site, base_url=BASE)
    before = _tree_digest(site / "v0.2.0")
    project = _project_copy(base / "project", "0.3.0", "2026-12-01")
    publish_edition(project, data, site, base_url=BASE + "/")
    return {"site": site, "data": data, "project": project, "old_digest": before}
