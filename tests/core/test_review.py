"""Review core: decisions keyed by file + hit, grouping, audit files, autosave recovery, decision memory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guiapp.model import FileResult, Hit, Match
from guiapp.review.identity import entity_fingerprint, normalize_value
from guiapp.review.memory import DecisionMemory, MappingMemory
from guiapp.review.session import AuditFileError, AuditSession, Autosave, HitRef, locate_file


def _hit(value: str, row: int, entity: str = "HIKVISION", column: str = "B", sheet: str = "BOM") -> Hit:
    m = Match(
        entity_id=entity,
        entity=entity.title(),
        parent_id=entity,
        parent=entity.title(),
        matched_name=value,
        lists=("BIS-EL", "NDAA-889"),
        method="alias",
        score=100.0,
        reason="alias",
    )
    return Hit(sheet=sheet, row=row, column=column, field="manufacturer", value=value, match=m)


def _result(tmp_path: Path, name: str, sha: str, hits: list[Hit]) -> FileResult:
    path = tmp_path / name
    path.write_bytes(b"x")
    return FileResult(path=path, sha256=sha, hits=hits)


@pytest.fixture
def session(tmp_path):
    s = AuditSession(reviewer="Ana", memory=DecisionMemory(tmp_path / "mem.json"))
    s.add_result(
        _result(
            tmp_path,
            "a.xlsx",
            "aaa",
            [_hit("Hikvision", 3), _hit("HIKVISION ", 7), _hit("Dahua", 9, "DAHUA")],
        )
    )
    s.add_result(_result(tmp_path, "b.xlsx", "bbb", [_hit("hikvision", 2)]))
    return s


def test_decide_records_status_note_reviewer_and_utc_time(session):
    ref = session.refs()[0]
    session.decide([ref], "confirmed", "listed maker", "Bo")
    d = session.decision(ref)
    assert (d.status, d.note, d.reviewer) == ("confirmed", "listed maker", "Bo")
    assert d.time.endswith("+00:00")
    # Other hits stay pending; a note-less decision keeps the note.
    assert session.decision(session.refs()[1]).status == "pending"
    session.decide([ref], "escalated")
    assert session.decision(ref).note == "listed maker"
    assert session.decision(ref).reviewer == "Ana"
    with pytest.raises(ValueError):
        session.decide([ref], "cleared")


def test_groups_cover_every_row_with_the_same_value_and_entity(session):
    groups = session.groups()
    assert [len(g.refs) for g in groups] == [3, 1]
    hik = groups[0]
    assert hik.key == ("hikvision", "HIKVISION")
    session.decide(hik.refs, "false_positive", "ours, not theirs")
    assert {session.decision(r).status for r in hik.refs} == {"false_positive"}
    assert session.summary()["false_positive"] == 3
    assert session.summary()["pending"] == 1
    assert len(session.group_refs(session.refs()[0])) == 3


def test_audit_round_trip_reapplies_decisions_by_sha_and_key(session, tmp_path):
    ref = session.refs()[2]
    session.decide([ref], "confirmed", "Dahua NVR")
    path = session.save(tmp_path / "x.bomaudit.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == 1 and {f["sha256"] for f in data["files"]} == {"aaa", "bbb"}

    loaded = AuditSession.load(path)
    assert [r.name for r in loaded.records] == ["a.xlsx", "b.xlsx"]
    # The same BOM (same SHA) screened again on another machine gets the decision back.
    loaded.add_result(FileResult(path=Path("/elsewhere/a.xlsx"), sha256="aaa", hits=[ref.hit]))
    d = loaded.decision(HitRef("aaa", ref.hit))
    assert (d.status, d.note, d.remembered) == ("confirmed", "Dahua NVR", False)
    # A different file with the same hit does not.
    assert loaded.decision(HitRef("ccc", ref.hit)).status == "pending"


def test_audit_files_that_are_not_audits_give_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(AuditFileError, match="bad.json"):
        AuditSession.load(bad)
    other = tmp_path / "other.json"
    other.write_text('{"kind": "something else"}', encoding="utf-8")
    with pytest.raises(AuditFileError, match="not a BOM Auditor audit"):
        AuditSession.load(other)
    with pytest.raises(AuditFileError, match="missing.json"):
        AuditSession.load(tmp_path / "missing.json")


def test_locate_file_falls_back_to_the_audit_folder(tmp_path, session):
    rec = session.file_records()[0]
    moved = tmp_path / "moved"
    moved.mkdir()
    (moved / rec.name).write_bytes(b"x")
    Path(rec.path).unlink()
    assert locate_file(rec, moved) == moved / rec.name
    assert locate_file(rec, None) is None


def test_autosave_keeps_previous_copy_and_recovers_from_corruption(session, tmp_path):
    auto = Autosave(tmp_path / "auto")
    session.decide([session.refs()[0]], "confirmed")
    auto.write(session)
    session.decide([session.refs()[1]], "confirmed")
    auto.write(session)
    assert auto.previous.exists()
    restored, warning = auto.read()
    assert warning == "" and len(restored.decisions) == 2

    auto.current.write_text('{"kind": "bom-auditor-au', encoding="utf-8")  # torn write
    restored, warning = auto.read()
    assert restored is not None and len(restored.decisions) == 1
    assert "damaged" in warning and "previous copy" in warning

    auto.previous.write_text("garbage", encoding="utf-8")
    restored, warning = auto.read()
    assert restored is None and "could not be restored" in warning

    auto.clear()
    assert auto.read() == (None, "")


def test_a_corrupt_autosave_is_not_rotated_over_the_good_previous_copy(session, tmp_path):
    auto = Autosave(tmp_path / "auto")
    auto.write(session)
    auto.write(session)
    good = auto.previous.read_text(encoding="utf-8")
    auto.current.write_text("garbage", encoding="utf-8")
    auto.write(session)
    assert auto.previous.read_text(encoding="utf-8") == good


def test_decision_memory_round_trip_and_fingerprint(tmp_path):
    path = tmp_path / "mem.json"
    s1 = AuditSession(reviewer="Ana", memory=DecisionMemory.load(path), fingerprints={"HIKVISION": "v1"})
    s1.add_result(_result(tmp_path, "a.xlsx", "aaa", [_hit("Hik Vision", 3)]))
    s1.decide(s1.refs(), "false_positive", "a distributor's typo for a local brand")
    s1.memory.save()

    # A new BOM with the same value (written differently) is offered it as a suggestion; it stays pending.
    mem = DecisionMemory.load(path)
    assert len(mem) == 1 and mem.entries()[0].example == "Hik Vision"
    s2 = AuditSession(reviewer="Ben", memory=mem, fingerprints={"HIKVISION": "v1"})
    s2.add_result(_result(tmp_path, "b.xlsx", "bbb", [_hit("HIK  VISION", 12)]))
    ref = s2.refs()[0]
    assert s2.decision(ref).status == "pending" and s2.explicit_decision(ref) is None
    suggestion = s2.suggestion(ref)
    assert (suggestion.status, suggestion.reviewer, suggestion.origin_name) == (
        "false_positive",
        "Ana",
        "a.xlsx",
    )
    assert "typo" in suggestion.text() and "a.xlsx" in suggestion.text()
    assert s2.summary()["pending"] == 1
    # Accepting records it under the accepting reviewer, saying where it came from.
    assert s2.accept_suggestions([ref]) == 1
    d = s2.decision(ref)
    assert (d.status, d.reviewer, d.remembered) == ("false_positive", "Ben", False)
    assert d.note.startswith("Accepted suggestion: cleared as a false positive in a.xlsx by Ana")
    assert s2.suggestion(ref) is None  # decided here now
    # A decision in one BOM never changes a decision already made in another.
    s2.decide([ref], "confirmed", "on second look", remember=True)
    assert s1.decision(s1.refs()[0]).status == "false_positive"

    # The list entry changed: the suggestion is withdrawn.
    s3 = AuditSession(memory=DecisionMemory.load(path), fingerprints={"HIKVISION": "v2"})
    s3.add_result(_result(tmp_path, "b.xlsx", "bbb", [_hit("HIK  VISION", 12)]))
    assert s3.decision(s3.refs()[0]).status == "pending" and s3.suggestion(s3.refs()[0]) is None

    # Remove, and pending forgets.
    assert mem.remove("hik vision", "HIKVISION")
    assert len(mem) == 0
    s1.decide(s1.refs(), "pending")
    assert len(s1.memory) == 0


def test_decision_memory_keeps_verdicts_not_escalations(tmp_path):
    s1 = AuditSession(reviewer="Ana", memory=DecisionMemory(tmp_path / "mem.json"))
    s1.add_result(_result(tmp_path, "a.xlsx", "aaa", [_hit("Hik Vision", 3)]))
    s1.decide(s1.refs(), "confirmed")
    assert [e.status for e in s1.memory.entries()] == ["confirmed"]
    # Escalating asks a question about this BOM: it is not carried to the next one, and it forgets the
    # earlier verdict so a new BOM comes up pending instead of confirmed.
    s1.decide(s1.refs(), "escalated")
    assert len(s1.memory) == 0
    s2 = AuditSession(memory=s1.memory)
    s2.add_result(_result(tmp_path, "b.xlsx", "bbb", [_hit("Hik Vision", 9)]))
    assert s2.decision(s2.refs()[0]).status == "pending"


def test_corrupt_decision_memory_is_reported_not_fatal(tmp_path):
    path = tmp_path / "mem.json"
    path.write_text("[1, 2", encoding="utf-8")
    mem = DecisionMemory.load(path)
    assert len(mem) == 0 and "mem.json" in mem.load_error


def test_entity_fingerprint_changes_when_the_entry_changes():
    from guiapp.lists.watchlist import load_builtin

    wl = load_builtin()
    e = wl.entities[0]
    import dataclasses

    assert entity_fingerprint(e) == entity_fingerprint(dataclasses.replace(e))
    changed = dataclasses.replace(
        e, aliases=(*e.aliases, type(e.aliases[0])("Brand New Alias")) if e.aliases else ()
    )
    if e.aliases:
        assert entity_fingerprint(changed) != entity_fingerprint(e)
    assert entity_fingerprint(dataclasses.replace(e, lists=())) != entity_fingerprint(e)
    # Any field counts: a new country, citation or note withdraws what was remembered for the entry.
    for change in ({"country": e.country + "X"}, {"citation": e.citation + " amended"}, {"notes": "new"}):
        assert entity_fingerprint(dataclasses.replace(e, **change)) != entity_fingerprint(e), change


def test_normalize_value():
    assert normalize_value("  Hik\u00a0VISION  ") == "hik vision"
    assert normalize_value("ＨＩＫ") == "hik"


def test_mapping_memory_round_trip(tmp_path):
    mem = MappingMemory(tmp_path / "maps.json")
    mem.remember("sig", 6, {"manufacturer": [3], "part_number": []})
    mem.save()
    again = MappingMemory.load(tmp_path / "maps.json")
    assert again.lookup("sig") == (6, {"manufacturer": [3]})
    assert again.lookup("other") is None
    again.forget("sig")
    assert len(again) == 0


def test_clearing_a_confident_hit_needs_a_reason_and_a_name(tmp_path):
    import dataclasses

    from guiapp.review.session import ReasonRequired

    confident = _hit("Hikvision", 3)
    weak = dataclasses.replace(_hit("DS-2CD", 4), match=dataclasses.replace(confident.match, review=True))
    s = AuditSession(reviewer="")
    s.add_result(_result(tmp_path, "a.xlsx", "aaa", [confident, weak]))
    strong_ref, weak_ref = s.refs()
    with pytest.raises(ReasonRequired):
        s.decide([strong_ref], "false_positive", "a local brand")  # no reviewer's name
    with pytest.raises(ReasonRequired):
        s.decide([strong_ref, weak_ref], "false_positive", "", reviewer="Ana")  # no reason
    assert {s.decision(r).status for r in s.refs()} == {"pending"}  # a bulk decision is all or nothing
    s.decide([weak_ref], "false_positive", reviewer="Ana")  # a review-level hit may be cleared plainly
    s.decide([strong_ref], "false_positive", "another company with a similar name", reviewer="Ana")
    assert s.decision(strong_ref).note == "another company with a similar name"
    with pytest.raises(ReasonRequired):
        s.set_note([strong_ref], "  ", reviewer="Ana")  # the reason cannot be erased afterwards
    s.decide([strong_ref], "confirmed", "", reviewer="Ana")  # confirming needs no reason


def test_history_is_append_only_and_undo_redo_work_on_whole_operations(tmp_path):
    s = AuditSession(reviewer="Ana", memory=DecisionMemory(tmp_path / "mem.json"))
    s.lists_label = "built-in 2026.11"
    s.add_result(_result(tmp_path, "a.xlsx", "aaa", [_hit("Hikvision", 3), _hit("HIKVISION", 4)]))
    a, b = s.refs()
    s.decide([a, b], "confirmed", "camera module")  # one bulk operation
    s.decide([a], "false_positive", "another company with a similar name", reviewer="Ben")
    assert len(s.memory) == 1
    assert s.undo() == 1
    assert s.decision(a).status == "confirmed" and s.decision(b).status == "confirmed"
    assert s.undo() == 2  # the bulk decision is undone as one
    assert {s.decision(r).status for r in (a, b)} == {"pending"}
    assert len(s.memory) == 0  # what was undone is no longer remembered
    assert s.undo() == 0
    assert s.redo() == 2 and {s.decision(r).status for r in (a, b)} == {"confirmed"}
    history = s.history.of((a.file, a.hit.key))
    assert [e.action for e in history] == ["decided", "decided", "undone", "undone", "redone"]
    assert history[1].reviewer == "Ben" and history[1].before.status == "confirmed"
    assert history[0].lists == "built-in 2026.11" and history[0].tool_version
    assert "Ben: decided False positive (was Confirmed): another company" in history[1].text()
    # A new decision after an undo ends what could be redone.
    s.decide([b], "escalated")
    assert s.redo() == 0
    # The history travels with the audit file.
    again = AuditSession.load(s.save(tmp_path / "audit.json"))
    assert [e.to_json() for e in again.history.entries] == [e.to_json() for e in s.history.entries]


def test_same_content_from_two_paths_is_two_files_and_survives_save_and_load(tmp_path):
    one, two = tmp_path / "a" / "bom.xlsx", tmp_path / "b" / "bom.xlsx"
    for p in (one, two):
        p.parent.mkdir()
        p.write_bytes(b"same bytes")
    hits = [_hit("Hikvision", 4)]
    s = AuditSession(reviewer="R")
    s.add_result(FileResult(path=one, sha256="ab" * 32, hits=hits))
    s.add_result(FileResult(path=two, sha256="ab" * 32, hits=hits))
    ref_one, ref_two = s.refs()
    assert ref_one.file == "ab" * 32 and ref_two.file == f"{'ab' * 32}@{two}"
    s.decide([ref_two], "confirmed", "camera")
    assert s.decision(ref_one).status == "pending" and s.decision(ref_two).status == "confirmed"
    # Re-screening the same bytes keeps the key; saved and loaded, the second file gets its decisions back,
    # whichever of the two is opened first.
    s.add_result(FileResult(path=two, sha256="ab" * 32, hits=hits))
    assert s.decision(s.refs()[1]).status == "confirmed"
    saved = s.save(tmp_path / "audit.json")
    loaded = AuditSession.load(saved)
    loaded.add_result(FileResult(path=two, sha256="ab" * 32, hits=hits))
    loaded.add_result(FileResult(path=one, sha256="ab" * 32, hits=hits))
    by_path = {loaded.result_for(r.file).path: loaded.decision(r).status for r in loaded.refs()}
    assert by_path == {two: "confirmed", one: "pending"}
    # Closing a file and opening a same-content file from a third folder: a new file, not the closed one.
    loaded.remove_file(two)
    three = tmp_path / "c" / "bom.xlsx"
    three.parent.mkdir()
    three.write_bytes(b"same bytes")
    loaded.add_result(FileResult(path=three, sha256="ab" * 32, hits=hits))
    statuses = {loaded.result_for(r.file).path: loaded.decision(r).status for r in loaded.refs()}
    assert statuses == {one: "pending", three: "pending"}
