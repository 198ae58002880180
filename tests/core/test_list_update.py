"""Update lists: fetch from a local HTTP server, verify, keep, and say what changed and which decisions it
withdraws. Never the internet: every address is a server in this process (or one that does not exist)."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from listsamples import CSL_ROWS, EL, write_csl_csv  # noqa: E402
from listserver import serving  # noqa: E402

from guiapp.app.listupdate import run_list_update, sources_from_settings  # noqa: E402
from guiapp.lists.changes import diff_watchlists  # noqa: E402
from guiapp.lists.importers import import_list  # noqa: E402
from guiapp.lists.sources import DEFAULT_SOURCES, ListSource, UpdateError, parse_source_spec  # noqa: E402
from guiapp.lists.store import ListStore  # noqa: E402
from guiapp.lists.update import update_source  # noqa: E402
from guiapp.lists.watchlist import Alias, Entity, ListEntry, Watchlist  # noqa: E402
from guiapp.model import CancelToken, Decision, Hit, Match  # noqa: E402
from guiapp.review.identity import entity_fingerprint  # noqa: E402
from guiapp.review.memory import DecisionMemory  # noqa: E402
from guiapp.settings import Settings, load_settings, save_settings  # noqa: E402

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-lists"
CSL = DEFAULT_SOURCES[0]


def _edition_two_rows() -> list[dict]:
    """The next edition of CSL_ROWS: Zorvex renamed and its country changed, QPI gone, Travanta with a new
    programme, a new organisation added (a later start date makes it the newer edition)."""
    rows = [dict(r) for r in CSL_ROWS if r["_id"] != "a2"]
    for r in rows:
        if r["_id"] == "a1":
            r["name"] = "Zorvex Photonics Group Co., Ltd.; and any successor, sub-unit, or subsidiary thereof"
            r["addresses"] = "No. 9 Road, Hong Kong, , , HK"
        if r["_id"] == "a5":
            r["programs"] = "CMIC-EO14032"
    rows.append({"_id": "a7", "source": EL, "name": "Nerilux Microsystems", "start_date": "2024-05-01"})
    return rows


def _big_rows(n: int) -> list[dict]:
    return [
        {"_id": f"b{i}", "source": EL, "name": f"Kestrovar {i} Electronics Ltd", "start_date": "2023-01-02"}
        for i in range(n)
    ]


@pytest.fixture
def served(tmp_path):
    folder = tmp_path / "www"
    folder.mkdir()
    write_csl_csv(folder / "consolidated.csv")
    write_csl_csv(folder / "consolidated-2.csv", _edition_two_rows())
    write_csl_csv(folder / "big.csv", _big_rows(3000))
    (folder / "page.html").write_text("<html><body><h1>Maintenance</h1></body></html>", encoding="utf-8")
    (folder / "bom.csv").write_text(
        "Ref,Manufacturer,Part\nR1,Murata,GRM188\nC1,TDK,C1608\n", encoding="utf-8"
    )
    with serving(folder) as server:
        yield server


def _src(url: str, **kw) -> ListSource:
    return dataclasses.replace(CSL, url=url, **kw)


def _edition(server, name: str) -> str:
    """The edition the importer reads from a served file (how it dates an edition is the importer's business)."""
    return import_list(server.folder / name).edition_date


def _store_files(store: ListStore) -> list[str]:
    return sorted(p.name for p in store.root.iterdir()) if store.root.exists() else []


# ----------------------------------------------------------------------------------------------- the diff
def _entity(eid: str, name: str, **kw) -> Entity:
    return Entity(id=eid, name=name, **kw)


def test_diff_names_each_changed_field_and_ignores_order():
    old = Watchlist("L", "1", "2024-01-01", "x", "t", entities=[
        _entity("1", "Alpha Ltd", aliases=(Alias("Alpha"), Alias("AL")), country="CN",
                lists=(ListEntry("BIS-EL", "2020-01-01", "EAR"),)),
        _entity("2", "Beta Ltd", country="RU", lists=(ListEntry("OFAC-SDN", "2022-01-01", "RUSSIA-EO14024"),)),
        _entity("3", "Gamma Ltd"),
        _entity("4", "Delta Ltd", aliases=(Alias("D1"), Alias("D2"))),
    ])  # fmt: skip
    new = Watchlist("L", "2", "2024-02-01", "y", "t", entities=[
        _entity("1", "Alpha Group Ltd", aliases=(Alias("Alpha"), Alias("ALG")), country="HK",
                lists=(ListEntry("BIS-EL", "2020-01-01", "EAR"),)),
        _entity("2", "Beta Ltd", country="RU", lists=(ListEntry("OFAC-SDN", "2023-05-01", "RUSSIA-EO14024; CYBER2"),)),
        _entity("4", "Delta Ltd", aliases=(Alias("D2"), Alias("D1"))),
        _entity("5", "Epsilon Ltd"),
    ])  # fmt: skip
    changes = diff_watchlists(old, new)
    assert [e.id for e in changes.added] == ["5"]
    assert [e.id for e in changes.removed] == ["3"]
    by_id = {c.entity_id: c for c in changes.changed}
    assert set(by_id) == {"1", "2"}  # Delta's aliases only changed order
    assert by_id["1"].categories == ("names", "aliases", "country")
    assert by_id["2"].categories == ("programme", "dates")
    names = by_id["1"].fields[0]
    assert (names.before, names.after) == ("Alpha Ltd", "Alpha Group Ltd")
    assert changes.unchanged == 1
    doc = changes.to_json()
    assert doc["changed"][0]["fields"][0] == {
        "field": "names",
        "before": "Alpha Ltd",
        "after": "Alpha Group Ltd",
    }


def test_diff_pairs_entries_whose_ids_were_numbered_by_row():
    # An importer numbers a repeated id by its row ("X", "X-12"); a row inserted above shifts the numbers.
    old = Watchlist("L", "1", "", "x", "t", entities=[
        _entity("X", "Air Cargo Ltd", country="IQ"), _entity("X-12", "Air Cargo Ltd", country="AE"),
        _entity("X-13", "Air Cargo Ltd", country="JO"),
    ])  # fmt: skip
    new = Watchlist("L", "2", "", "y", "t", entities=[
        _entity("X", "Air Cargo Ltd", country="IQ"), _entity("X-13", "Air Cargo Ltd", country="AE"),
        _entity("X-14", "Air Cargo Ltd", country="JO"),
    ])  # fmt: skip
    changes = diff_watchlists(old, new)
    assert changes.empty and changes.unchanged == 3


@pytest.mark.skipif(
    not (REAL / "derived" / "consolidated-v2.csv").is_file(), reason="shared real lists absent"
)
def test_real_csl_next_edition_served_and_diffed(tmp_path):
    """The 16,116-party CSL and its next edition, served over HTTP: one added, one removed, one renamed,
    one with a new alias, and nothing else (repeated ids numbered by row do not read as changes)."""
    store = ListStore()
    with serving(REAL / "derived") as server:
        first = update_source(store, _src(server.url("consolidated.csv")))
        assert first.status == "updated", first.message
        second = update_source(store, _src(server.url("consolidated-v2.csv")))
    assert second.status == "updated", second.message
    changes = second.changes
    assert changes is not None
    assert [e.name for e in changes.added] == ["NEW TEST ELECTRONICS TRADING CO., LIMITED"]
    assert [e.name for e in changes.removed] == ["MILUR ELECTRONICS LLC"]
    got = {c.new.name: c.categories for c in changes.changed}
    assert got == {
        "BAIKAL ELECTRONICS JOINT STOCK COMPANY": ("names",),
        "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.": ("aliases",),
    }
    assert changes.unchanged == second.record.entries - 3
    assert [r.status for r in store.records(include_history=True)] == ["superseded", "active"]


# ----------------------------------------------------------------------------------------------- fetching
def test_first_update_then_nothing_new_then_a_new_edition(served):
    store = ListStore()
    first = update_source(store, _src(served.url("consolidated.csv")))
    assert first.status == "updated", first.message
    assert first.previous is None and first.changes is None
    one = _edition(served, "consolidated.csv")
    assert store.record(CSL.list_name).edition_date == one

    again = update_source(store, _src(served.url("consolidated.csv")))
    assert again.status == "unchanged"
    assert (
        "no new edition" in again.message
        and f"kept edition {one or first.record.imported_at[:10]}" in again.message
    )
    assert len(store.records(include_history=True)) == 1

    newer = update_source(store, _src(served.url("consolidated-2.csv")))
    assert newer.status == "updated", newer.message
    assert newer.record.edition_date == _edition(served, "consolidated-2.csv")
    c = newer.changes
    assert [e.name for e in c.added] == ["Nerilux Microsystems"]
    assert [e.id for e in c.removed] == ["CSL-a2"]
    by_id = {x.entity_id: x.categories for x in c.changed}
    assert by_id == {"CSL-a1": ("names", "country"), "CSL-a5": ("programme",)}
    assert [r.status for r in store.records(include_history=True)] == ["superseded", "active"]
    assert not [p for p in _store_files(store) if p.startswith(".update-")]


def test_an_older_edition_never_replaces_the_kept_one(served):
    """The CSL file carries no date of its own: the server's Last-Modified dates each edition."""
    for name, day in (("consolidated.csv", "2026-01-10"), ("consolidated-2.csv", "2026-02-10")):
        stamp = _dt.datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp()
        os.utime(served.folder / name, (stamp, stamp))
    store = ListStore()
    newer = update_source(store, _src(served.url("consolidated-2.csv")))
    assert newer.status == "updated"
    record = store.record(CSL.list_name)
    assert (record.edition_date, record.edition_source) == ("2026-02-10", "the server's Last-Modified")
    assert "published 2026-02-10 (from the server's Last-Modified)" in record.edition_text
    older = update_source(store, _src(served.url("consolidated.csv")))
    assert older.status == "older"
    assert "2026-01-10" in older.message and "keeping edition 2026-02-10" in older.message
    assert store.record(CSL.list_name).edition_date == "2026-02-10"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("missing.csv", "HTTP 404"),
        ("page.html", "did not serve a list"),
        ("bom.csv", "looks like a bill of materials"),
    ],
)
def test_a_failed_fetch_keeps_the_edition_and_says_so(served, name, words):
    store = ListStore()
    kept = update_source(store, _src(served.url("consolidated.csv"))).record
    before = store.index_file.read_bytes()
    outcome = update_source(store, _src(served.url(name)))
    assert outcome.status == "failed"
    assert words in outcome.message
    edition = kept.edition_date or kept.imported_at[:10]
    assert f"keeping edition {edition} of list 'Consolidated Screening List'" in outcome.message
    assert store.index_file.read_bytes() == before
    assert not [p for p in _store_files(store) if p.startswith(".update-")]


