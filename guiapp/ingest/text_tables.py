"""Read BOMs that are text: CSV/TSV exports and HTML tables that web ERPs save as .xls.

Holds the encoding detection (byte-order marks, UTF-16 without one, UTF-8, then a guess among the legacy
encodings BOMs really arrive in), the delimiter detection for delimited text (including Excel's "sep="
line), and a small HTML parser that collects every <table> as rows of cells.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

from guiapp.ingest.workbooks import _CHUNK_ROWS
from guiapp.model import Bom, BomReadError, CancelToken, SheetData, printable

#: Limits on a text table, enforced while parsing: an annotated copy is an .xlsx, which holds at most
#: 1,048,576 rows and 16,384 columns, and past the cell budget the workbook readers refuse too.
MAX_TEXT_ROWS = 1_048_576
MAX_TEXT_COLUMNS = 16_384
MAX_TEXT_CELLS = 28_000_000
#: A text file larger than this is not read into memory at all.
MAX_TEXT_BYTES = 1024**3

# csv refuses fields over 128 KiB by default; real exports put whole reference lists in one field.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NULs sit in alternate positions (ASCII text in UTF-16), else None."""
    n = len(sample) // 2
    if n < 2:
        return None
    even = sample[0 : 2 * n : 2].count(0)
    odd = sample[1 : 2 * n : 2].count(0)
    if odd > 0.4 * n and even < 0.05 * n:
        return "utf-16-le"
    if even > 0.4 * n and odd < 0.05 * n:
        return "utf-16-be"
    return None


# ---------------------------------------------------------------------------------------------------
# Text decoding and CSV

# Legacy encodings BOMs really arrive in: Western and Central European, Cyrillic, Chinese, Japanese,
# Korean. A closed list keeps the guess among what is plausible; on a tie the earlier one wins (the more
# common encoding). GBK text decodes the same as GB18030, and latin-1 text the same as cp1252.
_CANDIDATE_ENCODINGS = [
    "cp1252",
    "gb18030",
    "shift_jis",
    "big5",
    "euc_kr",
    "cp1251",
    "euc_jp",
    "koi8_r",
    "cp1250",
]


_ASCII_BYTES = bytes(range(128))
_MIN_NON_ASCII_TO_GUESS = 4
#: Below this margin (score per non-ASCII byte) between the best and the next reading, the guess is doubtful.
_DOUBT_MARGIN = 0.15
#: Readings in the same script: cp1250 and cp1252 differ in a few letters a reviewer sees at once.
_LATIN = ("cp1252", "cp1250")


def decode_text(data: bytes) -> tuple[str, str, bool]:
    """Decode text bytes, returning (text, encoding name, doubtful).

    doubtful is True when another encoding reads the bytes almost as plausibly, or the best reading is itself
    implausible: the file then carries a warning naming the encoding chosen and is never reported as clear.
    """
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its mark starts the same way
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name, False
    utf16 = _utf16_without_bom(data[:4096])
    if utf16:
        return data.decode(utf16, errors="replace"), utf16, False
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    sample = data[:262_144]
    non_ascii = len(sample.translate(None, _ASCII_BYTES))
    scored = []
    for rank, candidate in enumerate(_CANDIDATE_ENCODINGS):
        try:
            reading = sample.decode(candidate)
        except UnicodeDecodeError as exc:
            # The sample may end inside a multi-byte character; only an error there is forgiven.
            if len(sample) == len(data) or exc.start < len(sample) - 4:
                continue
            reading = sample[: exc.start].decode(candidate, errors="replace")
        scored.append((_plausibility(reading, candidate), -rank, candidate, reading))
    if not scored:
        return data.decode("cp1252", errors="replace"), "cp1252", True
    scored.sort(reverse=True)
    best_score, _, name, text = scored[0]
    # Two or three accented bytes are little evidence for any script: 'ä' in cp1252 is 'д' in cp1251 and half
    # a character in Shift-JIS. Guessing then would garble a Western file, so the most common legacy
    # encoding wins until there is enough text to tell, doubtful when another reading is as plausible.
    if non_ascii < _MIN_NON_ASCII_TO_GUESS:
        western = next((t for t in scored if t[2] == "cp1252"), None)
        if western is not None:
            best_score, _, name, text = western
    rivals = [s for s, _, n, t in scored if t != text and not (n in _LATIN and name in _LATIN)]
    doubtful = best_score < 0.5 or bool(rivals and best_score - max(rivals) < _DOUBT_MARGIN)
    if len(sample) < len(data):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            text = data.decode(name, errors="replace")
            doubtful = True
    return text, name, doubtful


