"""The command line of the compendium."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .paths import DATA, HTML


def _validate(args) -> int:
    from .validate import errors, validate

    problems = validate(args.data)
    for problem in problems:
        print(problem, file=sys.stderr if problem.severity == "error" else sys.stdout)
    bad = errors(problems)
    warned = len(problems) - len(bad)
    if bad:
        print(
            f"{args.data}: {len(bad)} error(s), {warned} warning(s): the data does not meet the contract",
            file=sys.stderr,
        )
        return 1
    print(f"{args.data}: valid ({warned} warning(s))")
    return 0


def _build(args) -> int:
    from .build import BuildError, build

    try:
        build(
            data_dir=Path(args.data),
            out_dir=Path(args.out),
            body=args.body,
            start=args.start,
            end=args.end,
            snapshot_dates=args.dates,
            jobs=args.jobs,
        )
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    return 0


def _envfile(args) -> int:
    from .envfile import render_environment

    Path(args.out).write_text(render_environment(Path(args.lock)), encoding="utf-8")
    print(f"wrote {args.out} from {args.lock}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run a subcommand; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a data directory against the contract")
    v.add_argument("--data", default=str(DATA), help="data directory (default: data/)")
    v.set_defaults(func=_validate)
    b = sub.add_parser("build", help="validate, execute the chapters, build the HTML book")
    b.add_argument("--data", default=str(DATA), help="data directory (default: data/)")
    b.add_argument("--out", default=str(HTML), help="where the book goes (default: _build/html)")
    b.add_argument("--body", help="body_id to study (default: from the data)")
    b.add_argument("--start", help="first day of the period (default: from the data)")
    b.add_argument("--end", help="last day of the period (default: from the data)")
    b.add_argument("--dates", nargs="*", help="days for 'the body on a date' pages (default: from the data)")
    b.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default: 2)")
    b.set_defaults(func=_build)
    e = sub.add_parser("envfile", help="write environment.yml from the lock")
    e.add_argument("--lock", default="requirements.lock")
    e.add_argument("--out", default="environment.yml")
    e.set_defaults(func=_envfile)
    args = parser.parse_args(argv)
    return args.func(args)
