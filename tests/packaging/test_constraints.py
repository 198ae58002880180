"""The bundle's constraints file pins every runtime dependency, at a version pyproject.toml allows."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "resources" / "packaging" / "bundle-constraints.txt"


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins() -> dict[str, str]:
    out = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep, f"{line!r} is not an exact pin"
            out[canonical(name)] = version.strip()
    return out


def test_every_runtime_dependency_and_pyinstaller_is_pinned_exactly() -> None:
    from guiapp.app.notices import runtime_distributions

    try:
        needed = {canonical(d.metadata["Name"]) for d in runtime_distributions()}
    except metadata.PackageNotFoundError:
        pytest.skip("bom-auditor is not installed (pip install -e .)")
    missing = needed - set(pins())
    assert not missing, f"not pinned in {CONSTRAINTS.name}: {sorted(missing)}"
    assert "pyinstaller" in pins()


def test_each_pin_satisfies_the_declared_bounds() -> None:
    requirements = pytest.importorskip("packaging.requirements")
    pinned = pins()
    checked = 0
    for line in metadata.distribution("bom-auditor").requires or []:
        req = requirements.Requirement(line)
        if req.marker is not None and not req.marker.evaluate({"extra": "bundle"}):
            continue
        version = pinned.get(canonical(req.name))
        if version is not None:
            assert req.specifier.contains(version, prereleases=True), f"{req.name}=={version} breaks {req}"
            checked += 1
    assert checked >= 10
