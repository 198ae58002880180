"""The project's licence and the third-party notices, generated from the installed distributions' metadata.

`third_party_notices()` walks the package's own `Requires-Dist` (markers evaluated for this interpreter,
extras left out) down to every runtime distribution and writes, for each: name, version, licence
(License-Expression, else License, else the trove classifiers) and the licence files the distribution ships
(`License-File`, else LICENSE/COPYING/NOTICE files in its .dist-info). A distribution that ships no text
(PySide6-Essentials and shiboken6 ship none) gets the text of its licence from resources/licenses/ when the
app carries it (LGPL-3.0 with the GPL-3.0 it extends). Qt and PySide6 come with the LGPL's terms for
replacing them.

The bundle build writes the result to THIRD-PARTY-NOTICES.txt beside the programs (PyInstaller keeps no
metadata of most distributions, so a bundle cannot generate it at run time); Help > About shows that file in
a bundle and generates the notices on the fly in a checkout or an installed package. Qt-free.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from guiapp import __version__
from guiapp.app.bundleinfo import bundle_folder
from guiapp.resources import resource_path

PROJECT = "bom-auditor"
PROJECT_LICENCE = "MIT"
LICENSE_FILE = "LICENSE"
NOTICES_FILE = "THIRD-PARTY-NOTICES.txt"
BUNDLED_LICENSE_FILE = "LICENSE.txt"

# SPDX ids whose text the app ships in resources/licenses/ for distributions that ship none. The LGPL-3.0
# is a set of additional permissions on top of the GPL-3.0, so its text needs the GPL's beside it.
SHIPPED_TEXTS = {
    "LGPL-3.0-only": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "LGPL-3.0-or-later": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "GPL-3.0-only": ("GPL-3.0.txt",),
}
# The Qt-bearing distributions, for the relinking terms.
QT_DISTRIBUTIONS = {"pyside6-essentials", "pyside6", "pyside6-addons", "shiboken6"}

_LICENCE_NAME = re.compile(r"(^|/)(LICEN[CS]E|COPYING|NOTICE|AUTHORS)([._-].*)?$", re.IGNORECASE)

LGPL_TERMS = """\
Qt and PySide6: GNU Lesser General Public License v3 (LGPL-3.0), and your right to replace them

