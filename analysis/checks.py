"""The built book's own checks: every local link and anchor resolves, nothing loads from the network."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def broken_links(html_dir: Path) -> list[str]:
    """Local links and anchors in the HTML that lead nowhere."""
    pages = {}
    for path in html_dir.rglob("*.html"):
        if "_static" in path.relative_to(html_dir).parts:
            continue  # the themes' own templates, not pages
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path] = parser
    broken = []
    for path, parser in sorted(pages.items()):
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:", "javascript:")):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(html_dir)}: {link}")
            elif parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{path.relative_to(html_dir)}: {link} (no such anchor)")
    return broken


def external_references(html_dir: Path) -> list[str]:
    """Scripts, styles, fonts and images the book would load from the network."""
    found = []
    pattern = re.compile(r"""<(?:script|link|img|iframe)[^>]+(?:src|href)=["'](https?:)?//""", re.I)
    for path in sorted(html_dir.rglob("*.html")):
        if "_static" in path.relative_to(html_dir).parts:
            continue
        text = path.read_text(encoding="utf-8")
        for m in pattern.finditer(text):
            tag = text[m.start() : m.start() + 160]
            if 'rel="canonical"' not in tag:
                found.append(f"{path.relative_to(html_dir)}: {tag.splitlines()[0]}")
    return found


TEXT_SUFFIXES = {".html", ".ipynb", ".json", ".csv", ".js", ".svg", ".txt", ".bib", ".ris", ".md", ".xml"}


def machine_paths(html_dir: Path, paths) -> list[str]:
    """Files of the built book (zip archives included) that name a folder of the building machine."""
    import zipfile

    needles = sorted({str(Path(p).resolve()) for p in paths if p}, key=len, reverse=True)
    needles = [n.encode() for n in needles if n.count("/") >= 2]  # never a bare "/tmp" or "/root"
    found = []

    def look(name: str, data: bytes) -> None:
        for needle in needles:
            if needle in data:
                found.append(f"{name}: names {needle.decode()}")
                return

    for path in sorted(html_dir.rglob("*")):
        if not path.is_file():
            continue
        name = str(path.relative_to(html_dir))
        if path.suffix in TEXT_SUFFIXES:
            look(name, path.read_bytes())
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    look(f"{name}:{member}", archive.read(member))
    return found
