"""The per-column evidence of the column mapping (issue 15 point 1): a record for each column whose header names
a role, with the header word and its language, the shapes of the values, sample values, the verdict (header
confirmed or overturned by the values) and a reason, built by the same weighing that decides the mapping.

Checked on sheets shaped like real exports (tests/core/exportlayouts.py, written by openpyxl, XlsxWriter and
csv), on the real BOMs of ../shared (skipped when absent) and on small sheets for each verdict.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from exportlayouts import SAMPLE_MAKERS, SAMPLE_PARTS, write_all  # noqa: E402

from guiapp.cli.main import main  # noqa: E402
from guiapp.ingest.column_evidence import evidence_after_choice, language_of  # noqa: E402
from guiapp.ingest.mapping import apply_overrides, detect_mapping, mapping_for_header_row  # noqa: E402
from guiapp.ingest.reading import read_bom  # noqa: E402
from guiapp.model import ColumnMap, SheetData  # noqa: E402

REAL_BOMS = Path(__file__).resolve().parents[2].parent / "shared" / "real-boms"


def _sheet(rows: list[list[str]]) -> SheetData:
    return SheetData(name="S", rows=rows, first_row=1, first_col=0)


def _record(mapping: ColumnMap, header: str):
    col = next(c for c, t in mapping.headers.items() if t == header)
    return mapping.evidence[col]


@pytest.fixture(scope="module")
def layouts(tmp_path_factory):
    return {w.layout.name: w for w in write_all(tmp_path_factory.mktemp("layouts"))}


def _layout_mapping(layouts, name: str) -> ColumnMap:
    bom = read_bom(layouts[name].path)
    return bom.sheets[0].mapping


def test_part_numbers_under_a_maker_header_overturn_it_and_the_record_says_so():
    rows = [["Item", "Mfr", "Maker", "Qty"]]
    rows += [[str(i), p, m, "2"] for i, (m, p) in enumerate(zip(SAMPLE_MAKERS, SAMPLE_PARTS, strict=True))]
    mapping = detect_mapping(_sheet(rows))
    rec = _record(mapping, "Mfr")
    assert mapping.columns["part_number"] == [1]
    assert (rec.header_role, rec.role, rec.verdict) == ("manufacturer", "part_number", "overturned")
    assert (rec.term, rec.language) == ("mfr", "en")
    assert rec.counts == {"part_number": 6} and rec.sampled == 6 and rec.share("part_number") == 1.0
    assert rec.samples == tuple(SAMPLE_PARTS[:5])
    assert rec.confidence == 1.0
    assert rec.reason.startswith("'Mfr' (B) (English 'mfr') names manufacturer, but values overturn it")
    assert rec.reason.endswith("so part_number")
    maker = _record(mapping, "Maker")
    assert (maker.role, maker.verdict) == ("manufacturer", "confirmed")
    # No record for a column whose header names no role (Qty): nothing was weighed for it.
    assert set(mapping.evidence) == {1, 2}


def test_company_names_under_a_number_header_overturn_it_to_the_maker_column():
    rows = [["Manufacturer No", "MPN", "Description"]]
    rows += [[m, p, "IC"] for m, p in zip(SAMPLE_MAKERS, SAMPLE_PARTS, strict=True)]
    mapping = detect_mapping(_sheet(rows))
    rec = _record(mapping, "Manufacturer No")
    assert (rec.header_role, rec.role, rec.verdict) == ("part_number", "manufacturer", "overturned")
    assert rec.share("company") == 1.0 and "Texas Instruments" in rec.samples
    assert (_record(mapping, "MPN").verdict, _record(mapping, "MPN").term) == ("confirmed", "mpn")


def test_values_of_numbers_drop_a_maker_header_and_a_weak_name_loses_to_a_strong_one():
    rows = [["Maker", "Manufacturer", "Value", "Description"]]
    rows += [[str(i + 1), m, "10k", "resistor thick film"] for i, m in enumerate(SAMPLE_MAKERS)]
    mapping = detect_mapping(_sheet(rows))
    dropped = _record(mapping, "Maker")
    assert (dropped.header_role, dropped.role, dropped.verdict) == ("manufacturer", "", "dropped")
    assert "values are numbers, dates or designators" in dropped.reason
    weak = _record(mapping, "Value")
    assert weak.weak and (weak.header_role, weak.role, weak.verdict) == ("description", "", "not_used")
    desc = _record(mapping, "Description")
    assert (desc.role, desc.verdict) == ("description", "confirmed")  # prose confirms a description
    assert desc.share("prose") == 1.0 and "values confirm it: 6 of 6 prose" in desc.reason


def test_a_description_column_of_values_that_are_not_prose_is_left_to_its_header():
    rows = [["Manufacturer", "MPN", "Description"]]
    rows += [
        [m, p, v]
        for m, p, v in zip(
            SAMPLE_MAKERS, SAMPLE_PARTS, ["100nF", "10k", "0402", "4.7uF", "1k", "22pF"], strict=False
        )
    ]
    mapping = detect_mapping(_sheet(rows))
    desc = _record(mapping, "Description")
    assert (desc.role, desc.verdict) == ("description", "header")
    assert "values neither confirm nor overturn it" in desc.reason


def test_too_few_values_leave_the_header_to_decide():
    mapping = detect_mapping(_sheet([["Manufacturer", "MPN"], ["1", "2"]]))
    rec = _record(mapping, "Manufacturer")
    assert (rec.role, rec.verdict, rec.sampled) == ("manufacturer", "too_few", 1)


@pytest.mark.parametrize(
    ("layout", "header", "language"),
    [
        ("de", "Hersteller", "de"),
        ("fr", "Fabricant", "fr"),
        ("es", "Fabricante", "es"),
        ("it", "Produttore", "it"),
        ("ru", "Производитель", "ru"),
        ("zh-hans", "制造商", "zh"),
        ("ja", "メーカー", "ja"),
        ("ko", "제조사", "ko"),
        ("arrow", "Mfr Name", "en"),
    ],
)
def test_the_maker_column_of_each_language_names_its_word_and_language(layouts, layout, header, language):
    rec = _record(_layout_mapping(layouts, layout), header)
    assert rec.role == "manufacturer" and rec.verdict == "confirmed"
    assert rec.term and rec.language == language
    assert rec.share("company") >= 0.9


def test_mfr_no_of_a_mouser_cart_is_a_confirmed_part_number_column(layouts):
    rec = _record(_layout_mapping(layouts, "mouser"), "Mfr. #")
    assert (rec.header_role, rec.role, rec.verdict, rec.term) == (
        "part_number",
        "part_number",
        "confirmed",
        "mfr no",
    )


def _check_records_agree_with_mapping(mapping: ColumnMap, where: str) -> None:
    role_of = {c: r for r, cols in mapping.columns.items() for c in cols}
    for col, rec in mapping.evidence.items():
        assert rec.column == col and rec.header == mapping.headers[col], where
        assert rec.role == role_of.get(col, ""), (where, rec)
        if rec.verdict == "overturned":
            assert rec.role and rec.role != rec.header_role, (where, rec)
        if rec.verdict in ("confirmed", "header", "too_few"):
            assert rec.role == rec.header_role, (where, rec)
        assert rec.reason.startswith(f"'{rec.header}'"), (where, rec)
        assert 0.0 <= rec.confidence <= 1.0
    # Every column whose header gave it its role has its record.
    for col in role_of:
        assert col in mapping.evidence, (where, col)


def test_records_agree_with_the_mapping_on_every_export_layout(layouts):
    for name in layouts:
        _check_records_agree_with_mapping(_layout_mapping(layouts, name), name)


@pytest.mark.skipif(not REAL_BOMS.is_dir(), reason="../shared/real-boms not present")
def test_records_agree_with_the_mapping_on_the_real_boms_and_a_real_overturn_is_recorded():
    verdicts = []
    for path in sorted(REAL_BOMS.iterdir()):
        if path.suffix == ".md":
            continue
        for sheet in read_bom(path).sheets:
            _check_records_agree_with_mapping(sheet.mapping, f"{path.name}/{sheet.name}")
            verdicts += [(path.name, r.header, r.verdict, r.role) for r in sheet.mapping.evidence.values()]
    # The cvra motor board's "Fournisseur et réf." holds order codes: a supplier header overturned.
    assert any(
        name.startswith("09_cvra")
        and header.startswith("Fournisseur")
        and verdict == "overturned"
        and role == "part_number"
        for name, header, verdict, role in verdicts
    )
    assert sum(v == "confirmed" for _, _, v, _ in verdicts) >= 10


def test_a_chosen_header_row_and_overrides_carry_the_evidence():
    rows = [["Item", "Mfr", "Maker", "Qty"]]
    rows += [[str(i), p, m, "2"] for i, (m, p) in enumerate(zip(SAMPLE_MAKERS, SAMPLE_PARTS, strict=True))]
    sheet = _sheet(rows)
    chosen = mapping_for_header_row(sheet, 1)
    assert _record(chosen, "Mfr").verdict == "overturned"
    overridden = apply_overrides(sheet, detect_mapping(sheet), None, {"manufacturer": ["D"]})
    by_hand = overridden.evidence[3]
    assert (by_hand.role, by_hand.verdict, by_hand.confidence) == ("manufacturer", "by_hand", 1.0)
    assert by_hand.counts == {"number": 6} and by_hand.header == "Qty"
    assert by_hand.reason == "D set by hand to manufacturer; values: 6 of 6 numbers"
    # The column that lost the role keeps its detected evidence, with no role now.
    assert (overridden.evidence[2].verdict, overridden.evidence[2].role) == ("confirmed", "")


def test_evidence_after_choice_marks_only_the_chosen_columns():
    rows = [["Item", "Mfr", "Maker", "Qty"]]
    rows += [[str(i), p, m, "2"] for i, (m, p) in enumerate(zip(SAMPLE_MAKERS, SAMPLE_PARTS, strict=True))]
    sheet = _sheet(rows)
    base = detect_mapping(sheet)
    after = evidence_after_choice(sheet, base, {"manufacturer": [0], "part_number": [1]}, [0, 2])
    assert (
        after[0].verdict == "by_hand"
        and after[0].role == "manufacturer"
        and after[0].samples[:2] == ("0", "1")
    )
    assert after[1] == base.evidence[1]
    assert (after[2].verdict, after[2].role) == ("by_hand", "")


def test_language_of_vocabulary_words():
    assert [
        language_of(w) for w in ("hersteller", "型番", "型号", "제조사", "виробник", "артикул", "mpn", "")
    ] == [
        "de",
        "ja",
        "zh",
        "ko",
        "uk",
        "ru",
        "en",
        "",
    ]


def test_the_cli_json_carries_the_column_evidence(layouts, capsys):
    main(["screen", "--json", "--no-stored-lists", str(layouts["typed-issue"].path)])
    sheet = json.loads(capsys.readouterr().out)["files"][0]["sheets"][0]
    by_header = {e["header"]: e for e in sheet["column_evidence"]}
    assert by_header["Manufacturer"]["verdict"] == "confirmed"
    assert by_header["Manufacturer"]["column"] == "C"
    assert by_header["Manufacturer Part"]["role"] == "part_number"
    assert by_header["Manufacturer Part"]["value_shapes"]["part_number"] >= 1
    assert all("samples" not in e for e in sheet["column_evidence"])  # the file's data stays out of the JSON


def test_a_distributors_column_names_the_distributor_and_no_language(layouts):
    rec = _record(_layout_mapping(layouts, "mouser"), "Mouser #")
    assert (rec.term, rec.language, rec.role) == ("mouser", "", "part_number")
    assert rec.reason.startswith("'Mouser #' (A) ('mouser') names part_number")


def test_the_audit_manifest_of_the_exported_copy_keeps_the_column_evidence(layouts, tmp_path, capsys):
    """The annotated copy is the evidence kept for years: its manifest holds one row per column record, with
    the header word, the values' shapes and the verdict, as the window and --json show them."""
    import openpyxl

    main(["screen", "--no-stored-lists", "--out", str(tmp_path), str(layouts["typed-issue"].path)])
    capsys.readouterr()
    (copy,) = tmp_path.glob("*.audited.xlsx")
    rows = [list(r) for r in openpyxl.load_workbook(copy)["Audit manifest"].iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[0] == "Column roles")
    header = rows[start + 1]
    assert header[:3] == ["Sheet", "Column", "Header"] and "Verdict" in header and "Reason" in header
    records = []
    for r in rows[start + 2 :]:
        if not r or r[0] is None:
            break
        records.append(dict(zip(header, r, strict=False)))
    mapping = read_bom(layouts["typed-issue"].path).sheets[0].mapping
    assert len(records) == len(mapping.evidence)
    by_header = {r["Header"]: r for r in records}
    maker = by_header["Manufacturer"]
    assert (maker["Column"], maker["Role"], maker["Verdict"]) == ("C", "manufacturer", "confirmed")
    assert "company" in maker["Value shapes"] and maker["Values sampled"] >= 5
    for rec in mapping.evidence.values():  # each row says what the record says
        row = by_header[rec.header]
        assert (row["Verdict"], row["Reason"], row["Header word"]) == (rec.verdict, rec.reason, rec.term)
        assert row["Role"] == (rec.role or "none") and row["Confidence"] == round(rec.confidence, 2)
