"""What a standalone bundle needs from the system it runs on: the oldest glibc, read from its ELF files.

A PyInstaller bundle ships its own Python, Qt and libraries but uses the system's C library (glibc), which
only runs programs built against its own version or an older one. The build (resources/packaging/
bom-auditor.spec) reads the highest `GLIBC_x.y` symbol version that any ELF file in the bundle requires
(the `.gnu.version_r` section, what `objdump -p` lists under "Version References") and writes it into
SYSTEM-REQUIREMENTS.txt beside the programs; Help > About and `--version` show it. Qt-free and stdlib-only,
so the spec can run it at build time.
"""

from __future__ import annotations

import os
import platform
import struct
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REQUIREMENTS_FILE = "SYSTEM-REQUIREMENTS.txt"
GLIBC_KEY = "glibc"

_SHT_GNU_VERNEED = 0x6FFFFFFE
_ELF_MAGIC = b"\x7fELF"


class ElfError(ValueError):
    """A file that starts like an ELF file but whose headers do not hold together."""


def is_elf(path: Path) -> bool:
    """True when path is a regular file that starts with the ELF magic number."""
    try:
        with path.open("rb") as f:
            return f.read(4) == _ELF_MAGIC
    except OSError:
        return False


def version_references(path: Path) -> dict[str, set[str]]:
    """The symbol versions an ELF file requires, per library: {"libc.so.6": {"GLIBC_2.34", ...}}.

    Reads the GNU version-needs section (SHT_GNU_verneed) and the string table it links to. A file without
    that section (a statically linked program, a data file named .so) requires nothing.

    Raises:
        ElfError: the file is not a well-formed ELF file.
    """
    data = path.read_bytes()
    if data[:4] != _ELF_MAGIC or len(data) < 64:
        raise ElfError(f"{path} is not an ELF file")
    elf_class, encoding = data[4], data[5]
    if elf_class not in (1, 2) or encoding not in (1, 2):
        raise ElfError(f"{path}: unknown ELF class {elf_class} or data encoding {encoding}")
    end = "<" if encoding == 1 else ">"
    try:
        if elf_class == 2:
            shoff, shentsize, shnum = _unpack(end + "Q", data, 0x28)[0], *_unpack(end + "HH", data, 0x3A)
            section = end + "IIQQQQIIQQ"
        else:
            shoff, shentsize, shnum = _unpack(end + "I", data, 0x20)[0], *_unpack(end + "HH", data, 0x2E)
            section = end + "IIIIIIIIII"
        sections = [_unpack(section, data, shoff + i * shentsize) for i in range(shnum)]
        needs: dict[str, set[str]] = {}
        for _name, sh_type, _flags, _addr, offset, _size, link, count, _align, _entsize in sections:
            if sh_type != _SHT_GNU_VERNEED:
                continue
            strtab = sections[link][4]
            entry = offset
            for _ in range(count):
                _version, aux_count, file_name, aux, next_entry = _unpack(end + "HHIII", data, entry)
                library = needs.setdefault(_cstring(data, strtab + file_name), set())
                aux_at = entry + aux
                for _ in range(aux_count):
                    _hash, _aflags, _other, name, aux_next = _unpack(end + "IHHII", data, aux_at)
                    library.add(_cstring(data, strtab + name))
                    aux_at += aux_next
                entry += next_entry
        return needs
    except (struct.error, IndexError, ValueError, OverflowError) as exc:
        raise ElfError(f"{path}: damaged ELF headers ({exc})") from None


def _unpack(fmt: str, data: bytes, offset: int) -> tuple:
    return struct.unpack_from(fmt, data, offset)


def _cstring(data: bytes, offset: int) -> str:
    end = data.index(b"\0", offset)
    return data[offset:end].decode("ascii", "replace")


def glibc_version(symbol_version: str) -> tuple[int, ...] | None:
    """(2, 34) for "GLIBC_2.34"; None for anything else (GLIBC_PRIVATE, GLIBCXX_3.4, OPENSSL_3.0.0)."""
    prefix, _, number = symbol_version.partition("_")
    if prefix != "GLIBC" or not number:
        return None
    parts = number.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


@dataclass(frozen=True)
class GlibcRequirement:
    """The oldest glibc a set of ELF files runs on, and the first file that needs exactly that."""

    version: tuple[int, ...]
    needed_by: str

    @property
    def text(self) -> str:
        return ".".join(str(n) for n in self.version)


def glibc_requirement(files: Iterable[Path], root: Path | None = None) -> GlibcRequirement | None:
    """The highest GLIBC_x.y version any of files requires (None when none needs glibc).

    Files that are not ELF files are skipped, so a whole folder's files can be passed. needed_by is the
    path relative to root when given.
    """
    best: GlibcRequirement | None = None
    for path in sorted(files):
        if path.is_symlink() or not path.is_file() or not is_elf(path):
            continue
        for names in version_references(path).values():
            for name in names:
                v = glibc_version(name)
                if v is not None and (best is None or v > best.version):
                    shown = path.relative_to(root) if root is not None else path
                    best = GlibcRequirement(v, shown.as_posix())
    return best


def folder_glibc_requirement(folder: Path) -> GlibcRequirement | None:
    """glibc_requirement() over every file under folder."""
    return glibc_requirement(folder.rglob("*"), root=folder)


def requirements_text(version: str, requirement: GlibcRequirement | None) -> str:
    """The text of SYSTEM-REQUIREMENTS.txt: one `key: value` line per fact, readable and parseable."""
    lines = [
        f"BOM Auditor {version}: standalone bundle for {platform.system()} {platform.machine()}",
        f"python: {platform.python_version()}",
    ]
    if requirement is not None:
        lines.append(
            f"{GLIBC_KEY}: {requirement.text} or newer "
            f"(the highest GLIBC symbol version its ELF files need, GLIBC_{requirement.text} "
            f"in {requirement.needed_by})"
        )
    return "\n".join(lines) + "\n"


def stated_glibc(text: str) -> str | None:
    """The glibc version stated in a SYSTEM-REQUIREMENTS.txt text ("2.36"), or None."""
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() == GLIBC_KEY:
            return value.split()[0] if value.split() else None
    return None


def bundle_folder() -> Path | None:
    """The folder holding the programs when running from a PyInstaller bundle, else None."""
    if not getattr(sys, "frozen", False):
        return None
    return Path(sys.executable).resolve().parent


def running_bundle_glibc() -> str | None:
    """The glibc this bundle needs ("2.36"), as written at build time; None outside a bundle."""
    folder = bundle_folder()
    if folder is None:
        return None
    try:
        return stated_glibc((folder / REQUIREMENTS_FILE).read_text(encoding="utf-8"))
    except OSError:
        return None


def system_glibc() -> str | None:
    """The glibc version of the running system ("2.36"), None on other C libraries."""
    try:
        value = os.confstr("CS_GNU_LIBC_VERSION")  # "glibc 2.36"
    except (ValueError, OSError, AttributeError):
        return None
    if not value or not value.startswith("glibc "):
        return None
    return value.split()[1]
