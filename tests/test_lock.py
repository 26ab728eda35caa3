"""The lock file `make install` uses agrees with pyproject.toml: every dependency is pinned,
at a version its range allows, with hashes (so `pip install --require-hashes` accepts it)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)")


def _pins() -> dict[str, str]:
    return {
        canonicalize_name(match[1]): match[2]
        for line in LOCK.read_text(encoding="utf-8").splitlines()
        if (match := PIN.match(line))
    }


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    return [Requirement(text) for text in [*names, *build["requires"], "pip"]]


@pytest.mark.parametrize("requirement", _declared(), ids=str)
def test_every_dependency_is_pinned_within_its_range(requirement: Requirement) -> None:
    version = _pins().get(canonicalize_name(requirement.name))
    assert version is not None, f"{requirement.name} is not in {LOCK.name}: run `make lock`"
    assert requirement.specifier.contains(version, prereleases=True), (
        f"{requirement.name}=={version} is outside {requirement.specifier}: run `make lock`"
    )


def test_every_pin_has_hashes() -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9._-]+==)", LOCK.read_text(encoding="utf-8"))
    unhashed = [block.split()[0] for block in blocks if "==" in block and "--hash=" not in block]
    assert unhashed == []
