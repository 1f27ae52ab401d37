"""Publishing a built book. A build replaces its output folder by renames, so the folder always
holds a whole book and a failed build never touches it. An edition is published beside the earlier
ones in a site (`python -m analysis publish`):

    SITE/v0.2.0/      an edition, never touched once published (unless --replace is asked for)
    SITE/v0.3.0/
    SITE/latest/      a copy of the newest edition
    SITE/versions.json, SITE/versions.js   the editions (the .js for pages opened from disk)
    SITE/index.html   leads to latest/
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

EDITION_FILE = "edition.json"


class PublishError(Exception):
    """The edition cannot be published; the message says why."""


def publish(new: Path, out: Path) -> None:
    """Replace out with new by renames, so that out is always a whole book."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    landing = out.parent / f".{out.name}.new"
    old = out.parent / f".{out.name}.old"
    shutil.rmtree(landing, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    shutil.copytree(new, landing)
    if out.exists():
        out.rename(old)
    landing.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def version_key(version: str) -> tuple:
    """Order versions as numbers (0.10.0 after 0.9.1); a suffix sorts before its release."""
    match = re.match(r"^(\d+(?:\.\d+)*)(.*)$", version)
    if not match:
        return ((), version)
    numbers = tuple(int(x) for x in match.group(1).split("."))
    return (numbers, match.group(2) == "", match.group(2))


def editions(site: Path) -> list[dict]:
    """The editions in a site, newest first, from each edition's edition.json."""
    found = []
    for path in sorted(Path(site).glob(f"v*/{EDITION_FILE}")):
        found.append(json.loads(path.read_text(encoding="utf-8")))
    return sorted(found, key=lambda e: version_key(e["version"]), reverse=True)


def write_index(site: Path) -> dict:
    """versions.json, versions.js, latest/ (a copy of the newest edition) and index.html."""
    known = editions(site)
    if not known:
        raise PublishError(f"{site}: no edition to list")
    newest = known[0]
    listing = {"latest": newest["version"], "editions": known}
    text = json.dumps(listing, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    (site / "versions.json").write_text(text, encoding="utf-8")
    safe = json.dumps(listing, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    (site / "versions.js").write_text(f"window.compendiumEditions = {safe};\n", encoding="utf-8")
    publish(site / f"v{newest['version']}", site / "latest")
    e = html.escape
    items = "".join(
        f'<li><a href="v{e(x["version"])}/index.html">Edition {e(x["version"])}</a>'
        f"{' of ' + e(x['released']) if x.get('released') else ''}</li>"
        for x in known
    )
    (site / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(newest.get('title', 'The book'))}</title>"
        '<meta http-equiv="refresh" content="0; url=latest/index.html">'
        '<link rel="canonical" href="latest/index.html"></head><body>'
        f'<p><a href="latest/index.html">The latest edition ({e(newest["version"])})</a></p>'
        f"<p>Every edition:</p><ul>{items}</ul></body></html>\n",
        encoding="utf-8",
    )
    (site / ".nojekyll").write_text("", encoding="utf-8")  # GitHub Pages: serve _static/ as is
    return listing


def publish_edition(
    project,
    data_dir: Path,
    site: Path,
    base_url: str | None = None,
    replace: bool = False,
    jobs: int = 2,
) -> Path:
    """Build the book into SITE/v<version>/ beside the earlier editions, then update the site's
    list of editions and latest/. Refuses an edition that exists unless `replace`."""
    from .build import build
    from .citations import read_cff

    cff = read_cff(project)
    version = str(cff.get("version") or "")
    if not version:
        raise PublishError(f"{project.citation}: no version: an edition needs one (CITATION.cff's version)")
    address = base_url if base_url is not None else str(cff.get("url") or "")
    if not address:
        raise PublishError(
            f"{project.citation}: no url: the book's public address is needed to cite its editions "
            "(set url in CITATION.cff, or give --base-url)"
        )
    site = Path(site)
    target = site / f"v{version}"
    if target.exists() and not replace:
        raise PublishError(
            f"{target}: edition {version} is already published; an edition does not change once "
            "published (raise the version in CITATION.cff, or give --replace to rebuild it)"
        )
    site.mkdir(parents=True, exist_ok=True)
    build(project, data_dir, target, jobs=jobs, base_url=address, site=True)
    facts = {
        "version": version,
        "released": str(cff.get("date-released") or ""),
        "title": str(cff.get("title") or ""),
        "path": f"v{version}/",
        "url": f"{address.rstrip('/')}/v{version}/",
    }
    if cff.get("doi"):
        facts["doi"] = str(cff["doi"])
    (target / EDITION_FILE).write_text(json.dumps(facts, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    write_index(site)
    return target
