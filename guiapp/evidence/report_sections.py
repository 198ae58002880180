"""The report's evidence sections: findings per matched entry, open items, changes since the previous audit,
hashes and the sign-off block.

Hits are grouped by the list entry they matched and, under it, by distinct cell text with every row it sits
on, so a BOM with hundreds of hits on a few makers prints on a few pages while each row stays named. Hits of one
cell text are split further only where their decisions differ.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from guiapp.evidence.entries import EntryEvidence, EntryKey, entry_key
from guiapp.evidence.manifest import DIFF_LABELS, row_ranges
from guiapp.evidence.report_html import Lines, Mono, e, kv, table
from guiapp.model import DECISION_LABELS, DECISIONS, NOT_GIVEN, Decision, FileResult, Hit, RunInfo

if TYPE_CHECKING:
    from guiapp.review.carryover import AuditDiff

HitKey = tuple[str, int, str, str]
#: Every row number is listed: the report is the evidence of where each hit sits.
_ALL_ROWS = 10**9
#: Decision times listed one by one before they are given as a range.
_MAX_TIMES = 3


def decision_of(decisions: Mapping[HitKey, Decision], hit: Hit) -> Decision:
    """The hit's decision (pending when none, or an unknown status, was recorded)."""
    d = decisions.get(hit.key)
    return d if d is not None and d.status in DECISIONS else Decision()


def decision_label(d: Decision) -> str:
    """The decision in words, "(remembered)" when it came from decision memory."""
    label = DECISION_LABELS.get(d.status, d.status)
    return f"{label} (remembered)" if d.remembered else label


def where(hits: Sequence[Hit]) -> str:
    """Every place of the hits: "BOM!C rows 5-9, 12; Parts!B row 3"."""
    places: dict[tuple[str, str], list[int]] = {}
    for h in hits:
        places.setdefault((h.sheet, h.column), []).append(h.row)
    parts = []
    for (sheet, column), rows in places.items():
        noun = "row" if len(set(rows)) == 1 else "rows"
        parts.append(f"{sheet}!{column} {noun} {row_ranges(rows, _ALL_ROWS)}")
    return "; ".join(parts)


def _times(decisions: Sequence[Decision]) -> str:
    times = sorted({d.time for d in decisions if d.time})
    if len(times) <= _MAX_TIMES:
        return ", ".join(times)
    return f"{times[0]} to {times[-1]} ({len(times)} times)"


def _signature(d: Decision) -> tuple:
    # Hits of one cell text share a line of the report when they stand decided alike; their histories may
    # differ (each decided on its own) and are all listed under the line (see _history).
    return (d.status, d.note, d.reviewer, d.remembered)


def _history(judged: Sequence[tuple[Hit, Decision]]) -> Lines | None:
    """Every decision-history line of the hits sharing a report line, oldest first, each once with the rows
    it belongs to (a bulk decision is one line for all its rows)."""
    rows_of: dict[str, list[Hit]] = {}
    for h, d in judged:
        for line in d.history:
            rows_of.setdefault(line, []).append(h)
    if not rows_of:
        return None
    if len(judged) == 1:
        return Lines(["History:", *rows_of])
    # Each line begins with its UTC time ("2026-12-04 09:58 UTC, ..."), so sorting puts them in time order.
    return Lines(["History:", *(f"{where(hs)}: {line}" for line, hs in sorted(rows_of.items()))])


def _entry_rows(ev: EntryEvidence | None) -> list[tuple[str, object]]:
    if ev is None:
        return [
            (
                "List entry",
                "not at hand: the list this hit came from was not loaded when the report was written",
            )
        ]
    entry = ev.name + (f" (listed through {ev.parent})" if ev.parent else "")
    rows: list[tuple[str, object]] = [
        ("Matched entry", entry),
        ("Entry id", Mono(ev.entity_id)),
        ("List and edition", f"{ev.watchlist}; source {ev.source}" if ev.source else ev.watchlist),
    ]
    # The same fields, labels and "not given in the list" as the JSON, the Findings sheet and the window.
    rows.extend((label, Mono(text) if label == "Entity number" and text != NOT_GIVEN else text)
                for label, text in ev.fields() if label != "List")  # fmt: skip
    rows.append(("Citation", ev.citation or NOT_GIVEN))
    if ev.scope:
        rows.append(("Scope", ev.scope))
    if ev.country:
        rows.append(("Country", ev.country))
    return rows


