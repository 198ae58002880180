"""Verify an annotated copy: is it exactly what this tool sealed, and who sealed it?

Used by ``bom-auditor-cli verify`` and before any decision is read back from a copy (``--previous``, the
window's "Apply previous audit"): a sheet this tool did not write, or a copy edited by hand, is never read as
decisions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from guiapp.evidence.plan_types import SEALED_DECISION
from guiapp.evidence.seal import (
    SEAL_KEY,
    SIDECAR_SUFFIX,
    SealCheck,
    TypedColumns,
    canonical_cell,
    content_digest,
    html_seal,
    typed_indexes,
    verify_seal,
)


@dataclass(frozen=True)
class TypedEdit:
    """A Findings row whose decision cells were typed into after the copy was sealed.

    Attributes:
        row: the row number in the Findings sheet (1-based, as a spreadsheet shows it).
        sheet, bom_row, column: the BOM cell the finding is on.
        value: the cell text.
        entity, entity_id: the matched list entry.
        line: the line identity recorded for the finding.
        sealed: what the typed columns held when sealed (title -> text).
        typed: what they hold now (title -> text).
    """

    row: int
    sheet: str
    bom_row: int
    column: str
    value: str
    entity: str
    entity_id: str
    line: str
    sealed: dict[str, str]
    typed: dict[str, str]

    def changes(self) -> list[tuple[str, str, str]]:
        """(column title, sealed text, typed text) for each typed column that changed."""
        return [(t, self.sealed.get(t, ""), self.typed.get(t, "")) for t in self.typed if _same(self, t)]

    def text(self) -> str:
        """One line for a person: where, and what changed from what."""
        parts = "; ".join(
            f"{t}: {old or '(empty)'!s} -> {new or '(empty)'!s}" for t, old, new in self.changes()
        )
        return f"Findings row {self.row} ({self.sheet}!{self.column}{self.bom_row} {self.value!r}, {self.entity}): {parts}"


def _same(edit: TypedEdit, title: str) -> bool:
    return canonical_cell(edit.sealed.get(title, "")) != canonical_cell(edit.typed.get(title, ""))


@dataclass(frozen=True)
class CopyCheck:
    """What verifying one file found: the seal check, the sheets it covers, and decisions typed in since."""

    path: Path
    seal: SealCheck
    sheets: tuple[str, ...] = ()
    edits: tuple[TypedEdit, ...] = ()

    def message(self) -> str:
        """One line for a person."""
        s = self.seal
        if not s.intact:
            return f"{self.path.name}: NOT verified: {s.problem}"
        if not s.trusted:
            return (
                f"{self.path.name}: intact, but sealed by {s.signer} (key {s.key_id}), which this install does not "
                "trust; add that install's key with 'bom-auditor-cli keys trust' if you know it"
            )
        if self.edits:
            return (
                f"{self.path.name}: sealed by {s.signer} (key {s.key_id}), but {len(self.edits)} finding(s) were "
                "typed into by hand since it was sealed; nothing typed counts until a reviewer accepts it with "
                f"'bom-auditor-cli review \"{self.path.name}\" --reviewer NAME' (or File > Review typed decisions)"
            )
        return f"{self.path.name}: intact, sealed by {s.signer} (key {s.key_id})"

    @property
    def ok(self) -> bool:
        """Exactly as sealed, by a trusted key: the only state in which decisions are read back as they stand."""
        return self.seal.ok and not self.edits


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
        return CopyCheck(path, verify_seal(seal, lambda _names, _typed: digest))
    if suffix == ".pdf":
        sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
        try:
            seal = sidecar.read_text(encoding="utf-8").strip()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return CopyCheck(path, SealCheck(False, "", False, "", f"its seal {sidecar.name} is missing"))
        return CopyCheck(path, verify_seal(seal, lambda _names, _typed: digest))
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
    typed_in: dict[str, list[str]] = {}

    def digest_of(names: Sequence[str], typed: TypedColumns) -> str | None:
        if any(n not in wb.sheet_names for n in names):
            return None
        sealed.extend(names)
        typed_in.update({k: list(v) for k, v in typed.items()})
        return content_digest(((n, wb.get_sheet_by_name(n).to_python()) for n in names), typed)

    check = verify_seal(seal, digest_of)
    edits: tuple[TypedEdit, ...] = ()
    if check.intact:
        edits = tuple(
            e
            for name, titles in typed_in.items()
            for e in _typed_edits(wb.get_sheet_by_name(name).to_python(), titles)
        )
        if edits:
            # The sealed content is intact; the copy as a whole is not what was sealed (CopyCheck.ok).
            check = replace(check, problem=f"{len(edits)} finding(s) typed into since it was sealed")
    return CopyCheck(path, check, tuple(sealed), edits)


def _typed_edits(rows: Sequence[Sequence[Any]], titles: Sequence[str]) -> list[TypedEdit]:
    """The Findings rows whose typed columns differ from what their sealed column recorded."""
    if not rows:
        return []
    head = [canonical_cell(v) for v in rows[0]]
    at = typed_indexes(head, titles)
    if at is None or SEALED_DECISION not in head:
        return []
    col = {t: head.index(t) for t in head if t}
    sealed_at = col[SEALED_DECISION]
    out = []
    for n, row in enumerate(rows[1:], start=2):
        cells = list(row) + [""] * (len(head) - len(row))

        def get(title: str, cells: list = cells) -> str:
            return canonical_cell(cells[col[title]]) if title in col else ""

        try:
            sealed_values = json.loads(str(cells[sealed_at]))
        except ValueError:
            sealed_values = None
        if not isinstance(sealed_values, list) or len(sealed_values) != len(titles):
            continue  # a damaged sealed column is caught by the digest; nothing to compare here
        sealed = {t: str(v) for t, v in zip(titles, sealed_values, strict=True)}
        typed = {t: _raw_text(cells[i]) for t, i in zip(titles, at, strict=True)}
        if all(canonical_cell(sealed[t]) == canonical_cell(typed[t]) for t in titles):
            continue
        try:
            bom_row = int(float(get("Row")))
        except ValueError:
            bom_row = 0
        out.append(
            TypedEdit(
                n, get("Sheet"), bom_row, get("Column"), get("Cell text"), get("Matched entity"),
                get("Entity id"), get("Line identity"), sealed, typed,
            )
        )  # fmt: skip
    return out


def _raw_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
