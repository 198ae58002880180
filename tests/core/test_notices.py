"""Third-party notices: generated from the installed distributions' metadata, they name every runtime
dependency with its licence text, and Qt/PySide6 with the LGPL and the right to replace them."""

from __future__ import annotations

import re
from importlib import metadata

import pytest

from guiapp.app import notices


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def sections(text: str) -> dict[str, str]:
    """Each distribution's section of the notices, by canonical name."""
    out = {}
    for block in text.split("=" * 100)[1:]:
        head = block.strip().splitlines()[0]
        out[canonical(head.rsplit(" ", 1)[0])] = block
    return out


@pytest.fixture(scope="module")
def text() -> str:
    try:
        return notices.third_party_notices()
    except metadata.PackageNotFoundError:
        pytest.skip("bom-auditor is not installed (pip install -e .)")


def declared_runtime_requirements() -> set[str]:
    """The package's own Requires-Dist without extras, as installed (not a hard-coded list)."""
    names = set()
    for req in metadata.distribution("bom-auditor").requires or []:
        if re.search(r"extra\s*==", req):
            continue
        name = re.match(r"[A-Za-z0-9._-]+", req).group(0)
        try:
            metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a marker for another Python
        names.add(canonical(name))
    return names


def test_notices_name_every_runtime_dependency_with_a_licence_text(text) -> None:
    found = sections(text)
    wanted = declared_runtime_requirements()
    assert {"pyside6-essentials", "python-calamine", "rapidfuzz", "openpyxl", "platformdirs"} <= wanted
    for name in wanted | {"shiboken6"}:  # shiboken6 comes with PySide6-Essentials
        assert name in found, f"{name} is missing from the notices"
        block = found[name]
        assert "Licence: " in block and "--- " in block, f"{name} has no licence text"
        version = metadata.distribution(name).version
        assert f" {version}\n" in block.splitlines(keepends=True)[1]


def test_test_and_build_tools_are_not_listed(text) -> None:
    found = sections(text)
    for tool in ("pytest", "hypothesis", "mypy", "ruff", "pyinstaller"):
        assert tool not in found


def test_qt_comes_with_the_lgpl_and_the_right_to_replace_it(text) -> None:
    assert "your right to replace them" in text
    assert "_internal/PySide6/" in text
    pyside = sections(text)["pyside6-essentials"]
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in pyside and "Version 3" in pyside
    assert "GNU GENERAL PUBLIC LICENSE" in pyside  # the LGPL-3.0 builds on the GPL-3.0


def test_the_bundle_adds_the_bootloader_and_python(text) -> None:
    with_tools = sections(notices.third_party_notices(extra=["pyinstaller"]))
    assert "pyinstaller" in with_tools
    assert "python" in sections(text)


def test_the_project_licence_is_mit() -> None:
    licence = notices.project_licence()
    assert licence.startswith("MIT License")
    assert "Permission is hereby granted" in licence


def test_collected_modules_map_to_their_distributions_once(text) -> None:
    names = notices.distributions_of(
        ["openpyxl.reader.excel", "PySide6.QtCore", "rapidfuzz", "no_such_module"]
    )
    assert {canonical(n) for n in names} == {"openpyxl", "pyside6-essentials", "rapidfuzz"}
    # Adding what is already listed changes nothing: each distribution appears once.
    again = notices.third_party_notices(extra=names)
    assert again.count("\nopenpyxl ") == text.count("\nopenpyxl ") == 1


def test_data_files_under_their_own_licences_are_credited(text) -> None:
    """Fonts and the ordinary-word list are third-party data: each exists, is named with its licence, and a
    licence file it points to is printed in full (a font or word list added without a notice fails here)."""
    from guiapp.resources import resources_dir

    root = resources_dir()
    data = text.split("Data shipped with BOM Auditor", 1)[1]
    shipped = sorted(p.relative_to(root).as_posix() for p in (root / "fonts").glob("*.ttf"))
    shipped.append("matching/common-words.txt")
    for rel in shipped:
        assert (root / rel).is_file(), rel
        assert f"resources/{rel}" in data, f"{rel} is not credited in the notices"
    assert "CC-BY-SA-4.0" in data
    for _what, _file, _licence, licence_file, _source in notices.DATA_FILES:
        if licence_file is not None:
            first_line = (root / licence_file).read_text(encoding="utf-8").strip().splitlines()[0]
            assert first_line in data