def findings_section(
    result: FileResult,
    decisions: Mapping[HitKey, Decision],
    entries: Mapping[EntryKey, EntryEvidence],
) -> str:
    """The hits of one file: per matched entry its evidence, then each distinct cell text with its rows,
    how it matched, the decision, who made it and when, the note and the decision history."""
    if not result.hits:
        return "<p>No hits.</p>"
    by_entry: dict[EntryKey, list[Hit]] = {}
    for h in sorted(result.hits, key=lambda h: (h.sheet, h.row, h.column)):
        by_entry.setdefault(entry_key(h), []).append(h)
    parts = []
    for key, hits in by_entry.items():
        m = hits[0].match
        values: dict[tuple[str, str], list[Hit]] = {}
        for h in hits:
            values.setdefault((h.value, h.match.reason), []).append(h)
        parts.append(
            f"<h3>{e(m.entity)} &middot; {e(', '.join(m.lists))} &middot; {len(hits)} hit(s), "
            f"{len(values)} distinct cell text(s)</h3>"
        )
        parts.append(kv(_entry_rows(entries.get(key))))
        body: list[list[object]] = []
        classes: list[str] = []
        details: list[Lines | None] = []
        for (value, reason), vhits in values.items():
            split: dict[tuple, list[tuple[Hit, Decision]]] = {}
            for h in vhits:
                d = decision_of(decisions, h)
                split.setdefault(_signature(d), []).append((h, d))
            for judged in split.values():
                d = judged[0][1]
                hm = judged[0][0].match
                body.append(
                    [
                        value,
                        where([h for h, _ in judged]),
                        len(judged),
                        f"{hm.method}, score {round(float(hm.score), 1)}: {reason}",
                        decision_label(d),
                        Lines(x for x in (d.reviewer, _times([x for _, x in judged])) if x),
                        d.note,
                    ]
                )
                classes.append(d.status)
                details.append(_history(judged))
        parts.append(
            table(
                [
                    "Cell text",
                    "Where (sheet!column rows)",
                    "Hits",
                    "How it matched",
                    "Decision",
                    "Reviewer, decided at",
                    "Note",
                ],
                body,
                classes,
                ["14%", "23%", "4%", "25%", "8%", "10%", "16%"],
                details,
            )
        )
    return "\n".join(parts)


def open_items_section(
    results: Sequence[FileResult], decisions: Mapping[str, Mapping[HitKey, Decision]]
) -> str:
    """Pending and escalated hits, one line per file, matched entry and decision, with every row (the
    findings below give each cell text)."""
    groups: dict[tuple[str, str, str], list[Hit]] = {}
    for r in results:
        file_decisions = decisions.get(r.sha256, {})
        for h in r.hits:
            status = decision_of(file_decisions, h).status
            if status in ("pending", "escalated"):
                groups.setdefault((r.path.name, h.match.entity, status), []).append(h)
    if not groups:
        return "<p>None: every hit has a final decision.</p>"
    return table(
        ["File", "Matched entity", "Decision", "Hits", "Distinct cell texts", "Where (sheet!column rows)"],
        [
            [f, ent, DECISION_LABELS[s], len(hs), len({h.value for h in hs}), where(hs)]
            for (f, ent, s), hs in groups.items()
        ],
        [s for *_, s in groups],
        ["14%", "20%", "8%", "5%", "8%", "45%"],
    )


