"""Reproducible installs: every dependency pinned in constraints.txt; `tsunagu --version`."""

import re
import subprocess
import tomllib

from tests.production.serving import BIN, ROOT

import tsunagu


def _name(requirement: str) -> str:
    return re.split(r"[\[=<>~! ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_dependency_of_every_extra_is_pinned_in_the_constraints():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for requirements in project["optional-dependencies"].values():
        wanted |= {_name(r) for r in requirements}
    pinned = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"not pinned: {line}"
            pinned[_name(name)] = version
    assert wanted - set(pinned) == set()
    assert "tsunagu" not in pinned


def test_version_is_tsunagus_own():
    result = subprocess.run(  # noqa: S603
        [str(BIN / "tsunagu"), "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == tsunagu.__version__
