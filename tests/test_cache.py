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


def test_a_kernel_that_dies_before_it_answers_is_started_again(tmp_path, monkeypatch):
    import papermill

    from analysis import execute

    calls = []

    def flaky(notebook, output, **kwargs):
        calls.append(output)
        if len(calls) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        papermill.iorw.write_ipynb(notebook, output)

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    (tmp_path / "stage" / "book").mkdir(parents=True)
    outcome = execute.execute(_run(), tmp_path / "stage", tmp_path / "cache", Inputs("d", "c", "e"))
    assert len(calls) == 2 and not outcome.cached
    assert "its kernel was started again" in outcome.reason

    def dead(notebook, output, **kwargs):
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(papermill, "execute_notebook", dead)
    with pytest.raises(execute.ExecutionError, match="its kernel did not start"):
        execute.execute(_run(), tmp_path / "stage", tmp_path / "cache2", Inputs("d", "c", "e"))
