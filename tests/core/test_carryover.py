"""Tests for guiapp.review.carryover: decisions of a previous audit applied to a new BOM revision or list edition."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest

from guiapp.evidence.export import export_annotated
from guiapp.evidence.previous import priors_from_export
from guiapp.model import Decision, FileResult, Hit, Match
from guiapp.review.carryover import (
    carry_over,
    entry_fingerprint,
    merged_decisions,
    priors_from_audit_file,
    priors_from_result,
)
from guiapp.review.session import AuditFileError, AuditSession, HitRef
from tests.core.test_export import make_match, make_result, manifest_text, run_info, source_xlsx  # noqa: F401


def hit(row: int, value: str, entity: str, col: str = "B", match: Match | None = None) -> Hit:
    return Hit("BOM", row, col, "manufacturer", value, match or make_match(entity))


V1 = FileResult(
    path=Path("/boms/falcon-v1.xlsx"),
    sha256="11" * 32,
    hits=[hit(4, "Hikvision", "HIKVISION"), hit(5, "Dahua", "DAHUA"), hit(6, "ZTE Corp", "ZTE")],
)
V1_DECISIONS = {
    ("BOM", 4, "B", "HIKVISION"): Decision(
        "confirmed", "camera, remove", "A. Auditor", "2024-10-01T10:00:00Z"
    ),
    ("BOM", 5, "B", "DAHUA"): Decision(
        "false_positive", "Dahua Wire, not Dahua Tech", "A. Auditor", "2024-10-01"
    ),
    ("BOM", 6, "B", "ZTE"): Decision("false_positive", "old", "B. Boss", "2024-10-02"),
}
# Revision 2: a line inserted above (Hikvision moves to row 5, and appears again on row 9, spelled in capitals),
# Dahua is gone, Huawei is new, ZTE's list entry gained a list (so its decision must not carry over).
ZTE_CHANGED = dataclasses.replace(make_match("ZTE"), lists=("BIS-EL 2024-09", "NDAA-889", "FCC-CL"))
V2 = FileResult(
    path=Path("/boms/falcon-v2.xlsx"),
    sha256="22" * 32,
    hits=[
        hit(5, "Hikvision", "HIKVISION"),
        hit(7, "ZTE Corp", "ZTE", match=ZTE_CHANGED),
        hit(8, "Huawei", "HUAWEI"),
        hit(9, "HIKVISION ", "HIKVISION"),
    ],
)


def check_diff(carried, diff) -> None:
    assert carried[("BOM", 5, "B", "HIKVISION")] == dataclasses.replace(
        V1_DECISIONS[("BOM", 4, "B", "HIKVISION")], remembered=True
    )
    assert carried[("BOM", 9, "B", "HIKVISION")].status == "confirmed"  # same text once normalised
    assert ("BOM", 7, "B", "ZTE") not in carried and ("BOM", 8, "B", "HUAWEI") not in carried
    assert [(x.kind, x.row) for x in diff.lines] == [
        ("new", 8),
        ("changed", 7),
        ("resolved", 5),
        ("carried", 5),
        ("carried", 9),
    ]
    changed = diff.of_kind("changed")[0]
    assert changed.old_row == 6 and changed.decision.note == "old" and "entry changed" in changed.detail
    assert diff.of_kind("resolved")[0].value == "Dahua"
    assert diff.of_kind("carried")[0].detail == "carried over (was row 4)"
    assert (diff.count("new"), diff.count("resolved"), diff.count("changed"), diff.count("carried")) == (
        1,
        1,
        1,
        2,
    )


def test_decisions_follow_the_row_text_not_the_row_number():
    carried, diff = carry_over(
        priors_from_result(V1, V1_DECISIONS), V2, previous="v1", previous_sha256=V1.sha256
    )
    check_diff(carried, diff)
    assert diff.previous == "v1" and diff.previous_sha256 == V1.sha256


def test_decisions_taken_on_the_new_file_win():
    mine = {("BOM", 5, "B", "HIKVISION"): Decision("escalated", "ask legal", "C", "2024-11-01")}
    carried, _ = carry_over(priors_from_result(V1, V1_DECISIONS), V2, current=mine)
    assert ("BOM", 5, "B", "HIKVISION") not in carried
    assert merged_decisions(carried, mine)[("BOM", 5, "B", "HIKVISION")].status == "escalated"


def test_lines_found_again_without_a_decision_to_carry_are_listed_as_unchanged():
    # Row 4 was pending in v1 and is found again; row 5's decision is overridden by one taken on v2: both are
    # unchanged lines of their own, never silently dropped from the diff.
    decisions = {k: v for k, v in V1_DECISIONS.items() if k[1] != 4}
    mine = {("BOM", 5, "B", "HIKVISION"): Decision("escalated", "ask legal", "C", "2024-11-01")}
    again = FileResult(
        path=V1.path, sha256=V1.sha256, hits=[hit(5, "Hikvision", "HIKVISION"), hit(6, "Dahua", "DAHUA")]
    )
    v1 = FileResult(
        path=V1.path, sha256=V1.sha256, hits=[hit(4, "Hikvision", "HIKVISION"), hit(5, "Dahua", "DAHUA")]
    )
    carried, diff = carry_over(priors_from_result(v1, decisions), again, current={})
    assert [(x.kind, x.row, x.old_row) for x in diff.lines] == [("carried", 6, 5), ("unchanged", 5, 4)]
    assert diff.of_kind("unchanged")[0].decision is None and "pending" in diff.of_kind("unchanged")[0].detail
    dahua = {("BOM", 5, "B", "DAHUA"): Decision("false_positive", "Dahua Wire", "A", "2024-10-01")}
    mine = {("BOM", 6, "B", "DAHUA"): Decision("confirmed", "really Dahua", "C", "2024-11-01")}
    carried, diff = carry_over(priors_from_result(v1, dahua), again, current=mine)
    assert not carried
    kinds = {(x.kind, x.row) for x in diff.lines}
    assert kinds == {("unchanged", 5), ("unchanged", 6)}
    line = next(x for x in diff.lines if x.row == 6)
    assert line.decision.note == "Dahua Wire" and "already decided" in line.detail


def test_newer_list_edition_with_unchanged_entries_keeps_every_decision():
    # Same BOM, new edition name of the list: the entries are unchanged, so every decision carries over.
    renamed = FileResult(
        path=V1.path,
        sha256=V1.sha256,
        hits=[
            dataclasses.replace(h, match=dataclasses.replace(h.match, watchlist="Built-in 2025.1"))
            for h in V1.hits
        ],
    )
    carried, diff = carry_over(priors_from_result(V1, V1_DECISIONS), renamed)
    assert {k: dataclasses.replace(d, remembered=False) for k, d in carried.items()} == V1_DECISIONS
    assert diff.count("carried") == 3 and diff.count("changed") == 0
    # With the lists' own fingerprints, a changed entry is caught even when the match looks the same.
    fps_old = {"HIKVISION": "a", "DAHUA": "b", "ZTE": "c"}
    fps_new = {**fps_old, "ZTE": "c2"}
    _, diff = carry_over(priors_from_result(V1, V1_DECISIONS, fps_old), renamed, fingerprints=fps_new)
    assert [x.row for x in diff.of_kind("changed")] == [6]
    assert entry_fingerprint(V1.hits[0].match, fps_old) == "a"


def test_priors_from_a_saved_audit_file(tmp_path: Path):
    session = AuditSession(reviewer="A. Auditor")
    session.add_result(V1)
    for key, d in V1_DECISIONS.items():
        ref = next(HitRef(V1.sha256, h) for h in V1.hits if h.key == key)
        session.decide([ref], d.status, d.note, d.reviewer, remember=False)
    path = session.save(tmp_path / "falcon.audit.json")
    priors = priors_from_audit_file(path, V1)
    carried, diff = carry_over(priors, V2)
    assert carried[("BOM", 5, "B", "HIKVISION")].note == "camera, remove"
    assert diff.count("carried") == 2 and diff.count("resolved") == 1
    with pytest.raises(AuditFileError, match="holds no decisions for falcon-v2.xlsx"):
        priors_from_audit_file(path, V2)
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(AuditFileError):
        priors_from_audit_file(tmp_path / "bad.json", V1)


def test_priors_from_a_kept_annotated_workbook_and_diff_in_manifest(
    source_xlsx: Path,  # noqa: F811
    run_info,  # noqa: F811
    tmp_path: Path,
):
    old = make_result(source_xlsx)
    old_decisions = {
        ("BOM", 5, "B", "DAHUA"): Decision(
            "confirmed", "Dahua camera, remove", "A. Auditor", "2024-10-01T10:00:00Z"
        )
    }
    kept = export_annotated(old, tmp_path / "v1.audited.xlsx", run_info, old_decisions)
    priors, sha = priors_from_export(kept)
    assert sha == old.sha256 and len(priors) == 4
    assert next(p for p in priors if p.entity_id == "DAHUA").decision.note == "Dahua camera, remove"
    # The same file screened again: Dahua's decision carries over; the manifest shows the diff.
    carried, diff = carry_over(priors, old, previous=kept.name, previous_sha256=sha)
    assert carried[("BOM", 5, "B", "DAHUA")].status == "confirmed"
    out = export_annotated(old, tmp_path / "v2.audited.xlsx", run_info, carried, diff=diff)
    text = manifest_text(out)
    assert "Since the previous audit" in text and "v1.audited.xlsx" in text
    assert "Decisions carried over | 1" in text and "New hits | 0" in text
    assert openpyxl.load_workbook(out)["BOM"]["G5"].value == "Confirmed (remembered)"
    (tmp_path / "plain.xlsx").write_bytes(source_xlsx.read_bytes())
    with pytest.raises(AuditFileError, match="has no seal"):
        priors_from_export(tmp_path / "plain.xlsx")
