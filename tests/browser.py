"""Helpers for the browser tests: the built book served on a local port, opened in Debian's
Chromium (driven by playwright's Python package; its own browser download cannot work here)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    """The path of Debian's chromium; a clear failure if it is missing."""
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if not found:
        raise RuntimeError(
            "Debian's chromium is missing: `make test` installs it (apt-get install chromium), "
            "or install it by hand before running the browser tests"
        )
    return found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a request the browser dropped (an aborted download): not the book's fault


@contextmanager
def serve(folder: Path):
    """Serve a folder on 127.0.0.1 (a free port) for as long as the block runs; yields its base URL."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def local(url: str) -> bool:
    """Whether a request stays on this machine."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost")


def pages(html: Path) -> list[str]:
    """Every page of a built book, as paths relative to its root."""
    return sorted(
        str(p.relative_to(html)) for p in html.rglob("*.html") if "_static" not in p.relative_to(html).parts
    )


# In the page: elements wider than the viewport that no scroll container was made for.
OVERFLOW_JS = """() => {
  const vw = document.documentElement.clientWidth;
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const name = (el) => { const c = el.className; return String(c?.baseVal ?? c); };
  const bad = [];
  for (const el of document.querySelectorAll('main *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= vw + 1) continue;
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;  // a closed drawer
    let p = el.parentElement, contained = false;
    while (p && p.tagName !== 'MAIN') { if (scrolls(p)) { contained = true; break; } p = p.parentElement; }
    if (!contained) bad.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' +
                             name(el).split(' ')[0] + ' right=' + Math.round(r.right));
  }
  const charts = [];
  for (const live of document.querySelectorAll('.card-live')) {
    const svg = live.querySelector('svg, canvas');
    const card = live.closest('figure.card');
    if (svg && card && svg.getBoundingClientRect().width > card.clientWidth + 1)
      charts.push(live.id + ' ' + Math.round(svg.getBoundingClientRect().width) + '>' + card.clientWidth);
  }
  return {bad: bad.slice(0, 8), charts, page: document.documentElement.scrollWidth, vw};
}"""

# In the page: did every chart draw, with its picture hidden, and does it say what it shows?
CHARTS_JS = """() => Array.from(document.querySelectorAll('.card-live')).map(live => ({
  id: live.id,
  drawn: !!live.querySelector('svg, canvas'),
  stillHidden: (() => { const s = live.parentNode.querySelector('.card-static');
                        return !s || getComputedStyle(s).display === 'none'; })(),
  label: (live.querySelector('svg') || {getAttribute: () => ''}).getAttribute('aria-label') || '',
}))"""

# In the page: links, scripts, styles and images that load from this book.
RESOURCES_JS = """() => Array.from(document.querySelectorAll('a[href], link[href], script[src], img[src]'))
  .map(e => e.href || e.src).filter(u => u && u.startsWith(location.origin))"""