def _decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes, returning (text, encoding name)."""
    text, name, _ = decode_text(data)
    return text, name


# Symbols BOMs use beside letters: degrees, micro, ohm, plus-minus, multiplication, currency, marks, dashes.
_BOM_SYMBOLS = set("°±µμΩΩ×€£¥§©®™•–—…·²³½¼¾‰′″≤≥≈∅ø")
# Characters of BOM vocabulary in Chinese and Japanese (resistor, capacitor, inductor, crystal, connector,
# switch, cable, module, chip, diode, transistor, company, limited, technology, electronics ...).
_BOM_CJK = set(
    "电阻容感器件晶体振管二极芯片连接插座开关线缆模块组有限公司科技股份集团子华为海康大中兴通讯微半导"
    "電阻容感器件晶體振管極連接開關線纜模組華為興訊微導體株式会社抵抗器部品品番型数量製造元"
)
_FREQUENT_CJK: set[str] = set()


def _frequent_cjk() -> set[str]:
    """The most frequent Chinese and Japanese characters (charset-normalizer's tables) and BOM vocabulary."""
    if not _FREQUENT_CJK:
        _FREQUENT_CJK.update(_BOM_CJK)
        try:
            from charset_normalizer.constant import FREQUENCIES

            for language in ("Chinese", "Japanese", "Japanese—", "Japanese——"):
                _FREQUENT_CJK.update(c for c in FREQUENCIES.get(language, ()) if ord(c) > 0x2E7F)
        except Exception:  # the tables are a bonus; the byte-row tests below stand without them
            pass
    return _FREQUENT_CJK


@functools.lru_cache(maxsize=65536)
def _lead_byte(c: str, encoding: str) -> int:
    try:
        return c.encode(encoding)[0]
    except UnicodeEncodeError:
        return 0


def _ideograph_score(c: str, encoding: str) -> float:
    """How common an ideograph is for text in `encoding`: the first-level (most used) rows of its standard."""
    bonus = 1.0 if c in _frequent_cjk() else 0.0
    if encoding == "gb18030":
        lead = _lead_byte(c, "gb2312")
        level = 1.5 if 0xB0 <= lead <= 0xD7 else 0.5 if lead else -1.0
    elif encoding == "big5":
        lead = _lead_byte(c, "big5")
        level = 1.5 if 0xA4 <= lead <= 0xC6 else 0.5 if lead else -1.0
    elif encoding in ("shift_jis", "euc_jp"):
        lead = _lead_byte(c, "euc_jp")
        level = 1.5 if 0xB0 <= lead <= 0xCF else 0.5 if lead else -1.0
    else:  # hanja in Korean text, CJK in a Western or Cyrillic reading
        level = -0.5
    return level + bonus


# Finals (jongseong) that running Korean text uses most: none, ㄴ, ㄹ, ㅇ, ㅁ, ㄱ.
_COMMON_FINALS = {0, 4, 8, 21, 16, 1}


def _char_score(c: str, encoding: str) -> float:
    """Plausibility of one non-ASCII character in a BOM read as `encoding` (per character)."""
    o = ord(c)
    if 0x4E00 <= o <= 0x9FFF:
        return _ideograph_score(c, encoding)
    if 0xAC00 <= o <= 0xD7A3:
        final = (o - 0xAC00) % 28
        return (2.5 if final == 0 else 1.5) if final in _COMMON_FINALS else -0.5
    if 0x3040 <= o <= 0x30FF:
        return 2.0 if encoding in ("shift_jis", "euc_jp") else -1.0
    if 0x0410 <= o <= 0x044F or c in "ёЁ":
        return 1.5
    if 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E:
        return 1.0  # CJK punctuation and full-width forms
    if c in _BOM_SYMBOLS:
        return 1.0
    if 0xC0 <= o <= 0x24F and c.isalpha():
        return 1.5
    if 0xFF61 <= o <= 0xFF9F:
        return -1.5  # half-width katakana: what single accented bytes become in Shift-JIS
    category = unicodedata.category(c)
    if category in ("Cc", "Co", "Cn", "Cs"):
        return -3.0
    if category.startswith("L"):
        return 0.0
    return -1.0


def _plausibility(text: str, encoding: str) -> float:
    """How plausible the decoded text is for a BOM, per non-ASCII byte, from its characters and words.

    Characters weigh by the bytes they take, so readings with multi-byte and single-byte characters compare;
    a word mixing plain Latin letters with another script ('X葔'), and a Cyrillic or accented word whose case
    flips inside it ('сЮПЮЙ', what KOI8-R read as cp1251 looks like) are penalised.
    """
    sample = text[:16384]  # plenty of evidence; the score is per byte, so the length does not bias it
    score = 0.0
    last = len(sample) - 1
    nbytes = 0
    for i, c in enumerate(sample):
        if ord(c) > 0x7F:
            try:
                width = len(c.encode(encoding))
            except UnicodeEncodeError:
                width = 1
            nbytes += width
            if c in _BOM_SYMBOLS and not (
                (i > 0 and sample[i - 1].isascii()) or (i < last and sample[i + 1].isascii())
            ):
                score -= 1.0  # '±10%', '10µF', '°C' stand by plain text, not among other non-ASCII letters
                continue
            score += _char_score(c, encoding) * width / 2 if width > 1 else _char_score(c, encoding)
    for word in _WORDS.findall(sample):
        if word.isascii():
            continue
        if _mixed_script_word(word):
            # Cyrillic or CJK inside a Latin word ('X葔', 'aЯЯ'): more than the letters gained.
            score -= 3.0 * sum(1 for c in word if not c.isascii())
        elif (
            not any(c.isascii() for c in word)
            and any(c.isupper() for c in word[1:])
            and any(c.islower() for c in word)
        ):
            # Case flips inside the word: neither 'Word' nor 'WORD' nor 'word'; the letters count for nothing.
            score -= 1.5 * len(word)
        elif len(word) >= 3 and _is_cyrillic(word) and not any(c in _CYRILLIC_VOWELS for c in word.lower()):
            score -= 1.5 * len(word)  # a Cyrillic word without a vowel is bytes of another script
        # Western words carry an accent or two among plain letters; a word of accented letters only
        # ('Ïðîèçâîäèòåëü') is Cyrillic or Greek read in a Western code page.
        accented = sum(1 for c in word if 0xC0 <= ord(c) <= 0x24F)
        if len(word) >= 3 and accented > len(word) / 2 and not any(c.isascii() for c in word):
            score -= 2.0 * accented
    if encoding in ("cp1252", "cp1250"):
        # Western text has an accented letter or a symbol here and there; a run of them ('Ã¥Ã¤Ã¶',
        # '¥Ê¥¤¥Ô') is multi-byte text read one byte at a time.
        for run in _NON_ASCII_RUNS.findall(sample):
            score -= 2.0 * (len(run) - 2)
    return score / max(nbytes, 1)


_WORDS = re.compile(r"[^\W_]+")
_NON_ASCII_RUNS = re.compile(r"[^\x00-\x7f]{3,}")


_CYRILLIC_VOWELS = set("аеёиоуыэюяіїєў")


def _is_cyrillic(word: str) -> bool:
    return all(0x0400 <= ord(c) <= 0x04FF for c in word)


def _mixed_script_word(word: str) -> bool:
    """True for a word mixing plain Latin letters with letters of another script."""
    if word.isascii() or not any(c.isascii() for c in word):
        return False
    return any(not c.isascii() and not unicodedata.name(c, "").startswith("LATIN") for c in word)


def _warn_doubtful_encoding(path: Path, bom: Bom, encoding: str) -> None:
    """Mark a file whose encoding is a doubtful guess: a warning naming it, and never a 'clear' result."""
    bom.encoding_doubtful = True
    bom.warnings.append(
        f"{printable(path.name)}: the text encoding is a doubtful guess ({encoding}); names may be misread, so "
        "no hit does not mean clear: check the names in the file, or save it again as UTF-8"
    )


_DELIMITERS = (",", ";", "\t", "|")


def _delimiter_score(lines: list[str], delimiter: str) -> float:
    """How consistently a delimiter splits sample lines into more than one field (0 = not at all)."""
    counts = [len(rec) for rec in csv.reader(lines, delimiter=delimiter) if rec]
    if not counts:
        return 0.0
    mode = max(set(counts), key=counts.count)
    if mode < 2:
        return 0.0
    consistent = sum(1 for c in counts if c == mode) / len(counts)
    return consistent + min(mode, 50) / 1000.0  # more fields breaks near-ties


def _detect_delimiter(text: str, suffix: str) -> str:
    """Pick the delimiter that splits the sample most consistently; csv.Sniffer breaks ties."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    lines = sample.splitlines()[:200]
    scores = {d: _delimiter_score(lines, d) for d in _DELIMITERS}
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    preferred = "\t" if suffix == ".tsv" else ","
    best = max(_DELIMITERS, key=lambda d: (round(scores[d], 2), d == sniffed, d == preferred))
    return best if scores[best] > 0 else preferred


def _read_text_table(path: Path, bom: Bom, data: bytes, cancel: CancelToken | None) -> None:
    text, encoding, doubtful = decode_text(data)
    text = text.replace("\x00", "")  # stray NULs from broken exports would make csv fail
    bom.encoding = encoding
    if doubtful:
        _warn_doubtful_encoding(path, bom, encoding)
    if "\ufffd" in text and encoding.startswith("utf"):
        bom.warnings.append(f"some characters could not be decoded as {encoding} and show as '\ufffd'")
    delimiter = None
    # Excel's "sep=;" first line sets the delimiter and is not shown as a row.
    match = re.match(r"sep=(.)\r?\n", text[:8])
    if match:
        delimiter = match.group(1)
        text = text[match.end() :]
    if delimiter is None:
        delimiter = _detect_delimiter(text, path.suffix.lower())
    bom.delimiter = delimiter
    try:
        # Strict first: a file whose quotes are all closed properly (what Excel and every ERP write) is
        # read once, and no cell can hide later records.
        rows = _parse_records(path, text, delimiter, cancel, csv.QUOTE_MINIMAL, strict=True)
        swallowed = None
    except _QuoteError:
        rows = _parse_records(path, text, delimiter, cancel, csv.QUOTE_MINIMAL)
        swallowed = _swallowed_record(rows)
    if swallowed is not None:
        # A quote opened and never closed makes every later line one cell: those rows would go unscreened
        # while the file read as clear. Read it again taking quotes as plain characters.
        rows = _parse_records(path, text, delimiter, cancel, csv.QUOTE_NONE)
        bom.warnings.append(
            f"record {swallowed} opens a quote that is never closed, which would hide the lines after it in "
            "one cell; the file was read with quotes taken as plain text: check it in a spreadsheet program"
        )
    while rows and not any(rows[-1]):
        rows.pop()
    bom.sheets.append(SheetData(name=printable(path.stem), rows=rows))


def _parse_records(
    path: Path,
    text: str,
    delimiter: str,
    cancel: CancelToken | None,
    quoting: Literal[0, 1, 2, 3],
    *,
    strict: bool = False,
) -> list[list[str]]:
    """Parse delimited text into stripped rows, enforcing the row, column and cell limits as it goes.

    Raises:
        _QuoteError: strict, and a quote is misplaced or never closed.
        BomReadError: a limit is passed, or the text cannot be parsed at all.
    """
    rows: list[list[str]] = []
    cells = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting, strict=strict)
    try:
        for n, record in enumerate(reader):
            if n % _CHUNK_ROWS == 0 and cancel is not None:
                cancel.raise_if_cancelled()
            if len(record) > MAX_TEXT_COLUMNS:
                raise BomReadError(
                    path,
                    f"record {n + 1} has {len(record):,} fields, more than the {MAX_TEXT_COLUMNS:,} columns a "
                    "spreadsheet holds; check the delimiter, or split the table",
                )
            cells += len(record)
            if n >= MAX_TEXT_ROWS or cells > MAX_TEXT_CELLS:
                what = f"{MAX_TEXT_ROWS:,} rows" if n >= MAX_TEXT_ROWS else f"{MAX_TEXT_CELLS:,} cells"
                raise BomReadError(
                    path, f"more than {what}, too many to read safely: split the BOM into smaller files"
                )
            rows.append([field.strip() for field in record])
    except csv.Error as exc:
        if strict:
            raise _QuoteError from None
        raise BomReadError(
            path, f"damaged text table near record {len(rows) + 1} ({exc}); save it again as .csv"
        ) from None
    return rows


class _QuoteError(Exception):
    """A strict parse met a quote out of place."""


def _swallowed_record(rows: list[list[str]]) -> int | None:
    """The 1-based first record with a cell that spans lines, or None; asked only when quotes are broken.

    A quote left open swallows the lines up to the next quote character (often the end of the file) into
    one cell, and whether those lines hold the delimiter depends on the guess of the delimiter. With the
    quotes known to be broken, any cell spanning lines is suspect: reading the file with quotes as plain
    text then screens every line, at worst splitting a real multi-line cell.
    """
    for n, row in enumerate(rows, start=1):
        if any("\n" in cell for cell in row):
            return n
    return None


# ---------------------------------------------------------------------------------------------------
# HTML tables (web ERPs save these as .xls)


class _TooLarge(Exception):
    """A web page's tables are past the row, column or cell limits."""


class _HtmlTables(HTMLParser):
    """Collect the text of every <table> as rows of cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._stack: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._span = 1
        self.cells = 0  # cells made so far, colspans expanded (checked against MAX_TEXT_CELLS)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._finish_cell()
            self._stack.append([])
        elif not self._stack:
            return
        elif tag == "tr":
            self._finish_cell()
            self._stack[-1].append([])
        elif tag in ("td", "th"):
            self._finish_cell()
            if not self._stack[-1]:
                self._stack[-1].append([])
            self._cell = []
            span = dict(attrs).get("colspan") or "1"
            self._span = int(span) if span.isdigit() and 0 < int(span) < 1000 else 1
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th", "tr"):
            self._finish_cell()
        elif tag == "table" and self._stack:
            self._finish_cell()
            table = self._stack.pop()
            if any(any(cell for cell in row) for row in table):
                self.tables.append(table)

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _finish_cell(self) -> None:
        if self._cell is None or not self._stack:
            self._cell = None
            return
        lines = "".join(self._cell).split("\n")
        text = "\n".join(" ".join(line.split()) for line in lines).strip()
        row = self._stack[-1][-1]
        row.extend([text] + [""] * (self._span - 1))
        self.cells += self._span
        if len(row) > MAX_TEXT_COLUMNS or self.cells > MAX_TEXT_CELLS or len(self._stack[-1]) > MAX_TEXT_ROWS:
            raise _TooLarge
        self._cell = None
        self._span = 1


def _read_html(path: Path, bom: Bom, data: bytes) -> None:
    text, encoding, doubtful = decode_text(data)
    declared = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    if declared and (doubtful or encoding in ("cp1252", "utf-8")):
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name
            text, encoding, doubtful = data.decode(name), name, False
        except (LookupError, UnicodeDecodeError):
            pass
    if doubtful:
        _warn_doubtful_encoding(path, bom, encoding)
    parser = _HtmlTables()
    try:
        parser.feed(text)
        parser.close()
    except _TooLarge:
        raise BomReadError(
            path,
            f"its tables hold more than {MAX_TEXT_ROWS:,} rows, {MAX_TEXT_COLUMNS:,} columns or "
            f"{MAX_TEXT_CELLS:,} cells, too many to read safely: split the table",
        ) from None
    if not parser.tables:
        raise BomReadError(
            path, "not a spreadsheet: the content is a web page without a table; save it as .xlsx or .csv"
        )
    bom.encoding = encoding
    bom.warnings.append("the file is a web page (HTML table) named like a spreadsheet; its table was read")
    for i, table in enumerate(parser.tables, start=1):
        name = printable(path.stem) if len(parser.tables) == 1 else f"{printable(path.stem)} (table {i})"
        bom.sheets.append(SheetData(name=name, rows=table))
