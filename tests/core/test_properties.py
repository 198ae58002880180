"""Property-based tests (hypothesis) for the normaliser and the CSV reader."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from guiapp.ingest.reading import read_bom
from guiapp.matching.normalize import SOFT_HYPHEN, ZERO_WIDTH, fold, normalize
from guiapp.model import BomReadError

# The CSV tests reuse one function-scoped file path across examples (each example overwrites it).
REUSES_TMP_PATH = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text a supplier could type or paste: Latin with accents, the look-alike scripts, full-width and
# mathematical letters, invisible characters, combining marks, CJK, digits and punctuation.
_TRICKY = (
    "HikvisionDahuaZTE hik vision 0134 .,;&()-_/'\"#+"
    "éèàüöäßñçÅØ"
    "аеорсухіАВЕНКМОРТХ"
    "αεικνοτυΑΒΕΗΙΚΜΝΟΡΤΧ"
    "ＨｉｋＶ０１"
    "𝐇𝐢𝑘𝗏𝚒𝟎"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u0301\u0308\u0327"
    "海康威视华为株式会社"
    "\t\n "
)
tricky_text = st.text(alphabet=st.sampled_from(_TRICKY), max_size=40)
any_text = st.text(max_size=60)


def _has_mark(text: str) -> bool:
    return any(unicodedata.category(c) in ("Mn", "Me") for c in text)


@given(any_text)
@example("H\u200bi\u00adk\u0301vision")
@example("\u0301\u0301")
@example("ǅ ᾈ ẞ ﬃ")
def test_normaliser_never_raises_and_cleans(text: str) -> None:
    norm = normalize(text)
    for stage in (norm.folded, norm.name, norm.compact):
        assert not any(c in ZERO_WIDTH for c in stage)
        assert SOFT_HYPHEN not in stage
        assert not _has_mark(stage)
        assert stage == stage.casefold()
        assert stage == stage.strip() and "  " not in stage
    assert " " not in norm.compact
    assert norm.compact == "".join(norm.tokens)
    assert all(isinstance(t, str) for t in norm.tricks)


@given(tricky_text)
@example("H i k v i s i o n  U S A")
@example("Ｈ ｉ ｋ 𝐯 і ѕ і о n")
@example("A::A::A::¼")  # singles split off by wide gaps used to join on the second fold
def test_fold_is_idempotent_on_supplier_text(text: str) -> None:
    once, _ = fold(text)
    twice, tricks = fold(once)
    assert twice == once
    assert tricks == ()  # nothing is left to undo


@given(tricky_text)
def test_name_is_folded_without_trailing_legal_forms(text: str) -> None:
    norm = normalize(text)
    assert norm.folded.startswith(norm.name)
    assert bool(norm.name) == bool(norm.folded)  # never stripped to nothing


# ---------------------------------------------------------------------------------------------------
# CSV reader


@pytest.fixture
def csv_path(tmp_path: Path) -> Path:
    return tmp_path / "bom.csv"


@REUSES_TMP_PATH
@given(st.binary(max_size=2048))
@example(b"\x00" * 64)
@example(b"\xff\xfe" + b"a\x00,\x00" * 10)
@example(b'"unterminated,\r\n\x00')
@example(b"sep=")
@example(b"sep=;\n")
def test_any_bytes_read_or_raise_bom_read_error(csv_path: Path, data: bytes) -> None:
    csv_path.write_bytes(data)
    try:
        bom = read_bom(csv_path)
    except BomReadError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("bom.csv: ")
        return
    for sheet in bom.sheets:
        assert all(isinstance(cell, str) for row in sheet.rows for cell in row)


_DELIMITERS = [",", ";", "\t", "|"]
_CELL_ALPHABETS = {
    "utf-8": "abcXYZ019 -_.'\"\néüßñ海康威视Привет𝐇",
    "utf-16": "abcXYZ019 -_.'\"\néüßñ海康威视Привет𝐇",
    "cp1252": "abcXYZ019 -_.'\"\néüßäö",
}


def _western_word(word: str) -> bool:
    return word.isascii() or any(c.isascii() and c.isalpha() for c in word)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[str]], str, str]:
    """A rectangular table (2-6 columns, 2-8 rows) of stripped text cells, a delimiter and an encoding."""
    encoding = draw(st.sampled_from(sorted(_CELL_ALPHABETS)))
    delimiter = draw(st.sampled_from(_DELIMITERS))
    # The chosen delimiter may sit inside a (quoted) cell; the other candidates would make it ambiguous.
    alphabet = _CELL_ALPHABETS[encoding] + delimiter
    cell = st.text(alphabet=alphabet, min_size=1, max_size=12).map(str.strip).filter(bool)
    if encoding == "cp1252":
        # Western words: accented letters sit among plain ones ("Müller", "Größe"). A word of accented
        # letters only ("äßß") is as much cp1251 Cyrillic ("дЯЯ") as cp1252, and no detector can tell.
        cell = cell.filter(lambda text: all(_western_word(w) for w in re.findall(r"[^\W_]+", text)))
    width = draw(st.integers(2, 6))
    height = draw(st.integers(2, 8))
    rows = draw(st.lists(st.lists(cell, min_size=width, max_size=width), min_size=height, max_size=height))
    return rows, delimiter, encoding


@REUSES_TMP_PATH
@given(tables())
@example(([["a", "b"], ["c", "d"]], "|", "cp1252"))
@example(([["x\ny", '"q"'], ["1", "2"]], ";", "utf-16"))
def test_csv_round_trip(csv_path: Path, table: tuple[list[list[str]], str, str]) -> None:
    rows, delimiter, encoding = table
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = buf.getvalue().encode(encoding)
    if encoding == "utf-16":
        assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    csv_path.write_bytes(data)
    bom = read_bom(csv_path)
    sheet = bom.sheets[0]
    assert bom.delimiter == delimiter
    assert sheet.first_row == 1
    assert [list(r) for r in sheet.rows] == rows
