"""Reading an earlier annotated copy back: the decisions recorded in its Findings sheet, for carry-over.

The copy is evidence this tool wrote (guiapp.evidence.export), so reading it back belongs here, beside the
writer; the carry-over rules themselves are review's (guiapp.review.carryover).
"""

from __future__ import annotations

import json
from pathlib import Path

from python_calamine import CalamineWorkbook

from guiapp.evidence.export import FINDINGS_SHEET
from guiapp.evidence.plan_types import SEALED_DECISION, TYPED_COLUMNS
from guiapp.evidence.verify import verify_copy
from guiapp.model import Decision
from guiapp.review.carryover import PriorFinding
from guiapp.review.session import AuditFileError


def priors_from_export(path: str | Path, *, as_sealed: bool = False) -> tuple[list[PriorFinding], str]:
    """Previous findings from a previous annotated workbook's Findings sheet, and the file SHA-256 it records.

    Only a copy whose seal verifies under a key this install trusts is read (guiapp.evidence.verify).

    Args:
        path: the annotated copy.
        as_sealed: read a copy with decisions typed into it since sealing, taking the sealed decisions and
            ignoring the typed ones (the review command, which records the typed ones it is told to accept);
            without it such a copy is refused, so nothing typed is ever taken silently.

    Raises:
        AuditFileError: the workbook is not a sealed, unedited copy, or has no readable Findings sheet.
    """
    path = Path(path)
    check = verify_copy(path)
    if not (check.ok or (as_sealed and check.seal.ok)):
        # A forged Findings sheet in a supplier's file, a decision typed into a copy, a copy from another
        # install nobody trusted: never read as decisions.
        raise AuditFileError(
            f"{check.message()}; its decisions are not carried over. Choose an annotated copy made and sealed "
            "by this tool and not edited since"
        )
    try:
        wb = CalamineWorkbook.from_path(str(path))
        # The Findings sheet the seal covers, not any sheet that merely carries the name.
        name = next((n for n in check.sheets if n.startswith(FINDINGS_SHEET)), None)
        if name is None:
            raise AuditFileError(
                f"{path.name}: has no Findings sheet; choose an annotated copy made by this tool"
            )
        rows = wb.get_sheet_by_name(name).to_python()
        manifest = next((n for n in wb.sheet_names if n.startswith("Audit manifest")), None)
        sha = ""
        if manifest is not None:
            for r in wb.get_sheet_by_name(manifest).to_python():
                if len(r) > 1 and r[0] == "SHA-256":
                    sha = str(r[1])
                    break
    except AuditFileError:
        raise
    except Exception as exc:  # calamine raises its own error types (and Rust panics) for damaged files
        raise AuditFileError(f"{path.name}: cannot be read as a workbook ({exc})") from exc
    if not rows:
        return [], sha
    head = [str(c) for c in rows[0]]
    need = (
        "Sheet",
        "Row",
        "Column",
        "Cell text",
        "Matched entity",
        "Decision",
        "Entity id",
        "Entry fingerprint",
    )
    if any(n not in head for n in need):
        raise AuditFileError(
            f"{path.name}: its Findings sheet lacks entity ids; it was made by an older version"
        )
    col = {n: head.index(n) for n in head}
    out = []
    for r in rows[1:]:
        r = list(r) + [""] * (len(head) - len(r))

        def get(n: str, r: list = r) -> str:
            v = r[col[n]] if n in col else ""
            return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)

        typed = {t: get(t) if t in col else "" for t in TYPED_COLUMNS}
        if SEALED_DECISION in col:
            # The sealed values, not what may have been typed over them (see guiapp.evidence.verify).
            try:
                typed = dict(
                    zip(TYPED_COLUMNS, (str(v) for v in json.loads(get(SEALED_DECISION))), strict=True)
                )
            except ValueError as exc:
                raise AuditFileError(f"{path.name}: its sealed decisions cannot be read ({exc})") from exc
        decision = Decision(
            status=decision_status(typed["Decision"]) or "pending",
            note=typed["Note"],
            reviewer=typed["Reviewer"],
            time=typed["Decided at"],
        )
        try:
            row = int(float(get("Row")))
        except ValueError:
            continue
        out.append(
            PriorFinding(
                get("Sheet"), row, get("Column"), get("Cell text"), get("Entity id"), get("Matched entity"),
                get("Entry fingerprint"), decision, get("Line identity") if "Line identity" in col else "",
            )
        )  # fmt: skip
    return out, sha


#: Decision words as people type them into a copy: "confirmed", "False Positive ", "false_positive" all count.
_LABELS = {
    "pending": "pending",
    "confirmed": "confirmed",
    "false positive": "false_positive",
    "escalated": "escalated",
}


def decision_status(label: str) -> str | None:
    """The decision status a Decision cell's text names (None: not a decision word)."""
    key = " ".join(label.replace("_", " ").split()).casefold().replace(" (remembered)", "")
    return _LABELS.get(key)
