"""Carry-over by line identity: a decision carries to the same BOM line in a new revision (moved or not),
never to a new line that merely repeats the decided text, nor to a line whose designator changed."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from guiapp.app.batch import screen_files
from guiapp.app.screener import Screener
from guiapp.cli.main import main
from guiapp.model import Decision, ScreenOptions

HEADER = ["Ref", "Qty", "Manufacturer", "Mfr Part Number", "Description"]


def _bom(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "BOM"
    for r in [HEADER, *rows]:
        wb.active.append(r)
    wb.save(path)
    return path


def test_a_decided_text_on_a_new_line_is_decided_again(tmp_path, capsys):
    (tmp_path / "v1").mkdir()
    v1 = _bom(tmp_path / "v1" / "bom.xlsx", [
        ["U1", 1, "Hikvision", "CAM-1", "camera"],
        ["R1", 4, "YAGEO", "RC0402FR-0710KL", "resistor"],
    ])  # fmt: skip

    def confirmed(result, _fp):
        return {
            h.key: Decision("confirmed", "listed maker", "Ana", "2026-01-01T00:00:00+00:00")
            for h in result.hits
        }

    out1 = tmp_path / "out1"
    copy = Path(
        screen_files([v1], Screener.load(ScreenOptions()), out1, decisions_for=confirmed).exports[str(v1)]
    )

    (tmp_path / "v2").mkdir()
    v2 = _bom(tmp_path / "v2" / "bom.xlsx", [
        ["C9", 2, "Murata", "GRM155R71H104KE14D", "capacitor"],  # rows move down
        ["U1", 1, "Hikvision", "CAM-1", "camera"],  # the same line: keeps its decision
        ["U7", 1, "Hikvision", "CAM-2", "another camera"],  # a new line repeating the decided text
        ["R1", 4, "YAGEO", "RC0402FR-0710KL", "resistor"],
    ])  # fmt: skip
    code = main(["screen", "--json", "--out", str(tmp_path / "out2"), "--previous", str(copy), str(v2)])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    rows = list(openpyxl.load_workbook(doc["files"][0]["export"])["Findings"].iter_rows(values_only=True))
    head = rows[0]
    by_ref = {}
    ws = openpyxl.load_workbook(v2)["BOM"]
    for r in rows[1:]:
        if r[head.index("Field")] != "manufacturer":
            continue
        ref = ws.cell(r[head.index("Row")], 1).value
        by_ref[ref] = r[head.index("Decision")]
    assert by_ref == {"U1": "Confirmed (remembered)", "U7": "Pending"}
    changes = doc["files"][0]["changes"]
    assert changes["carried"] >= 1 and changes["changed"] >= 1
    lines = doc["files"][0]["change_lines"]
    carried = [x for x in lines if x["kind"] == "carried" and x["value"] == "Hikvision"]
    assert carried and carried[0]["reviewer"] == "Ana" and carried[0]["from"] == "bom.audited.xlsx"
    assert carried[0]["row"] == 3 and carried[0]["previous_row"] == 2
    changed = [x for x in lines if x["kind"] == "changed" and x["value"] == "Hikvision"]
    assert changed and changed[0]["decision"] == "confirmed" and "decide again" in changed[0]["detail"]


def test_a_list_edition_that_changes_only_an_alias_withdraws_the_carried_decision(tmp_path, capsys):
    from guiapp.app.screener import Screener

    def own_list(path: Path, aliases: str) -> Path:
        path.write_text(f"name,aliases,list\nAcme Surveillance Ltd,{aliases},OWN\n", encoding="utf-8")
        return path

    v1_list = own_list(tmp_path / "list-v1.csv", "Acme Surveillance")
    v2_list = own_list(tmp_path / "list-v2.csv", "Acme Surveillance;Acme Surv")  # one alias more
    (tmp_path / "b").mkdir()
    bom = _bom(tmp_path / "b" / "bom.xlsx", [["U1", 1, "Acme Surveillance", "X1", "camera"]])

    def confirmed(result, _fp):
        return {
            h.key: Decision("confirmed", "listed", "Ana", "2026-01-01T00:00:00+00:00") for h in result.hits
        }

    screener = Screener.load(ScreenOptions(), use_builtin=False, extra_lists=[v1_list])
    outcome = screen_files([bom], screener, tmp_path / "out1", decisions_for=confirmed)
    copy = Path(outcome.exports[str(bom)])
    args = ["screen", "--json", "--no-builtin", "--no-stored-lists", "--out"]
    same = main(
        [*args, str(tmp_path / "same"), "--watchlist", str(v1_list), "--previous", str(copy), str(bom)]
    )
    doc = json.loads(capsys.readouterr().out)
    assert same == 1 and doc["files"][0]["changes"]["carried"] == 1  # same edition: carried
    main([*args, str(tmp_path / "new"), "--watchlist", str(v2_list), "--previous", str(copy), str(bom)])
    doc = json.loads(capsys.readouterr().out)
    changes = doc["files"][0]["changes"]
    assert changes["carried"] == 0 and changes["changed"] == 1  # the entry changed: decide again
