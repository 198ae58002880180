"""The oldest glibc a set of ELF files needs, read from their version references."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guiapp.app import bundleinfo

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF files are Linux's")


def some_elf_files() -> list[Path]:
    """Shared libraries of the running Python's installed packages and the interpreter itself."""
    import rapidfuzz
    import shiboken6

    roots = [Path(rapidfuzz.__file__).parent, Path(shiboken6.__file__).parent]
    files = [p for root in roots for p in sorted(root.rglob("*.so*")) if p.is_file()]
    return [Path(sys.executable).resolve(), *files][:12]


def objdump_references(path: Path) -> set[str]:
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=True).stdout
    section = out.partition("Version References:")[2]
    return set(re.findall(r"^\s+0x[0-9a-f]+ 0x[0-9a-f]+ \d+ (\S+)$", section, re.MULTILINE))


@pytest.mark.skipif(shutil.which("objdump") is None, reason="binutils (objdump) is not installed")
def test_version_references_are_what_objdump_reads() -> None:
    files = some_elf_files()
    assert files
    for path in files:
        ours = {v for names in bundleinfo.version_references(path).values() for v in names}
        assert ours == objdump_references(path), path


def test_the_requirement_is_the_highest_glibc_version_and_names_its_file(tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("not an ELF file")
    files = some_elf_files()
    for i, path in enumerate(files):
        shutil.copyfile(path, tmp_path / f"lib{i}.so")
    requirement = bundleinfo.folder_glibc_requirement(tmp_path)
    assert requirement is not None
    expected = max(
        v
        for path in files
        for names in bundleinfo.version_references(path).values()
        for v in map(bundleinfo.glibc_version, names)
        if v is not None
    )
    assert requirement.version == expected
    needer = tmp_path / requirement.needed_by
    assert f"GLIBC_{requirement.text}" in {
        v for n in bundleinfo.version_references(needer).values() for v in n
    }
    # This machine runs these files, so its glibc is at least what they need.
    assert tuple(int(p) for p in bundleinfo.system_glibc().split(".")) >= requirement.version


def test_symbol_versions_other_than_glibc_do_not_count() -> None:
    assert bundleinfo.glibc_version("GLIBC_2.34") == (2, 34)
    assert bundleinfo.glibc_version("GLIBC_2.2.5") == (2, 2, 5)
    for other in ("GLIBC_PRIVATE", "GLIBCXX_3.4.29", "CXXABI_1.3", "OPENSSL_3.0.0", "GLIBC_"):
        assert bundleinfo.glibc_version(other) is None


def test_a_damaged_elf_file_is_a_clear_error(tmp_path) -> None:
    broken = tmp_path / "broken.so"
    broken.write_bytes(b"\x7fELF\x02\x01\x01" + b"\0" * 33 + b"\xff" * 30)
    with pytest.raises(bundleinfo.ElfError, match="broken.so"):
        bundleinfo.version_references(broken)


def test_the_stated_requirement_reads_back() -> None:
    text = bundleinfo.requirements_text(
        "1.2.3", bundleinfo.GlibcRequirement((2, 36), "_internal/libexpat.so.1")
    )
    assert "glibc: 2.36 or newer" in text and "_internal/libexpat.so.1" in text
    assert bundleinfo.stated_glibc(text) == "2.36"
    assert bundleinfo.stated_glibc("python: 3.11\n") is None
    assert bundleinfo.running_bundle_glibc() is None  # not a bundle
