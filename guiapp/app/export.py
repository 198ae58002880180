"""Export use cases: where an annotated copy goes, and writing one or many, the same from every front end.

The copy keeps the input's kind where it matters: an .xlsm stays .xlsm with its macros, whether the copy is
written by the window (Ctrl+E, Export all), the CLI (--out) or a batch; every other input gets .xlsx.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from guiapp.evidence.export import default_output_path, export_annotated
from guiapp.model import Cancelled, CancelToken, Decision, FileResult, ProgressCallback, RunInfo
from guiapp.review.carryover import AuditDiff
from guiapp.settings import remove_stale_temp_files

log = logging.getLogger(__name__)

HitKey = tuple[str, int, str, str]
#: "reserved" names in an output folder: a copy never takes one of them.
Reserved = frozenset[str]


def copy_path(input_path: Path, chosen: Path | None = None) -> Path:
    """The annotated copy's path: the default beside the input, or the chosen path with the right suffix.

    A chosen name keeps its folder and stem; its suffix becomes the one the copy must have (.xlsm for a macro
    workbook, else .xlsx), so a macro workbook is never written under an .xlsx name without its macros.
    """
    default = default_output_path(Path(input_path))
    if chosen is None:
        return default
    chosen = Path(chosen)
    suffix = chosen.suffix.lower()
    if suffix == default.suffix:
        return chosen
    if suffix in (".xlsx", ".xlsm"):
        return chosen.with_suffix(default.suffix)
    return chosen.with_name(chosen.name + default.suffix)  # "bom.audited" -> "bom.audited.xlsx"


def plan_copies(paths: Sequence[Path], out_dir: Path, reserved: Reserved = frozenset()) -> dict[Path, Path]:
    """`<stem>.audited.xlsx` (or .xlsm) per input in out_dir; numbered when two inputs share a stem.

    Two inputs with the same name in different folders never overwrite each other's copy, and a copy never
    takes an input's own path or a reserved name (the batch summary).
    """
    taken = {r.casefold() for r in reserved}
    out: dict[Path, Path] = {}
    for p in paths:
        target = default_output_path(p, out_dir)
        n = 2
        while target.name.casefold() in taken or target.resolve() == Path(p).resolve():
            target = out_dir / f"{Path(p).stem}-{n}.audited{target.suffix}"
            n += 1
        taken.add(target.name.casefold())
        out[Path(p)] = target
    return out


def export_copy(
    result: FileResult,
    out_path: Path,
    run: RunInfo,
    decisions: Mapping[HitKey, Decision] | None,
    *,
    diff: AuditDiff | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """Write the annotated copy of one screened file (the original is never modified).

    Raises:
        ExportError: the copy could not be written; the message names the file and what to do.
        Cancelled: the cancel token was set.
    """
    if result.screened_at:
        # The evidence records when this file was screened, not when the copy happened to be written.
        run = replace(run, started_at=result.screened_at)
    remove_stale_temp_files(out_path.parent)  # half-written copies of a killed run (the window's exports too)
    written = export_annotated(result, out_path, run, decisions, diff=diff, progress=progress, cancel=cancel)
    log.info(
        "exported %s (sha256 %s) to %s: %d hit(s), %d decision(s), lists %s",
        result.path,
        result.sha256,
        written,
        len(result.hits),
        len(decisions or {}),
        ", ".join(f"{w.name} {w.version}" for w in run.watchlists),
    )
    return written


def export_copies(
    jobs: Sequence[tuple[FileResult, Path, Mapping[HitKey, Decision] | None]],
    run: RunInfo,
    diffs: Mapping[str, AuditDiff] | None = None,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: CancelToken | None = None,
) -> tuple[list[Path], list[str]]:
    """Write several annotated copies; one file's failure is recorded and the others go on.

    Returns:
        (paths written, one message per file that could not be written).

    Raises:
        Cancelled: the cancel token was set (copies already written stay).
    """
    diffs = diffs or {}
    written: list[Path] = []
    failed: list[str] = []
    for i, (result, out, decisions) in enumerate(jobs):
        if cancel is not None:
            cancel.raise_if_cancelled()
        if progress is not None:
            progress(i, len(jobs), f"Exporting {out.name} ({i + 1} of {len(jobs)})…")
        try:
            written.append(
                export_copy(result, out, run, decisions, diff=diffs.get(result.sha256), cancel=cancel)
            )
        except Cancelled:
            raise
        except Exception as exc:  # one file's failure must not stop the others
            log.warning("export of %s failed: %s", result.path, exc)
            failed.append(f"{Path(result.path).name}: {exc}")
    return written, failed