def test_a_bom_served_to_a_source_without_formats_is_still_refused_when_it_is_no_list(served):
    outcome = update_source(ListStore(), ListSource("mirror", "Mirror", served.url("page.html")))
    assert outcome.status == "failed" and "did not serve a list" in outcome.message


def test_a_server_that_does_not_answer_times_out(served):
    store = ListStore()
    outcome = update_source(store, _src(served.url("slow/consolidated.csv")), timeout=0.3)
    assert outcome.status == "failed"
    assert "within 0.3 s" in outcome.message
    assert "no edition of list 'Consolidated Screening List' is kept yet" in outcome.message
    assert store.records() == []


def test_cancel_during_the_download_keeps_nothing(served):
    store = ListStore()
    token = CancelToken()
    seen = []

    def progress(done, total, message):
        seen.append(done)
        token.cancel()

    outcome = update_source(store, _src(served.url("big.csv")), progress=progress, cancel=token)
    assert outcome.status == "cancelled"
    assert seen and seen[0] < served.folder.joinpath("big.csv").stat().st_size
    assert store.records(include_history=True) == []
    assert not [p for p in _store_files(store) if p.startswith(".update-")]


def test_cancel_while_the_server_does_not_answer_ends_at_once(served):
    import threading

    store = ListStore()
    token = CancelToken()
    threading.Timer(0.2, token.cancel).start()
    # Without a prompt cancel this would wait for the 5 s timeout and read "failed".
    outcome = update_source(store, _src(served.url("slow/consolidated.csv")), timeout=5, cancel=token)
    assert outcome.status == "cancelled", outcome.message
    assert store.records(include_history=True) == []


