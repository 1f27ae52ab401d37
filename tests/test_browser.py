"""The book as readers meet it, in a real browser (Debian's Chromium): every page at a phone's and a
desktop's width, its console, its requests, its charts and tables, its links and downloads, search,
accessibility (axe-core), dark mode, hostile data, print, and screenshots to look at."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest

from .browser import CHARTS_JS, CHROMIUM_ARGS, OVERFLOW_JS, RESOURCES_JS, chromium, local, pages, serve
from .conftest import ROOT

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
# Console messages a page may log, each with the reason it is allowed. Nothing else may be logged
# as an error or a warning.
ALLOWED_CONSOLE: dict[str, str] = {}
SCREENSHOTS = ROOT / "_build" / "screenshots"
DRAWN = (  # every chart of the page drawn (compendium.js marks each when vega-embed is done)
    "() => Array.from(document.querySelectorAll('.card-live')).every(e => e.classList.contains('card-drawn'))"
)
MAIN_PAGES = (
    "book/index.html",
    "book/membership.html",
    "book/people.html",
    "book/person-molotov.html",
    "book/snapshot-1927-12-19.html",
    "book/votes.html",
    "book/alignments.html",
    "essays/1927.html",
)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def shipped_site(shipped_book):
    _, html = shipped_book
    with serve(html) as url:
        yield url, html


@pytest.fixture(scope="session")
def council_site(council_book):
    _, _, html = council_book
    with serve(html) as url:
        yield url, html


def _tour(browser, url: str, html: Path, width: int, shots: str | None = None) -> dict:
    """Open every page at one width; gather what went wrong, page by page."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    outside, dialogs, found = [], [], {}

    def route(r):
        if local(r.request.url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    messages: list[str] = []
    page.on(
        "console",
        lambda m: messages.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("response", lambda r: messages.append(f"http {r.status}: {r.url}") if r.status >= 400 else None)
    for name in pages(html):
        messages.clear()
        page.goto(url + name, wait_until="load")
        page.wait_for_function(DRAWN, timeout=20_000)
        found[name] = {
            "console": [m for m in messages if not any(re.search(p, m) for p in ALLOWED_CONSOLE)],
            "charts": page.evaluate(CHARTS_JS),
            "overflow": page.evaluate(OVERFLOW_JS),
            "injected": page.evaluate(
                "() => document.querySelectorAll('.injected, img[src=\"x\"], [onerror], [onload]').length"
                " + (window.__pwned ? 100 : 0)"
            ),
            "resources": page.evaluate(RESOURCES_JS) if width == WIDTHS[-1] else [],
        }
        if shots and name in MAIN_PAGES:
            target = SCREENSHOTS / shots / f"{name.replace('/', '-').removesuffix('.html')}-{width}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(target), full_page=True)
    context.close()
    return {"pages": found, "outside": outside, "dialogs": dialogs}


@pytest.fixture(scope="session")
def tours(browser, shipped_site, council_site):
    """Both books, every page, at both widths: once for all the tests that read the results."""
    out = {}
    for site, (url, html) in (("shipped", shipped_site), ("council", council_site)):
        for width in WIDTHS:
            out[(site, width)] = _tour(browser, url, html, width, shots=site)
    return out


@pytest.mark.parametrize("site", ["shipped", "council"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_logs_an_error_or_a_warning(tours, site, width):
    bad = {name: r["console"] for name, r in tours[(site, width)]["pages"].items() if r["console"]}
    assert bad == {}


@pytest.mark.parametrize("site", ["shipped", "council"])
def test_no_request_leaves_the_machine(tours, site):
    for width in WIDTHS:
        assert tours[(site, width)]["outside"] == []


@pytest.mark.parametrize("site", ["shipped", "council"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_chart_draws_fits_its_column_and_says_what_it_shows(tours, site, width):
    problems = []
    for name, r in tours[(site, width)]["pages"].items():
        for chart in r["charts"]:
            if not (chart["drawn"] and chart["stillHidden"]):
                problems.append(
                    f"{name} {chart['id']}: drawn={chart['drawn']} picture hidden={chart['stillHidden']}"
                )
            if len(chart["label"]) < 40 or "rows" not in chart["label"]:
                problems.append(f"{name} {chart['id']}: no text alternative ({chart['label']!r})")
        problems += [f"{name}: chart wider than its column: {c}" for c in r["overflow"]["charts"]]
    assert problems == []


@pytest.mark.parametrize("site", ["shipped", "council"])
@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_is_wider_than_the_screen_outside_a_scroll_container(tours, site, width):
    bad = {}
    for name, r in tours[(site, width)]["pages"].items():
        o = r["overflow"]
        if o["bad"] or o["page"] > o["vw"] + 1:
            bad[name] = o
    assert bad == {}


def test_hostile_data_stays_text(tours, council_site):
    for width in WIDTHS:
        tour = tours[("council", width)]
        assert tour["dialogs"] == []
        assert {n: r["injected"] for n, r in tour["pages"].items() if r["injected"]} == {}
    _, html = council_site
    assert "window.__pwned" in (html / "book" / "person-ada.html").read_text(encoding="utf-8")  # it was there


@pytest.mark.parametrize("site", ["shipped", "council"])
def test_every_link_and_download_resolves(tours, site):
    wanted = set()
    for r in tours[(site, WIDTHS[-1])]["pages"].values():
        wanted |= {u.split("#")[0] for u in r["resources"]}
    failed = []
    for url in sorted(wanted):
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                if answer.status != 200:
                    failed.append(f"{answer.status} {url}")
        except OSError as exc:
            failed.append(f"{exc} {url}")
    assert len(wanted) > 50 and failed == []


def test_search_finds_a_member_by_name(browser, shipped_site):
    url, _ = shipped_site
    page = browser.new_page()
    page.goto(url + "search.html?q=Molotov")
    page.wait_for_selector("#search-results li", timeout=20_000)
    links = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")
    page.close()
    assert any("person-molotov.html" in link for link in links), links


def _axe(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("site", ["shipped", "council"])
def test_axe_finds_no_serious_or_critical_violation(browser, site, shipped_site, council_site):
    url, html = shipped_site if site == "shipped" else council_site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    found = {}
    for name in pages(html):
        page.goto(url + name, wait_until="load")
        page.wait_for_timeout(150)
        violations = _axe(page)
        if violations:
            found[name] = violations
    page.close()
    assert found == {}


def test_dark_mode_is_legible(browser, shipped_site):
    url, _ = shipped_site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');")
    found = {}
    for name in MAIN_PAGES:
        page.goto(url + name, wait_until="load")
        page.wait_for_timeout(300)
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        violations = _axe(page)
        if violations:
            found[name] = violations
        target = SCREENSHOTS / "shipped-dark" / f"{name.replace('/', '-').removesuffix('.html')}-1280.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target), full_page=True)
    page.close()
    assert found == {}


def test_colour_scales_carry_no_red_green_pair(shipped_book, council_book):
    import colorsys
    import json

    def hue(colour):
        r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        h, lightness, s = colorsys.rgb_to_hls(r, g, b)
        return h * 360, s

    def reds_and_greens(ranges):
        hues = [hue(c) for c in ranges if isinstance(c, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", c)]
        red = any((h < 15 or h > 345) and s > 0.4 for h, s in hues)
        green = any(85 < h < 150 and s > 0.3 for h, s in hues)
        return red and green

    specs = list((shipped_book[1] / "_static" / "figures").rglob("*.vl.json"))
    specs += list((council_book[2] / "_static" / "figures").rglob("*.vl.json"))
    bad = []
    for path in specs:
        text = path.read_text(encoding="utf-8")
        for scheme in re.findall(r'"scheme": "([a-z]+)"', text):
            if scheme in ("redyellowgreen", "redgreen", "greenred", "spectral", "rainbow"):
                bad.append(f"{path.name}: scheme {scheme}")
        for ranges in re.findall(r'"range": (\[[^\]]*\])', text):
            if reds_and_greens(json.loads(ranges)):
                bad.append(f"{path.name}: {ranges}")
    assert len(specs) > 20 and bad == []
    assert reds_and_greens(["#2b6a3a", "#a3231f"]), "the check must be able to fail"


def test_a_printed_page_keeps_captions_with_figures_and_shows_citations(browser, shipped_site, tmp_path):
    from pypdf import PdfReader

    url, _ = shipped_site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url + "essays/1927.html", wait_until="load")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    pdf = tmp_path / "1927.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    page.close()
    texts = [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(pdf)).pages]
    figures = sorted(set(re.findall(r"Figure (\d+)\.", " ".join(texts))))
    assert figures, "no figure caption in the printed page"
    for number in figures:
        pages_with_caption = {i for i, t in enumerate(texts) if f"Figure {number}." in t}
        pages_with_citation = {i for i, t in enumerate(texts) if f"Cite Figure {number} as:" in t}
        assert pages_with_caption & pages_with_citation, (
            f"Figure {number}: caption and citation on different pages"
        )
    assert sum(len(re.findall(r"Cite (Figure|Table) \d+ as:", t)) for t in texts) >= 5


def test_an_older_edition_opened_from_disk_says_a_newer_one_exists(browser, site):
    """Offline, from the files: the site's versions.js tells an old edition's pages of the new one."""
    context = browser.new_context()
    outside = []
    context.route(
        "**/*",
        lambda r: (
            r.continue_() if r.request.url.startswith("file:") else (outside.append(r.request.url), r.abort())
        ),
    )
    page = context.new_page()
    seen = {}
    for edition in ("v0.2.0", "v0.3.0", "latest"):
        page.goto((site["site"] / edition / "book" / "votes.html").as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        seen[edition] = page.evaluate(
            "() => { const n = document.querySelector('.edition-newer');"
            " return n.hidden ? '' : n.textContent + ' ' + n.querySelector('a').getAttribute('href'); }"
        )
        latest = page.get_attribute(".edition-latest", "href")
        assert latest.endswith("latest/book/votes.html") and not latest.startswith("http"), latest
    context.close()
    assert "A newer edition, 0.3.0, exists" in seen["v0.2.0"] and "latest/book/votes.html" in seen["v0.2.0"]
    assert seen["v0.3.0"] == "" and seen["latest"] == ""
    assert outside == []


def test_the_copy_button_copies_a_cards_citation(browser, council_site):
    url, _ = council_site
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
    page = context.new_page()
    page.goto(url + "book/votes.html", wait_until="load")
    card = page.locator("figure.card").first
    card.locator("details.card-cite summary").click()
    card.locator("button.card-copy").click()
    page.wait_for_function(
        "() => document.querySelector('figure.card button.card-copy').textContent === 'Copied'"
    )
    copied = page.evaluate("() => navigator.clipboard.readText()")
    shown = card.locator(".card-citation").text_content()
    context.close()
    assert copied == shown and ("[Table]" in copied or "[Figure]" in copied)
