"""Every list reader gives the entry's own number where its list has one (OFAC ent_num / uid, the UN reference
number), and a hit on such an entry carries it to the JSON output and the Findings sheet; lists without numbers
(BIS Denied Persons, FCC Covered List, DoD 1260H) say "not given in the list".

Built from the real published files in ../shared/real-lists; each test skips when they are absent. The expected
numbers are read from the files here, independently of the readers.
"""

from __future__ import annotations

import csv
import json
import sys
import xml.etree.ElementTree as ET  # noqa: N817 - a real published file
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from listsamples import write_maker_bom  # noqa: E402

from guiapp.cli.main import main  # noqa: E402
from guiapp.lists.store import ListStore  # noqa: E402
from guiapp.model import NOT_GIVEN, Decision, Hit, Match  # noqa: E402
from guiapp.review.identity import entity_fingerprint  # noqa: E402
from guiapp.review.memory import DecisionMemory  # noqa: E402

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-lists"


def _need(name: str) -> Path:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"../shared/real-lists/{name} is not here")
    return path


def _spread(items: list, n: int) -> list:
    return items[:: max(1, len(items) // n)][:n]


def _ofac_organisations(path: Path) -> dict[str, str]:
    """ent_num -> name of organisations (type -0-) with plain names of three words or more, spread over the file."""
    with path.open(encoding="latin-1", newline="") as fh:
        rows = [r for r in csv.reader(fh) if len(r) == 12 and r[0].strip().isdigit()]
    orgs = [
        (r[0].strip(), r[1].strip())
        for r in rows
        if r[2].strip() == "-0-" and len(r[1].split()) >= 3 and not any(c in r[1] for c in ",;()'\"")
    ]
    return dict(_spread(orgs, 5))


def _un_organisations(path: Path) -> dict[str, str]:
    """REFERENCE_NUMBER -> name of the UN list's entities, spread over the file."""
    root = ET.parse(path).getroot()
    found = []
    for entity in root.iter("ENTITY"):
        name = (entity.findtext("FIRST_NAME") or "").strip()
        ref = (entity.findtext("REFERENCE_NUMBER") or "").strip()
        if ref and len(name.split()) >= 3 and not any(c in name for c in ",;()'\""):
            found.append((ref, name))
    return dict(_spread(found, 5))


def _screen(capsys, tmp_path: Path, makers: list[str]) -> dict[str, dict]:
    capsys.readouterr()
    bom = write_maker_bom(tmp_path / "bom.csv", makers)
    code = main(["screen", "--json", "--no-builtin", str(bom)])
    assert code == 1, capsys.readouterr().err
    doc = json.loads(capsys.readouterr().out)
    return {h["entity_id"]: h for h in doc["files"][0]["hits"]}


@pytest.mark.parametrize(
    ("file_name", "prefix", "expected_of"),
    [
        ("ofac-sdn-2024-05-03.csv", "OFAC-", _ofac_organisations),
        ("ofac-cons-prim-2025-12-19.csv", "OFAC-", _ofac_organisations),
        ("un-consolidated-2026-02-27.xml", "UN-", _un_organisations),
    ],
)
def test_a_hit_on_an_ofac_or_un_entry_carries_the_lists_own_number(
    tmp_path, capsys, file_name, prefix, expected_of
):
    path = _need(file_name)
    expected = expected_of(path)
    assert len(expected) >= 4
    assert main(["lists", "import", str(path)]) == 0, capsys.readouterr().err
    hits = _screen(capsys, tmp_path, list(expected.values()))
    checked = 0
    for number, name in expected.items():
        hit = hits.get(f"{prefix}{number}")
        if hit is None:
            continue
        checked += 1
        assert hit["entry"]["entity_number"] == number, (name, hit["entry"])
    assert checked >= len(expected) - 1, (expected, sorted(hits))


def test_the_findings_sheet_and_report_show_the_un_reference_number(tmp_path, capsys):
    path = _need("un-consolidated-2026-02-27.xml")
    ref, name = next(iter(_un_organisations(path).items()))
    assert main(["lists", "import", str(path)]) == 0
    bom = write_maker_bom(tmp_path / "bom.csv", [name])
    out = tmp_path / "out"
    code = main(["screen", "--no-builtin", "--out", str(out), "--report", "--no-pdf", str(bom)])
    assert code == 1, capsys.readouterr().err
    ws = openpyxl.load_workbook(out / "bom.audited.xlsx")["Findings"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head = rows[0]
    by_entity = {r[head.index("Entity id")]: dict(zip(head, r, strict=False)) for r in rows[1:]}
    assert by_entity[f"UN-{ref}"]["Entry: Entity number"] == ref
    assert ref in (out / "audit-report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "file_name", ["bis-dpl-2022-09-07.txt", "fcc-covered-list-table.csv", "dod-1260h.csv"]
)
def test_lists_without_numbers_say_so(tmp_path, capsys, file_name):
    path = _need(file_name)
    assert main(["lists", "import", str(path)]) == 0
    watchlist = ListStore().watchlist(ListStore().records()[0])
    orgs = [e for e in watchlist.entities if e.party == "organisation" and len(e.name.split()) >= 2]
    assert orgs and not any(e.number for e in watchlist.entities)
    chosen = _spread(orgs, 3)
    hits = _screen(capsys, tmp_path, [e.name for e in chosen])
    mine = [hits[e.id] for e in chosen if e.id in hits]
    assert mine
    for hit in mine:
        assert hit["entry"]["entity_number"] is None  # the JSON's "not given"; the sheet writes NOT_GIVEN
    assert NOT_GIVEN


def test_a_decision_remembered_on_an_ofac_entry_before_numbers_still_applies(tmp_path):
    """A decision taken while the OFAC reader gave no numbers is tied to the entry's fingerprint as that code
    computed it; the entry, now with its number, must still match it (no decision silently withdrawn)."""
    path = _need("ofac-sdn-2024-05-03.csv")
    store = ListStore()
    store.import_file(path)
    entity = store.watchlist(store.records()[0]).entity("OFAC-25833")
    assert entity is not None and entity.name == "INTERNATIONAL EXPERTISE GROUP LIMITED"
    assert entity.number == "25833"
    before = "a17f84ffe6d96b1a"  # entity_fingerprint of this entry by the code of 346122d, before numbers
    assert entity_fingerprint(entity) == before
    memory = DecisionMemory(tmp_path / "memory.json")
    match = Match(entity_id=entity.id, entity=entity.name, parent_id=entity.id, parent=entity.name,
                  matched_name=entity.name, lists=("OFAC-SDN",), method="exact", score=100.0, reason="test",
                  watchlist="OFAC SDN List")  # fmt: skip
    hit = Hit(sheet="S", row=2, column="C", field="manufacturer", value="Intl Expertise Group", match=match)
    memory.remember(hit, Decision(status="false_positive", reviewer="Ann", time="2026-01-02T10:00:00"), before,
                    origin="f" * 64, origin_name="old-bom.xlsx")  # fmt: skip
    suggestion = memory.lookup(hit, entity_fingerprint(entity))
    assert suggestion is not None and suggestion.status == "false_positive"