def test_size_limit_and_expected_sha256(served):
    store = ListStore()
    too_big = update_source(store, _src(served.url("big.csv"), max_bytes=10_000))
    assert too_big.status == "failed" and "10,000 bytes allowed" in too_big.message
    wrong = update_source(store, _src(served.url("consolidated.csv"), sha256="0" * 64))
    assert wrong.status == "failed" and "not the expected" in wrong.message
    assert store.records() == []
    import hashlib

    right = hashlib.sha256((served.folder / "consolidated.csv").read_bytes()).hexdigest()
    assert update_source(store, _src(served.url("consolidated.csv"), sha256=right)).status == "updated"


def test_offline_keeps_what_is_there(served, tmp_path):
    store = ListStore()
    kept = update_source(store, _src(served.url("consolidated.csv"))).record
    edition = kept.edition_date or kept.imported_at[:10]
    asked = update_source(store, _src(served.url("consolidated-2.csv")), offline=True)
    assert asked.status == "offline"
    assert asked.message == f"offline, keeping edition {edition} of list 'Consolidated Screening List'"
    assert served.requests == ["/consolidated.csv"]
    # Nothing listens on this port any more: the network is as good as gone.
    with serving(tmp_path) as gone:
        dead = gone.url("consolidated.csv")
    unreachable = update_source(store, _src(dead))
    assert unreachable.status == "offline"
    assert unreachable.message.startswith(
        f"offline, keeping edition {edition} of list 'Consolidated Screening List'"
    )
    assert store.record(CSL.list_name).sha256 == kept.sha256


