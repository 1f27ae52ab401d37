"""The whole pipeline: every chapter executed by papermill on the fixture, a strict build, publishing."""

import hashlib
import shutil

import pytest

from analysis.build import BuildError, build
from analysis.execute import recorded
from analysis.project import Project

from .conftest import PROJECT, ROOT, edit_csv, make_council

pytestmark = pytest.mark.notebooks


def _copy_project(target):
    """A copy of the project's book sources (not its data or builds), free to change."""
    for name in ("_config.yml", "_toc.yml", "CITATION.cff", "requirements.lock"):
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    for name in ("book", "essays", "_static"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("figures"))
    return Project(target)


def _pages(work):
    return {p.stem: recorded(p) for p in (work / "stage" / "book").glob("*.ipynb")}


def test_every_chapter_records_the_fixture_numbers(council_book):
    _, work, _ = council_book
    pages = _pages(work)
    assert set(pages) == {
        "index",
        "dataset",
        "coverage",
        "membership",
        "snapshots",
        "roles",
        "votes",
        "signatures",
        "alignments",
        "snapshot-1950-01-01",
        "snapshot-1951-03-01",
        "snapshot-1951-05-10",
        "snapshot-1952-06-15",
        "bibliography",
        "people",
        "person-ada",
        "person-bo",
        "person-cy",
        "person-dee",
        "person-eve",
        "cite",
        "figures",
    }
    p = pages["people"]
    assert (p["n_people"], p["n_members"], p["n_executed"], p["n_unknown_fate"]) == (5, 5, 1, 3)
    cy = pages["person-cy"]
    assert (cy["n_spells"], cy["n_roles"], cy["n_votes"], cy["years_in_body"]) == (2, 1, 2, "1950 to 1953")
    assert pages["person-eve"]["n_votes"] == 0 and pages["person-eve"]["years_in_body"] == "from 1952 on"
    assert (pages["bibliography"]["n_sources"], pages["bibliography"]["n_cited"]) == (1, 1)
    m = pages["membership"]
    assert (m["n_persons"], m["n_spells"], m["min_total"], m["max_total"]) == (5, 6, 3, 4)
    s = pages["snapshot-1951-05-10"]
    assert (s["n_full"], s["n_candidate"], s["n_joined"], s["n_left"]) == (4, 0, 0, 0)
    s = pages["snapshot-1952-06-15"]
    assert (s["n_full"], s["n_candidate"], s["n_joined"], s["n_left"]) == (3, 1, 1, 1)
    assert (pages["votes"]["n_events"], pages["votes"]["n_votes"]) == (2, 8)
    assert (pages["alignments"]["n_pairs"], pages["alignments"]["max_shared"]) == (6, 2)
    # focus: the middle snapshot day, 1951-05-10: ada, bo, dee, and cy (his "1951" counts from 1 Jan)
    assert (pages["roles"]["n_members"], pages["roles"]["n_offices"]) == (4, 4)
    # ten tables declared, two of them (variants, published counts) absent from the fixture
    assert (pages["dataset"]["n_tables"], pages["dataset"]["n_rows"]) == (10, 34)
    d = pages["coverage"]
    assert (d["rows_persons"], d["rows_votes"], d["rows_memberships"]) == (5, 13, 6)
    # dates given: 18 to the day (one a session's, one the signed list's), 2 to the month (bo's birth,
    # dee's start), 4 to the year
    assert d["share_day_precise"] == pytest.approx(18 / 24)
    assert (d["n_variants"], d["n_published"]) == (0, 0)
    # the signed list e3: ada, cy and eve sign as members, bo after leaving; dee does not sign
    g = pages["signatures"]
    assert (g["n_documents"], g["n_signers"], g["n_asked"], g["n_never"]) == (1, 4, 5, 1)
    assert (g["n_outside"], g["n_outside_people"], g["busiest_count"]) == (1, 1, 1)
    assert (cy["n_asked"], cy["n_signed"]) == (1, 1) and pages["person-dee"]["n_signed"] == 0
    assert (d["n_decades"], d["n_gaps"]) == (1, 0)
    assert pages["snapshots"]["n_dates"] == 4


@pytest.mark.build
def test_strict_build_of_another_body_escapes_its_data(council_book):
    _, _, html = council_book
    page = (html / "book" / "membership.html").read_text(encoding="utf-8")
    assert "Example Council" in page
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    for name in ("snapshot-1952-06-15", "votes", "alignments", "dataset", "roles"):
        assert (html / "book" / f"{name}.html").is_file()
    assert (html / "_static" / "vega-bundle.js").stat().st_size > 500_000
    assert (html / "_static" / "figures" / "membership" / "membership-timeline.svg").is_file()
    assert "On 15 June 1952" in (html / "book" / "snapshot-1952-06-15.html").read_text()


