"""Benchmark: time and peak memory of validation and of a cold and a warm (cached) book build.

Run: .venv/bin/python benchmarks/build.py [--data DIR]. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import resource
import tempfile
import time
from pathlib import Path

from analysis.build import build
from analysis.project import Project
from analysis.validate import validate

PROJECT = Project(Path(__file__).resolve().parent.parent)


def _peak_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=str(PROJECT.data))
    args = parser.parse_args()
    data = Path(args.data)
    began = time.perf_counter()
    problems = validate(data)
    print(f"validate: {time.perf_counter() - began:6.2f} s, {len(problems)} problem(s)")
    with tempfile.TemporaryDirectory() as tmp:
        work, out = Path(tmp) / "work", Path(tmp) / "html"
        for label in ("cold build", "warm build"):
            began = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                build(PROJECT, data, out, work=work)
            pages = len(list(out.rglob("*.html")))
            print(f"{label}: {time.perf_counter() - began:6.2f} s, {pages} HTML pages")
    own, children = _peak_mib()
    print(f"peak RSS: this process {own:.0f} MiB, largest child (kernel, worker, sphinx) {children:.0f} MiB")


if __name__ == "__main__":
    main()