def test_the_proxy_setting_and_the_proxy_environment_are_used(served, monkeypatch):
    for var in (
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "no_proxy",
        "NO_PROXY",
        "all_proxy",
    ):
        monkeypatch.delenv(var, raising=False)
    proxy = f"http://127.0.0.1:{served.server_address[1]}"
    store = ListStore()
    via_setting = update_source(store, _src("http://lists.invalid/consolidated.csv"), proxy=proxy)
    assert via_setting.status == "updated", via_setting.message
    assert served.requests[-1] == "http://lists.invalid/consolidated.csv"  # the absolute form goes to a proxy
    monkeypatch.setenv("http_proxy", proxy)
    via_env = update_source(store, _src("http://lists.invalid/consolidated-2.csv"))
    assert via_env.status == "updated", via_env.message
    assert served.requests[-1] == "http://lists.invalid/consolidated-2.csv"
    direct = update_source(store, _src("http://lists.invalid/consolidated.csv"), proxy="direct")
    assert direct.status == "offline"


# ----------------------------------------------------------------------------------------------- use case
def _remember(memory: DecisionMemory, value: str, entity: Entity, status: str) -> None:
    match = Match(entity_id=entity.id, entity=entity.name, parent_id=entity.id, parent=entity.name,
                  matched_name=entity.name, lists=("BIS-EL",), method="exact", score=100.0, reason="test",
                  watchlist="CSL")  # fmt: skip
    hit = Hit(sheet="S", row=2, column="A", field="manufacturer", value=value, match=match)
    memory.remember(hit, Decision(status=status, note="checked", reviewer="Ann", time="2026-01-02T10:00:00"),
                    entity_fingerprint(entity), origin="f" * 64, origin_name="old-bom.xlsx")  # fmt: skip


