"""`bom-auditor-cli lists ...` and how `screen` uses kept lists and imported list files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from listsamples import write_csl_csv, write_csl_json, write_maker_bom, write_opensanctions  # noqa: E402

from guiapp.cli.main import main  # noqa: E402


def _json(capsys, *args: str) -> tuple[int, dict]:
    code = main(list(args))
    return code, json.loads(capsys.readouterr().out)


def test_lists_shows_the_builtin_list(capsys):
    code, doc = _json(capsys, "lists", "--json")
    assert code == 0
    (builtin,) = doc["lists"]
    assert builtin["kind"] == "built-in" and builtin["enabled"] and len(builtin["sha256"]) == 64
    assert builtin["entities"] >= 100 and builtin["names"] > builtin["entities"] and builtin["version"]
    assert main(["lists"]) == 0
    assert "BOM Auditor built-in watchlist" in capsys.readouterr().out


def test_import_prints_the_preview_and_keeps_the_list(tmp_path, capsys):
    src = write_csl_csv(tmp_path / "consolidated-2021-06-03.csv")
    assert main(["lists", "import", str(src)]) == 0
    out = capsys.readouterr().out
    assert "entries imported: 5" in out and "skipped 1 record(s)" in out
    assert "edition: 2021-06-03 (from the file name)" in out
    assert "kept as 'Consolidated Screening List' (enabled)" in out
    code, doc = _json(capsys, "lists", "--json")
    kept = doc["lists"][1]
    assert (kept["name"], kept["kind"], kept["date"], kept["entities"], kept["names"]) == (
        "Consolidated Screening List",
        "imported",
        "2021-06-03",
        5,
        kept["names"],
    )
    assert kept["enabled"] and kept["lists"] == {"BIS-EL": 2, "NS-CMIC": 1, "OFAC-SDN": 2}


def test_dry_run_keeps_nothing(tmp_path, capsys):
    src = write_opensanctions(tmp_path / "targets.simple.csv")
    code, doc = _json(capsys, "lists", "import", "--dry-run", "--json", str(src))
    assert code == 0 and doc["format"] == "opensanctions-csv" and doc["entries"] == 3 and "stored" not in doc
    assert len(_json(capsys, "lists", "--json")[1]["lists"]) == 1


def test_enable_disable_remove_and_errors(tmp_path, capsys):
    main(["lists", "import", "--name", "CSL Nov", str(write_csl_csv(tmp_path / "c.csv"))])
    assert main(["lists", "disable", "csl nov"]) == 0
    capsys.readouterr()
    assert not _json(capsys, "lists", "--json")[1]["lists"][1]["enabled"]
    assert main(["lists", "enable", "CSL Nov"]) == 0
    assert main(["lists", "remove", "CSL Nov"]) == 0
    capsys.readouterr()
    code, doc = _json(capsys, "lists", "--json")
    assert len(doc["lists"]) == 1 and doc["history"][0]["status"] == "removed"
    assert main(["lists", "remove", "CSL Nov"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "bom-auditor-cli: error: no imported list named 'CSL Nov' (imported lists: none)"
    assert main(["lists", "import", str(tmp_path / "missing.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "missing.csv: cannot open the file" in err[0]


def test_screen_uses_enabled_kept_lists_unless_told_not_to(tmp_path, capsys):
    bom = write_maker_bom(tmp_path / "bom.csv", ["Zorvex Optics", "YAGEO"])
    code, doc = _json(capsys, "screen", "--json", str(bom))
    assert code == 0
    main(["lists", "import", str(write_csl_csv(tmp_path / "consolidated-2021-06-03.csv"))])
    capsys.readouterr()
    code, doc = _json(capsys, "screen", "--json", str(bom))
    assert code == 1
    (hit,) = doc["files"][0]["hits"]
    assert hit["entity"] == "Zorvex Photonics Co., Ltd." and hit["lists"] == ["BIS-EL"]
    assert hit["watchlist"] == "Consolidated Screening List (2021-06-03)"
    assert [w["name"] for w in doc["watchlists"]] == [
        "BOM Auditor built-in watchlist",
        "Consolidated Screening List",
    ]
    code, doc = _json(capsys, "screen", "--json", "--no-stored-lists", str(bom))
    assert code == 0 and len(doc["watchlists"]) == 1
    main(["lists", "disable", "Consolidated Screening List"])
    capsys.readouterr()
    assert _json(capsys, "screen", "--json", str(bom))[0] == 0


@pytest.mark.parametrize("writer", [write_csl_csv, write_csl_json, write_opensanctions])
def test_screen_watchlist_accepts_every_importable_format(tmp_path, capsys, writer):
    bom = write_maker_bom(tmp_path / "bom.csv", ["Zorvex Optics", "Brellium Memory", "YAGEO"])
    lst = writer(tmp_path / "list.download")
    code, doc = _json(capsys, "screen", "--json", "--no-builtin", "--watchlist", str(lst), str(bom))
    assert code == 1
    assert doc["files"][0]["hits"] and all(h["watchlist"] == doc["files"][0]["hits"][0]["watchlist"]
                                           for h in doc["files"][0]["hits"])  # fmt: skip


def test_no_builtin_without_any_list_is_an_error(tmp_path, capsys):
    bom = write_maker_bom(tmp_path / "bom.csv", ["YAGEO"])
    assert main(["screen", "--no-builtin", str(bom)]) == 2
    assert "--no-builtin needs at least one --watchlist FILE" in capsys.readouterr().err
