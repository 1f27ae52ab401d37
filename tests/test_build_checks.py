"""The build's own checks of the HTML: local links and anchors resolve, nothing loads from the network."""

import pytest

from analysis.checks import broken_links, external_references

pytestmark = pytest.mark.unit


def _site(tmp_path, page):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "a.html").write_text(page)
    (tmp_path / "book" / "b.html").write_text('<h1 id="top">B</h1>')
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "x.js").write_text("")
    return tmp_path


def test_good_links_pass(tmp_path):
    site = _site(
        tmp_path,
        '<a href="b.html#top">b</a><script src="../_static/x.js"></script>'
        '<a href="https://example.org/">out</a>',
    )
    assert broken_links(site) == []
    assert external_references(site) == []


def test_missing_file_and_anchor_are_reported(tmp_path):
    site = _site(tmp_path, '<a href="c.html">c</a><a href="b.html#nowhere">b</a>')
    found = broken_links(site)
    assert any("c.html" in f for f in found)
    assert any("nowhere" in f and "no such anchor" in f for f in found)


def test_a_script_from_a_cdn_is_reported(tmp_path):
    site = _site(tmp_path, '<script src="https://cdn.example.com/vega.js"></script>')
    assert len(external_references(site)) == 1