def test_update_names_the_remembered_decisions_it_withdraws(served):
    settings = Settings()
    store = ListStore()
    first = sources_from_settings(settings, {"csl": served.url("consolidated.csv")})
    assert run_list_update(first, settings=settings, store=store).ok
    old = store.watchlist(store.record(CSL.list_name))
    memory = DecisionMemory.load()
    _remember(memory, "Zorvex Photonics", old.entity("CSL-a1"), "confirmed")  # renamed in edition 2
    _remember(memory, "QPI Ltd", old.entity("CSL-a2"), "false_positive")  # removed in edition 2
    _remember(memory, "Travanta Semi", old.entity("CSL-a5"), "confirmed")  # programme changed
    memory.save()
    second = sources_from_settings(
        settings, {"Consolidated Screening List": served.url("consolidated-2.csv")}
    )
    report = run_list_update(second, settings=settings, store=store)
    assert report.lists_changed and report.ok
    why = {t.entity_id: (t.value, t.status, t.why) for t in report.touched}
    assert why == {
        "CSL-a1": ("Zorvex Photonics", "confirmed", "entry changed: names, country"),
        "CSL-a2": ("QPI Ltd", "false_positive", "left the list"),
        "CSL-a5": ("Travanta Semi", "confirmed", "entry changed: programme"),
    }
    lines = "\n".join(report.summary_lines())
    assert "remembered decisions withdrawn (3)" in lines and "old-bom.xlsx" in lines
    assert report.outcomes[0].old_watchlist is None  # the report does not hold two editions in memory
    json.dumps(report.to_json())


def test_sources_come_from_settings_then_the_command_line():
    settings = Settings(
        update_sources={"csl": "https://mirror.example/csl.csv", "Own": "https://x.example/o.csv"}
    )
    sources = sources_from_settings(settings, {"CSL": "http://127.0.0.1:1/c.csv"})
    assert [(s.key, s.url) for s in sources] == [
        ("csl", "http://127.0.0.1:1/c.csv"),
        ("Own", "https://x.example/o.csv"),
    ]
    assert sources[1].formats == () and sources[1].list_name == "Own"
    assert [s.key for s in sources_from_settings(settings, names=["own"])] == ["Own"]
    with pytest.raises(ValueError, match="no list source named 'nope'"):
        sources_from_settings(settings, names=["nope"])
    with pytest.raises(UpdateError, match="NAME=URL"):
        parse_source_spec("csl")
    with pytest.raises(UpdateError, match="http://"):
        parse_source_spec("csl=ftp://x/y")
    save_settings(settings)
    assert load_settings().update_sources == settings.update_sources


# ----------------------------------------------------------------------------------------------- CLI
def test_cli_lists_update_success_nothing_new_and_json(served, capsys):
    from guiapp.cli.main import main

    assert main(["lists", "update", "--source", f"csl={served.url('consolidated.csv')}"]) == 0
    out = capsys.readouterr().out
    assert "Consolidated Screening List [updated]" in out
    assert main(["lists", "update", "--source", f"csl={served.url('consolidated.csv')}"]) == 0
    assert "[unchanged]: no new edition" in capsys.readouterr().out
    code = main(["lists", "update", "--json", "--source", f"csl={served.url('consolidated-2.csv')}"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    (src,) = doc["sources"]
    assert src["status"] == "updated" and src["kept"]["sha256"] == src["sha256"]
    assert [e["name"] for e in src["changes"]["added"]] == ["Nerilux Microsystems"]
    assert {c["id"]: [f["field"] for f in c["fields"]] for c in src["changes"]["changed"]} == {
        "CSL-a1": ["names", "country"],
        "CSL-a5": ["programme"],
    }
    assert main(["lists"]) == 0
    assert "Consolidated Screening List [imported]" in capsys.readouterr().out


def test_cli_lists_update_failures_exit_2_and_name_the_kept_edition(served, capsys):
    from guiapp.cli.main import main

    assert main(["lists", "update", "--source", f"csl={served.url('consolidated.csv')}"]) == 0
    capsys.readouterr()
    assert main(["lists", "update", "--source", f"csl={served.url('gone.csv')}"]) == 2
    err = capsys.readouterr().err
    assert "HTTP 404" in err and "keeping edition" in err and "Traceback" not in err
    assert main(["lists", "update", "--offline"]) == 0
    assert "offline, keeping edition" in capsys.readouterr().out
    assert main(["lists", "update", "--source", "csl"]) == 2
    assert "NAME=URL" in capsys.readouterr().err
    assert main(["lists", "update", "--sha256", "csl=abc"]) == 2
    assert "64 hex digits" in capsys.readouterr().err
    assert main(["lists", "update", "nope"]) == 2
    assert "no list source named 'nope'" in capsys.readouterr().err
