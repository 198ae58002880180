"""Folded spellings and context phrases in the window: the same findings, levels and reasons as the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from guihelpers import make_bom, open_and_wait

from guiapp.cli.main import main as cli_main

ROWS = [
    ["Ref", "Manufacturer", "MPN", "Description"],
    ["R1", "Yageo", "RC0603FR-0710KL", "Resistor 10k"],
    ["U1", "海康威視", "DS\u20132CD2143G2-I", "Camera"],  # Traditional script, an en dash
    ["U2", "Haikang Weishi", "DS2CD2143G2I", "Camera"],  # pinyin, no separators
    ["U3", "Huawei compatible", "PSU-12V", "Charger"],  # a context phrase
    ["U4", "\u202enoisivkiH\u202c", "", "Camera"],  # a right-to-left override
    ["U5", "Maxim", "DS3231MZ+", "RTC"],  # the pattern's counter-example stays clear
]


def _findings(hits) -> list[tuple]:
    return sorted((h["row"], h["field"], h["entity_id"], h["review"], h["reason"]) for h in hits)


def test_folds_and_context_phrases_read_the_same_in_the_window(make_window, qtbot, tmp_path, capsys):
    bom = make_bom(tmp_path / "folds.xlsx", rows=ROWS)
    assert cli_main(["screen", "--json", str(bom)]) == 1
    cli = _findings(json.loads(capsys.readouterr().out)["files"][0]["hits"])
    window = make_window()
    open_and_wait(qtbot, window, [bom])
    result = next(r for r in window.session.results if Path(r.path).resolve() == bom.resolve())
    shown = _findings([h.to_json() for h in result.hits])
    assert shown == cli
    rows = {}
    for row, field, entity, review, reason in shown:
        rows.setdefault(row, []).append((field, entity, review, reason))
    assert set(rows) == {3, 4, 5, 6}
    assert any("read as Simplified" in r for *_, r in rows[3]) and any("en dash" in r for *_, r in rows[3])
    assert any("pinyin of the Chinese name '海康威视'" in r for *_, r in rows[4])
    assert all(review for _, _, review, _ in rows[5]) and "Huawei compatible" in rows[5][0][3]
    assert not rows[6][0][2] and "right-to-left override" in rows[6][0][3]