def _tree_digest(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.mark.build
def test_a_failed_build_leaves_the_last_good_book(council_book, tmp_path):
    data, work, html = council_book
    before = _tree_digest(html)
    broken = make_council(tmp_path / "broken")
    edit_csv(broken / "votes.csv", 3, "position", "yes?")
    with pytest.raises(BuildError, match=r"votes.csv row 3, column position"):
        build(PROJECT, broken, html, work=work)
    with pytest.raises(BuildError, match=r"--dates: '1951-02-30' is not a calendar date"):
        build(PROJECT, data, html, work=work, given={"snapshot_dates": ["1951-02-30"]})
    project = _copy_project(tmp_path / "project")
    with open(project.book / "votes.md", "a", encoding="utf-8") as handle:
        handle.write('\n```{code-cell} ipython3\nraise RuntimeError("a researcher broke this page")\n```\n')
    with pytest.raises(BuildError, match=r"book/votes.md \(page votes\) failed .*a researcher broke"):
        build(project, data, html, work=work)
    assert _tree_digest(html) == before


@pytest.mark.build
def test_rebuild_is_cached_and_byte_identical(council_book, tmp_path):
    data, work, html = council_book
    figures = html / "_static" / "figures"
    before = {p.relative_to(figures): p.read_bytes() for p in figures.rglob("*") if p.is_file()}
    fresh = build(PROJECT, data, tmp_path / "html", work=tmp_path / "work")  # no cache: executes again
    again = fresh / "_static" / "figures"
    after = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert before == after


@pytest.mark.build
def test_strict_build_of_the_shipped_book(shipped_book):
    _, html = shipped_book
    pages = sorted(p.name for p in (html / "book").glob("*.html"))
    assert "snapshot-1927-06-20.html" in pages and "snapshot-1927-12-19.html" in pages
    votes = (html / "book" / "votes.html").read_text(encoding="utf-8")
    assert "20 June 1927" in votes and "in absentia" in votes
    membership = (html / "book" / "membership.html").read_text(encoding="utf-8")
    assert "Politburo (from October 1952 the Presidium)" in membership


def _cited(html, page="membership"):
    return (html / "book" / f"{page}.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_cached_pages_name_the_current_release_and_say_why_a_page_ran(council_book, tmp_path, capsys):
    data, work, _ = council_book
    project = _copy_project(tmp_path / "project")
    cff = project.citation.read_text(encoding="utf-8")
    project.citation.write_text(
        cff.replace("version: 0.2.0", "version: 9.9.9").replace(
            "The Politburo Compendium contributors", "A. New Author"
        ),
        encoding="utf-8",
    )
    with open(project.book / "votes.md", "a", encoding="utf-8") as handle:
        handle.write("\nA sentence added to one template.\n")
    capsys.readouterr()
    html = build(project, data, tmp_path / "html", work=work)
    log = capsys.readouterr().out
    assert "votes                          " in log and "executed (its template changed)" in log
    lines = [ln for ln in log.splitlines() if ln.startswith("  ")]
    assert sum("executed (" in ln for ln in lines) == 1
    assert sum(ln.endswith(" cached") for ln in lines) == 21  # the other pages come from the cache
    for page in ("membership", "votes", "snapshot-1952-06-15"):
        text = _cited(html, page)
        assert "(Version 9.9.9)" in text and "A. New Author" in text, page
        assert "Version 0.2.0" not in text and "Politburo Compendium contributors" not in text, page


@pytest.mark.build
def test_a_new_commit_executes_no_page_and_cites_itself(council_book, tmp_path, capsys):
    import subprocess

    data, work, _ = council_book
    project = _copy_project(tmp_path / "project")

    def git(*args):
        return subprocess.run(
            ["git", "-C", str(project.root), "-c", "user.name=t", "-c", "user.email=t@t", *args],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "one")
    build(project, data, tmp_path / "html1", work=work)
    (project.root / "README.md").write_text("A change that is not an input of any page.\n")
    git("add", ".")
    git("commit", "-q", "-m", "two")
    head = git("rev-parse", "HEAD")
    capsys.readouterr()
    html = build(project, data, tmp_path / "html2", work=work)
    log = capsys.readouterr().out
    assert "executed" not in log.replace("0 executed", "")
    assert f"commit <code>{head[:12]}</code>" in _cited(html)


@pytest.mark.build
def test_the_package_builds_a_book_when_installed_without_e(council_book, tmp_path):
    import os
    import subprocess
    import sys

    data, _, _ = council_book
    site = tmp_path / "site-packages"
    uv = [shutil.which("uv")] if shutil.which("uv") else ["python3", "-m", "uv"]  # as the Makefile
    source = tmp_path / "source"  # built from a copy, so that no build/ folder lands in the project
    shutil.copytree(ROOT / "analysis", source / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    subprocess.run(
        [
            *uv,
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--python",
            sys.executable,
            "--target",
            str(site),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    assert (site / "analysis" / "build.py").is_file()
    env = dict(os.environ, PYTHONPATH=str(site))
    where = subprocess.run(
        [sys.executable, "-c", "import analysis; print(analysis.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    ).stdout
    assert where.startswith(str(site)), where
    project = _copy_project(tmp_path / "project")  # a project with no analysis/ folder beside it
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "build",
            "--root",
            str(project.root),
            "--data",
            str(data),
            "--out",
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "html" / "book" / "votes.html").is_file()
