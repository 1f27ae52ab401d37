"""The execution cache: what a page depends on, and why it ran again."""

import pytest

from analysis.cache import Cache, Inputs, digests
from analysis.plan import Run
from analysis.templates import read_template

from .conftest import PROJECT

pytestmark = pytest.mark.unit


def _run(params=None, title="Votes"):
    template = read_template(PROJECT.book / "votes.md")
    return Run(template, "votes", params or {"data_dir": "../data", "page_id": "votes", "body": ""}, title)


def test_the_key_covers_each_input_and_nothing_else():
    shared = Inputs("data1", "code1", "env1")
    base = Cache.key(digests(_run(), shared))
    assert Cache.key(digests(_run(), shared)) == base
    changed = [
        digests(_run({"data_dir": "../data", "page_id": "votes", "body": "x"}), shared),
        digests(_run(title="Other"), shared),
        digests(_run(), Inputs("data2", "code1", "env1")),
        digests(_run(), Inputs("data1", "code2", "env1")),
        digests(_run(), Inputs("data1", "code1", "env2")),
    ]
    assert len({Cache.key(d) for d in changed} | {base}) == 6


def test_the_reason_names_what_changed(tmp_path):
    cache = Cache(tmp_path)
    before = digests(_run(), Inputs("data1", "code1", "env1"))
    assert cache.why("votes", before) == "not built here before"
    cache.remember("votes", before)
    after = digests(_run(), Inputs("data2", "code1", "env2"))
    assert cache.why("votes", after) == "the data changed, the locked environment changed"
    assert cache.why("votes", before) == "its cached copy is gone"
