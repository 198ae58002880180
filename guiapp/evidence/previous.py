"""Reading an earlier annotated copy back: the decisions recorded in its Findings sheet, for carry-over.

The copy is evidence this tool wrote (guiapp.evidence.export), so reading it back belongs here, beside the
writer; the carry-over rules themselves are review's (guiapp.review.carryover).
"""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from guiapp.evidence.export import FINDINGS_SHEET
from guiapp.evidence.verify import verify_copy
from guiapp.model import Decision
from guiapp.review.carryover import PriorFinding
from guiapp.review.session import AuditFileError


def priors_from_export(path: str | Path) -> tuple[list[PriorFinding], str]:
    """Previous findings from a previous annotated workbook's Findings sheet, and the file SHA-256 it records.

    Only a copy whose seal verifies under a key this install trusts is read (guiapp.evidence.verify).

    Raises:
        AuditFileError: the workbook is not a sealed, unedited copy, or has no readable Findings sheet.
    """
    path = Path(path)
    check = verify_copy(path)
    if not check.seal.ok:
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
    # Auditors type decisions into the copy by hand: "confirmed", "False Positive ", "false_positive" all count.
    labels = {
        "pending": "pending",
        "confirmed": "confirmed",
        "false positive": "false_positive",
        "escalated": "escalated",
    }
    out = []
    for r in rows[1:]:
        r = list(r) + [""] * (len(head) - len(r))

        def get(n: str, r: list = r) -> str:
            v = r[col[n]] if n in col else ""
            return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)

        label = " ".join(get("Decision").replace("_", " ").split()).casefold().replace(" (remembered)", "")
        decision = Decision(
            status=labels.get(label, "pending"),
            note=get("Note") if "Note" in col else "",
            reviewer=get("Reviewer") if "Reviewer" in col else "",
            time=get("Decided at") if "Decided at" in col else "",
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
