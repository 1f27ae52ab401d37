"""environment.yml (for conda and Binder users) written from the lock, so both name the same pins."""

from __future__ import annotations

import re
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;]+)")


def lock_pins(lock: Path) -> dict[str, str]:
    """Package name (normalised) -> version, from a uv/pip-compile lock."""
    pins = {}
    for line in Path(lock).read_text(encoding="utf-8").splitlines():
        m = PIN.match(line.strip())
        if m:
            pins[normalise(m.group(1))] = m.group(2)
    return pins


def normalise(name: str) -> str:
    """PEP 503 name normalisation."""
    return re.sub(r"[-_.]+", "-", name).lower()


def render_environment(lock: Path) -> str:
    """The text of environment.yml: Python 3.11 from conda-forge, every pin of the lock via pip."""
    lines = [
        "# Written by `python -m analysis envfile` from requirements.lock: do not edit by hand.",
        "name: politburo-compendium",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {name}=={version}" for name, version in sorted(lock_pins(lock).items())]
    return "\n".join(lines) + "\n"


def environment_pins(path: Path) -> dict[str, str]:
    """The pip pins named in an environment.yml."""
    import yaml

    env = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for spec in dep.get("pip", []):
                m = PIN.match(spec)
                if m:
                    pins[normalise(m.group(1))] = m.group(2)
    return pins