def diff_section(result: FileResult, diff: AuditDiff) -> str:
    """Every line of the audit diff, grouped by kind in the order of DIFF_LABELS (a kind it does not name
    comes last under its own name), carried decisions with who made them and where they were made."""
    parts = [
        f"<h2>Since the previous audit: {e(result.path.name)}</h2>",
        kv(
            [("Previous audit", diff.previous), ("Previous file SHA-256", Mono(diff.previous_sha256))]
            + [(label, diff.count(kind)) for kind, label in DIFF_LABELS.items()]
        ),
    ]
    kinds = list(DIFF_LABELS) + [k for k in dict.fromkeys(x.kind for x in diff.lines) if k not in DIFF_LABELS]
    for kind in kinds:
        lines = diff.of_kind(kind)
        parts.append(f"<h3>{e(DIFF_LABELS.get(kind, kind))}: {len(lines)}</h3>")
        if not lines:
            parts.append("<p>None.</p>")
            continue
        parts.append(
            table(
                [
                    "Sheet",
                    "Row",
                    "Prev. row",
                    "Col",
                    "Cell text",
                    "Entity",
                    "Decision",
                    "Reviewer",
                    "Decided at",
                    "Decided in",
                    "Detail",
                ],
                [
                    [
                        x.sheet,
                        x.row,
                        x.old_row if x.old_row is not None else "",
                        x.column,
                        x.value,
                        x.entity,
                        decision_label(x.decision) if x.decision is not None else "",
                        x.decision.reviewer if x.decision is not None else "",
                        x.decision.time if x.decision is not None else "",
                        diff.previous if x.decision is not None else "",
                        x.detail,
                    ]
                    for x in lines
                ],
                [x.decision.status if x.decision is not None else "" for x in lines],
                ["6%", "4%", "5%", "4%", "16%", "16%", "8%", "8%", "11%", "12%", "10%"],
            )
        )
    return "\n".join(parts)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def hashes_section(results: Sequence[FileResult], run: RunInfo, copies: Mapping[str, Path]) -> str:
    """The SHA-256 of every input, annotated copy and list, in monospace so a copied hash is exact."""
    rows: list[list[object]] = []
    for r in results:
        if r.sha256:
            rows.append(["Input file", r.path.name, Mono(r.sha256)])
        copy = copies.get(r.sha256)
        if copy is not None:
            try:
                rows.append(["Annotated copy", copy.name, Mono(file_sha256(copy))])
            except OSError as exc:
                rows.append(["Annotated copy", copy.name, f"could not be read: {exc.strerror or exc}"])
    for w in run.watchlists:
        edition = w.date or w.version
        rows.append(["List", f"{w.name} ({edition})" if edition else w.name, Mono(w.sha256)])
    return table(["What", "File or list", "SHA-256"], rows, widths=["18%", "37%", "45%"])


def signoff_section(
    run: RunInfo, open_items: int, pending: int, not_screened: Sequence[str] = (), partly: Sequence[str] = ()
) -> str:
    """The block an auditor signs: what the signature attests, what stands in its way (pending hits, files not
    screened) or needs a look first (files partly screened), and lines for the reviewer and an approver."""
    blockers = []
    if pending:
        blockers.append(f"{pending} hit(s) are pending review (DRAFT)")
    if not_screened:
        blockers.append(f"not screened: {', '.join(not_screened)}")
    state = f"<p><b>Not ready to sign:</b> {e('; '.join(blockers))}.</p>" if blockers else ""
    if partly:
        state += (
            f"<p><b>Check before signing:</b> some rows of {e(', '.join(partly))} held nothing that could be "
            "screened (see Coverage per sheet).</p>"
        )
    if open_items > pending:
        state += f"<p>{open_items - pending} hit(s) are escalated and still open.</p>"
    space = "&nbsp;<br>&nbsp;<br>&nbsp;"  # room to sign on paper (both engines honour line breaks)
    return (
        "<h2>Sign-off</h2>"
        + state
        + "<p>By signing I confirm that I reviewed every hit listed in this report, that the decisions, notes "
        "and history shown are mine or were accepted by me, and that the files and lists named under "
        "Evidence hashes are the ones screened.</p>"
        + '<table cellspacing="0" cellpadding="3" border="1" width="100%"><thead><tr>'
        '<th width="14%">Role</th><th width="26%">Name</th><th width="40%">Signature</th>'
        '<th width="20%">Date</th></tr></thead><tbody>'
        f"<tr><td>Reviewer</td><td>{e(run.reviewer)}</td><td>{space}</td><td></td></tr>"
        f"<tr><td>Approver</td><td></td><td>{space}</td><td></td></tr>"
        "</tbody></table>"
    )
