"""Verify an annotated copy: is it exactly what this tool sealed, and who sealed it?

Used by ``bom-auditor-cli verify`` and before any decision is read back from a copy (``--previous``, the
window's "Apply previous audit"): a sheet this tool did not write, or a copy edited by hand, is never read as
decisions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from guiapp.evidence.seal import SEAL_KEY, SIDECAR_SUFFIX, SealCheck, content_digest, html_seal, verify_seal


@dataclass(frozen=True)
class CopyCheck:
    """What verifying one file found: the seal check, and the sheets it covers (for decisions)."""

    path: Path
    seal: SealCheck
    sheets: tuple[str, ...] = ()

    def message(self) -> str:
        """One line for a person."""
        s = self.seal
        if s.ok:
            return f"{self.path.name}: intact, sealed by {s.signer} (key {s.key_id})"
        if s.intact:
            return (
                f"{self.path.name}: intact, but sealed by {s.signer} (key {s.key_id}), which this install does not "
                "trust; add that install's key with 'bom-auditor-cli keys trust' if you know it"
            )
        return f"{self.path.name}: NOT verified: {s.problem}"


def verify_file(path: str | Path) -> CopyCheck:
    """Verify any evidence file: an annotated copy, an HTML report (seal inside) or a PDF (sidecar seal)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return CopyCheck(path, SealCheck(False, "", False, "", f"cannot be read ({exc})"))
        body, seal = html_seal(text)
        if not seal:
            return CopyCheck(
                path, SealCheck(False, "", False, "", "it has no seal: not a report made by this version")
            )
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        return CopyCheck(path, verify_seal(seal, lambda _names: digest))
    if suffix == ".pdf":
        sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
        try:
            seal = sidecar.read_text(encoding="utf-8").strip()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return CopyCheck(path, SealCheck(False, "", False, "", f"its seal {sidecar.name} is missing"))
        return CopyCheck(path, verify_seal(seal, lambda _names: digest))
    return verify_copy(path)


def verify_copy(path: str | Path) -> CopyCheck:
    """Check the seal of an annotated copy (any sheet order, any writer that kept the cell values)."""
    path = Path(path)
    try:
        wb = CalamineWorkbook.from_path(str(path))
        seal = ""
        for name in wb.sheet_names:
            for row in wb.get_sheet_by_name(name).to_python():
                if row and row[0] == SEAL_KEY and len(row) > 1:
                    seal = str(row[1])
                    break
            if seal:
                break
    except Exception as exc:  # calamine raises its own error types for damaged files
        return CopyCheck(path, SealCheck(False, "", False, "", f"cannot be read as a workbook ({exc})"))
    if not seal:
        return CopyCheck(
            path,
            SealCheck(False, "", False, "", "it has no seal: not an annotated copy made by this version"),
        )
    sealed: list[str] = []

    def digest_of(names: Sequence[str]) -> str | None:
        if any(n not in wb.sheet_names for n in names):
            return None
        sealed.extend(names)
        return content_digest((n, wb.get_sheet_by_name(n).to_python()) for n in names)

    return CopyCheck(path, verify_seal(seal, digest_of), tuple(sealed))