BOM Auditor uses Qt (The Qt Company and other contributors) through PySide6 and shiboken6 (Qt for Python),
under the LGPL-3.0, whose text follows with the GPL-3.0 it builds on. BOM Auditor links to them dynamically
and does not modify them. You may replace them with your own or another compatible build: in the
standalone bundle they are the files under _internal/PySide6/ and _internal/shiboken6/ (the Qt libraries in
_internal/PySide6/Qt/lib/ and its plugins in _internal/PySide6/Qt/plugins/); put the replacement files in
their place and the programs load them at the next start. In an installed package, install another
PySide6-Essentials/shiboken6 with pip. Reverse engineering BOM Auditor for debugging such modifications is
permitted. The source code of Qt is at https://download.qt.io/official_releases/qt/ and
https://code.qt.io/cgit/qt/, that of PySide6 and shiboken6 at
https://code.qt.io/cgit/pyside/pyside-setup.git/ (tag v{version}); on request the BOM Auditor developers
provide the exact source of the versions shipped.
"""


@dataclass
class Notice:
    """One third-party distribution: what it is, under which licence, and the licence texts."""

    name: str
    version: str
    licence: str
    url: str = ""
    texts: list[tuple[str, str]] = field(default_factory=list)  # (file name, text)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return match.group(1) if match else ""


def _applies(requirement: str) -> bool:
    """Whether a Requires-Dist line is needed at run time here: no extra, and its marker true."""
    _, sep, marker = requirement.partition(";")
    if not sep:
        return True
    if re.search(r"\bextra\s*==", marker):
        return False
    try:
        from packaging.markers import Marker
    except ImportError:
        # Without `packaging` the marker cannot be evaluated: keep the requirement when it is installed
        # (a notice too many is better than one too few).
        return True
    return Marker(marker.strip()).evaluate({"extra": ""})


def runtime_distributions(root: str = PROJECT) -> list[metadata.Distribution]:
    """Every distribution root needs at run time (not root itself), sorted by name.

    Raises:
        metadata.PackageNotFoundError: root is not installed.
    """
    seen: dict[str, metadata.Distribution] = {}
    pending = list(metadata.distribution(root).requires or [])
    while pending:
        requirement = pending.pop()
        name = _requirement_name(requirement)
        if not name or _canonical(name) in seen or not _applies(requirement):
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # its marker did not apply here, or pip was told to leave it out
        seen[_canonical(name)] = dist
        pending.extend(dist.requires or [])
    return sorted(seen.values(), key=lambda d: _canonical(d.metadata["Name"]))


def _field(meta, name: str) -> str:
    # get_all, not [name]: a missing field is None in 3.11 and deprecated from 3.12 on.
    values = meta.get_all(name) or []
    return str(values[0]) if values else ""


def licence_of(dist: metadata.Distribution) -> str:
    """The licence as the distribution declares it: License-Expression, License, or the classifiers."""
    meta = dist.metadata
    expression = _field(meta, "License-Expression").strip()
    if expression:
        return expression
    declared = _field(meta, "License").strip()
    # Some put the whole licence text into License; a one-line value is a name, anything longer is text.
    if declared and "\n" not in declared and len(declared) <= 200:
        return declared
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and c.split("::")[-1].strip() != "OSI Approved"
    ]
    return " / ".join(classifiers) or "not declared (see the licence text)"


def licence_texts(dist: metadata.Distribution) -> list[tuple[str, str]]:
    """The licence files the distribution ships, as (name, text), in the order it declares them."""
    texts: list[tuple[str, str]] = []
    declared = dist.metadata.get_all("License-File") or []
    for name in declared:
        # Metadata 2.4 keeps them under .dist-info/licenses/, older wheels at the top of .dist-info/.
        text = dist.read_text(f"licenses/{name}") or dist.read_text(name)
        if text:
            texts.append((name, text))
    if texts:
        return texts
    for file in dist.files or []:
        parts = file.parts
        if parts and parts[0].endswith(".dist-info") and _LICENCE_NAME.search(file.as_posix()):
            try:
                texts.append((file.name, Path(str(dist.locate_file(file))).read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError):
                continue
    return texts


def _shipped_texts(licence: str) -> list[tuple[str, str]]:
    """The texts resources/licenses/ holds for the first SPDX id of licence that it knows."""
    for spdx in re.split(r"\s+(?:OR|AND|WITH)\s+|[()]", licence):
        files = SHIPPED_TEXTS.get(spdx.strip())
        if files:
            return [(f, resource_path("licenses", f).read_text(encoding="utf-8")) for f in files]
    return []


def _url(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"homepage", "home", "source", "repository", "source code"}:
            return url.strip()
    return _field(meta, "Home-page").strip()


def notice_for(dist: metadata.Distribution) -> Notice:
    """The notice of one distribution; the app's copy of its licence text when it ships none."""
    licence = licence_of(dist)
    texts = licence_texts(dist) or _shipped_texts(licence)
    return Notice(dist.metadata["Name"], dist.version, licence, _url(dist), texts)


def distributions_of(module_names: Iterable[str]) -> list[str]:
    """The installed distributions that provide these modules (by their top-level package), sorted.

    The bundle build passes every module and file PyInstaller collected, so a package that came in without
    being a declared requirement (an optional import such as openpyxl's lxml) is listed too.
    """
    providers = metadata.packages_distributions()
    found = {d for name in module_names for d in providers.get(name.split(".")[0], [])}
    return sorted(found, key=_canonical)


