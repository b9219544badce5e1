"""environment.yml (conda / Binder) and pyproject.toml name the same packages and bounds."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def split(spec):
    name, bounds = NAME.match(spec).groups()
    return name.lower().replace("_", "-"), ",".join(sorted(b.strip() for b in bounds.split(",") if b.strip()))


def conda_dependencies():
    """The `- spec` lines under `dependencies:` (top level, no nested pip section)."""
    lines = (ROOT / "environment.yml").read_text().splitlines()
    start = lines.index("dependencies:") + 1
    specs = []
    for line in lines[start:]:
        if not line.startswith("  - "):
            break
        specs.append(line[4:].split("#")[0].strip())
    return dict(split(s) for s in specs)


def pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return dict(split(s) for s in project["dependencies"]), project["requires-python"]


def test_same_packages_and_bounds():
    conda = conda_dependencies()
    pip, python = pyproject()
    assert conda.pop("python") == python
    conda.pop("pip")
    assert conda == pip


def test_the_parser_sees_a_mismatch():
    assert split("numpy>=1.26,<3") != split("numpy>=2.0,<3")
    assert split("nbval >=0.11, <0.12") == split("nbval<0.12,>=0.11")
