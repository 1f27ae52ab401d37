"""The command line of the compendium: python -m analysis {validate,data,build,publish,envfile}."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .params import PARAMS


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
    from .project import Project, ProjectError

    project = Project(args.root)
    given = {name: getattr(args, name) for name, p in PARAMS.items() if p.option and name != "data_dir"}
    try:
        project.check()
        build(
            project,
            data_dir=Path(args.data or project.data),
            out_dir=Path(args.out or project.work / "html"),
            given=given,
            jobs=args.jobs,
            base_url=args.base_url,
        )
    except (BuildError, ProjectError) as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    return 0


def _publish(args) -> int:
    from .build import BuildError
    from .project import Project, ProjectError
    from .publish import PublishError, publish_edition

    project = Project(args.root)
    try:
        project.check()
        target = publish_edition(
            project,
            Path(args.data or project.data),
            Path(args.site),
            base_url=args.base_url,
            replace=args.replace,
            jobs=args.jobs,
        )
    except (BuildError, ProjectError, PublishError) as exc:
        print(f"publish failed: {exc}", file=sys.stderr)
        return 1
    print(f"published {target}; {Path(args.site) / 'latest'} and versions.json updated")
    return 0


def _data(args) -> int:
    from .imports import ImportError_, run

    try:
        remarks = run(args.data)
    except ImportError_ as exc:
        print(f"import failed: {exc}", file=sys.stderr)
        return 1
    for remark in remarks:
        print(f"left out: {remark}")
    print(f"{args.data}: imports rerun (vote_events.csv, votes.csv, variants.csv); now validate")
    return _validate(args)


def _envfile(args) -> int:
    from .envfile import render_environment

    Path(args.out).write_text(render_environment(Path(args.lock)), encoding="utf-8")
    print(f"wrote {args.out} from {args.lock}")
    return 0


def _add_page_parameters(parser: argparse.ArgumentParser) -> None:
    """The build's options for the page parameters, from the record (analysis.params)."""
    for name, p in PARAMS.items():
        if not p.option or name == "data_dir":
            continue
        kwargs = {"nargs": "*"} if p.type == "list" else {}
        parser.add_argument(p.option, dest=name, help=f"{p.meaning} (default: {p.empty})", **kwargs)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run a subcommand; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a data directory against the contract")
    v.add_argument("--data", default="data", help="data directory (default: data/)")
    v.set_defaults(func=_validate)
    b = sub.add_parser("build", help="validate, execute the chapters, build the HTML book")
    b.add_argument("--root", default=".", help="the project root: _config.yml, _toc.yml, book/ (default: .)")
    b.add_argument("--data", help="data directory (default: data/ of the project)")
    b.add_argument("--out", help="where the book goes (default: _build/html of the project)")
    _add_page_parameters(b)
    b.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default: 2)")
    b.add_argument("--base-url", help="the book's public address (default: url in CITATION.cff)")
    b.set_defaults(func=_build)
    p = sub.add_parser("publish", help="build the book as an edition of a site, beside the earlier ones")
    p.add_argument("--root", default=".", help="the project root (default: .)")
    p.add_argument("--data", help="data directory (default: data/ of the project)")
    p.add_argument("--site", required=True, help="the site's folder: v<version>/ for each edition, latest/")
    p.add_argument("--base-url", help="the site's public address (default: url in CITATION.cff)")
    p.add_argument("--replace", action="store_true", help="rebuild an edition that is already published")
    p.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default: 2)")
    p.set_defaults(func=_publish)
    d = sub.add_parser("data", help="rerun the imports (data/imports/*) into the tables, then validate")
    d.add_argument("--data", default="data", help="data directory (default: data/)")
    d.set_defaults(func=_data)
    e = sub.add_parser("envfile", help="write environment.yml from the lock")
    e.add_argument("--lock", default="requirements.lock")
    e.add_argument("--out", default="environment.yml")
    e.set_defaults(func=_envfile)
    args = parser.parse_args(argv)
    return args.func(args)