def python_notice() -> Notice | None:
    """The Python runtime (the bundle carries the interpreter and its standard library)."""
    lib = Path(sys.base_prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [
        lib / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE",
    ]
    for path in candidates:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        return Notice(
            "Python", sys.version.split()[0], "PSF-2.0", "https://www.python.org/", [(path.name, text)]
        )
    return None


def third_party_notices(extra: Iterable[str] = (), root: str = PROJECT) -> str:
    """The THIRD-PARTY-NOTICES text: a summary table, Qt's relinking terms, then each licence in full.

    Args:
        extra: distributions to add beyond root's runtime requirements (the bundle adds pyinstaller,
            whose bootloader starts the programs, and whatever else its analysis collected); root itself
            and those already listed are skipped.
        root: the distribution whose requirements are listed.
    """
    notices = [notice_for(d) for d in runtime_distributions(root)]
    listed = {_canonical(n.name) for n in notices} | {_canonical(root)}
    for name in extra:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if _canonical(dist.metadata["Name"]) not in listed:
            listed.add(_canonical(dist.metadata["Name"]))
            notices.append(notice_for(dist))
    runtime = python_notice()
    if runtime is not None:
        notices.append(runtime)
    width = max(len(f"{n.name} {n.version}") for n in notices)
    out = [
        f"Third-party software in BOM Auditor {__version__}",
        "",
        "BOM Auditor itself is under the MIT licence (LICENSE). It runs on the software below, each under its",
        "own licence; generated from the metadata of the installed distributions.",
        "",
    ]
    out += [f"  {(n.name + ' ' + n.version).ljust(width)}  {n.licence}" for n in notices]
    qt = next((n for n in notices if _canonical(n.name) in QT_DISTRIBUTIONS), None)
    if qt is not None:
        out += ["", "", LGPL_TERMS.format(version=qt.version).rstrip()]
    for n in notices:
        out += ["", "", "=" * 100, f"{n.name} {n.version}", f"Licence: {n.licence}"]
        if n.url:
            out.append(f"Home: {n.url}")
        if not n.texts:
            out.append("(the distribution ships no licence file)")
        for file_name, text in n.texts:
            out += ["", f"--- {file_name} ---", "", text.rstrip()]
    out += data_notices()
    return "\n".join(out) + "\n"


#: Data files shipped in resources/ under licences of their own: (what, file, licence, licence file or None
#: when the file's header carries the terms, source).
DATA_FILES = (
    (
        "Droid Sans Fallback font (PDF report)",
        "fonts/DroidSansFallbackFull.ttf",
        "Apache-2.0",
        "fonts/LICENSE-Apache-2.0.txt",
        "Debian fonts-droid-fallback (AOSP)",
    ),
    (
        "DejaVu Sans Mono font (PDF report)",
        "fonts/DejaVuSansMono.ttf",
        "Bitstream Vera licence; DejaVu changes public domain",
        "fonts/LICENSE-DejaVu.txt",
        "Debian fonts-dejavu-core",
    ),
    (
        "Ordinary-word list (matching background)",
        "matching/common-words.txt",
        "CC-BY-SA-4.0 (https://creativecommons.org/licenses/by-sa/4.0/); this list is an adaptation and is "
        "shared under the same licence",
        None,
        "wordfreq data by Robyn Speer (https://github.com/rspeer/wordfreq), words selected by frequency",
    ),
)


def data_notices() -> list[str]:
    """The notice lines of the data files in resources/ (fonts, word lists), each licence text in full."""
    out = ["", "", "=" * 100, "Data shipped with BOM Auditor (resources/)"]
    for what, file_name, licence, licence_file, source in DATA_FILES:
        out += ["", f"{what}: resources/{file_name}", f"Licence: {licence}", f"From: {source}"]
        if licence_file is not None:
            try:
                text = resource_path(*licence_file.split("/")).read_text(encoding="utf-8")
            except OSError:
                text = f"(resources/{licence_file} is missing from this install)"
            out += ["", f"--- {licence_file} ---", "", text.rstrip()]
    return out


def project_licence() -> str:
    """The text of BOM Auditor's own LICENSE: beside the programs in a bundle, the checkout's, or the
    installed distribution's."""
    candidates = []
    folder = bundle_folder()
    if folder is not None:
        candidates.append(folder / BUNDLED_LICENSE_FILE)
    candidates.append(Path(__file__).resolve().parents[2] / LICENSE_FILE)
    for path in candidates:
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            continue
    try:
        dist = metadata.distribution(PROJECT)
    except metadata.PackageNotFoundError:
        dist = None
    if dist is not None:
        for _name, text in licence_texts(dist):
            return text
    return (
        f"BOM Auditor is under the {PROJECT_LICENCE} licence; the LICENSE file is missing from this install."
    )


def shown_notices() -> str:
    """The notices Help > About shows: the bundle's generated file, else generated now from metadata."""
    folder = bundle_folder()
    if folder is not None:
        try:
            return (folder / NOTICES_FILE).read_text(encoding="utf-8")
        except OSError:
            return f"{NOTICES_FILE} is missing from this bundle ({folder}); reinstall the application."
    try:
        return third_party_notices()
    except metadata.PackageNotFoundError:
        return (
            "The third-party notices are generated from the installed package's metadata, and BOM Auditor "
            "is not installed here (pip install -e . in the checkout)."
        )
