"""Find the header row of a BOM sheet and decide which columns carry which role.

Real BOMs put their headers anywhere in the first rows (Altium title blocks, tables starting at B2, a
title line above the header) and name their columns in many languages and spellings. Detection scores
the first rows of the used range by how many cells look like BOM headers, then classifies each header
cell. The values under each role header then confirm or overturn it (shapes.py: part numbers, company
names, prose, quantities): "Mfr. #" over part numbers is the part-number column, whatever the header
says. Values never give a role to a column whose header names none: that would make the mapping
unpredictable for the person reviewing it; such columns are screened at review level instead (see
screening). The evidence is written into the mapping's notes (the CLI's JSON, the manifest) and kept per
column as ColumnEvidence records (column_evidence.py) that the window shows under its role choices.

Decisions worth knowing:

* A header naming both a maker and a part number ("Mfr PN", "Manufacturer Part Number",
  "Herstellerteilenummer") is a part_number column, never a manufacturer column.
* A header naming a supplier or distributor together with a part number ("Supplier PN",
  "Digi-Key Part Number") is a part_number column: the cells are order codes, which often embed the
  maker's part number ("DS-2CD2143G2-IS-ND"), so part-number patterns are what fits them; matching
  them as company names would only cost time.
* "Vendor" is a supplier; "Brand" (品牌) is a manufacturer.
* Weak names ("CATALOG" for manufacturer; "Value", "Part", "Component", "Name" for description) are
  used only when the sheet has no column with a strong name for that role.
* Headers about quantities, prices, links, dates, footprints or packages are never a role, whatever
  else they mention ("DigiKey Quantity", "Mouser Price/Stock", "Manufacturer1 ComponentHeight").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from guiapp.ingest.column_evidence import build_evidence, evidence_after_choice, sample_column
from guiapp.ingest.shapes import ColumnShape
from guiapp.model import ROLES, ColumnEvidence, ColumnMap, SheetData, column_index, column_letter

#: How many rows from the top of the used range may hold the header row.
HEADER_SEARCH_ROWS = 30
#: How many data rows under the header are sampled to confirm or overturn its roles.
VALUE_SAMPLE_ROWS = 200
#: Fewer sampled values than this are no evidence either way.
_MIN_EVIDENCE = 3
#: Header cells are short; longer text is data (or a title) and is not classified.
_MAX_HEADER_LEN = 48

_OTHER = "other"  # a recognised BOM header that carries no screened role (Qty, Ref, Footprint...)

# Vocabulary: (kind, phrase). Phrases are written in any case/accents and normalised like headers.
# Kinds are the ROLES, "other", or "weak_<role>" (used only when no strong column has that role).
# fmt: off
_VOCABULARY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("manufacturer", (
        "manufacturer", "manufacturers", "manufacturer name", "mfr", "mfr name", "mfg", "mfg name",
        "mfgr", "mnf", "manf", "manuf", "manufact", "manufacture", "mfr name", "make", "maker", "brand",
        "producer", "hersteller", "herstellername", "marke",
        "fabricant", "nom du fabricant", "marque", "fabricante", "nombre del fabricante", "marca",
        "fabbricante", "produttore", "costruttore", "producent",
        "fabrikant", "tillverkare", "valmistaja", "výrobce", "производитель", "изготовитель",
        "виробник", "бренд", "марка", "生产厂家", "製造廠商", "生產廠商", "品牌商", "生产厂商", "制造商", "生产商", "厂商", "厂家", "品牌", "厂牌", "製造商", "廠商", "メーカー",
        "製造元", "製造者", "メーカー名", "메이커", "メーカ", "ブランド", "제조사", "제조업체", "제조회사", "브랜드",
    )),
    ("part_number", (
        "mpn", "mfr pn", "mfr part", "mfr part no", "mfr part number", "mfg pn", "mfg part no",
        "manufacturer part number", "manufacturer pn", "manufacturer part", "manufacturer no",
        "manufacturer number", "manufacturer part no", "manufacture part number", "mfr no", "mfr number",
        "mfg no", "mfg number", "manf no", "manf part", "manuf no", "manuf part", "mfrpn", "mfr p n",
        "manufacturer item number", "sku", "distributor sku", "herst nr", "hersteller nr",
        "hersteller artikelnummer", "herstellerbezeichnung", "bestellnummer", "bestell nr",
        "ref fournisseur", "reference fournisseur", "reference constructeur", "ref constructeur",
        "referencia del fabricante", "referencia fabricante", "numero de parte del fabricante",
        "codigo del fabricante", "codice fornitore", "codice articolo", "parte produttore", "part no", "part number", "part num",
        "partnumber", "part nr", "p n", "pn", "part id", "part code", "ordering code",
        # A supplier's order code is a part number too (see the module notes).
        "supplier pn", "supplier part", "supplier part number", "vendor pn", "vendor part number",
        "distributor part number", "order code", "order number", "order no", "spn",
        "catalog number", "model", "model number", "type number", "herstellerteilenummer",
        "teilenummer", "artikelnummer", "herstellernummer", "typ", "reference fabricant",
        "ref fabricant", "numero de piece", "numero de parte", "numero de pieza",
        "codice produttore", "codice", "part nummer", "onderdeelnummer", "артикул", "партномер",
        "парт номер", "номер детали", "обозначение", "型号", "规格型号", "料号", "零件号", "器件型号", "型號", "料號",
        "型番", "部品番号", "品番", "メーカー型番", "メーカー品番", "制造商料号", "厂商料号",
        "厂家型号", "品牌型号", "原厂型号", "製造商料號", "廠商料號", "原廠型號", "제조사 품번", "제품번호",
        "артикул производителя", "код производителя", "парт номер производителя", "부품번호", "모델명", "품번",
    )),
    ("description", (
        "description", "desc", "descr", "designation", "comment", "comments", "details", "detail",
        "part description", "item description", "specification", "spec", "beschreibung",
        "bezeichnung", "descripcion", "descrizione", "descricao", "omschrijving", "opis",
        "beskrivning", "material description", "item description", "component description",
        "описание", "наименование", "название", "描述", "物料名称", "名称", "品名", "规格",
        "物料描述", "规格描述", "說明", "描述信息", "説明", "名称", "仕様", "부품명", "품명", "설명", "사양",
    )),
    ("supplier", (
        "supplier", "suppliers", "vendor", "distributor", "distributer", "seller", "source",
        "supplier name", "vendor name", "distributor name", "reseller", "lieferant", "händler", "bezugsquelle", "fournisseur", "proveedor", "fornitore",
        "fornecedor", "leverancier", "dostawca", "leverantör", "поставщик", "供应商", "供货商", "供應商",
        "仕入先", "購入先", "商社", "공급업체", "공급사", "구매처",
    )),
    ("weak_manufacturer", (
        "catalog", "catalogue", "vendor brand",
    )),
    ("weak_description", (
        "value", "val", "component", "name", "item name", "title", "device", "part name",
    )),
    # "Part" holds a part number in most electronics BOMs and a name in mechanical ones.
    ("weak_part", (
        "part", "parts",
    )),
    (_OTHER, (
        "item", "no", "nr", "number", "pos", "position", "line", "index", "id", "ref", "refs",
        "reference", "references", "ref des", "refdes", "designator", "designators", "qty",
        "quantity", "count", "notes", "note", "remarks", "remark", "dnp", "dni", "populate", "q ty",
        "footprint", "package", "case", "pads", "smd", "mounting type", "datasheet", "link", "url",
        "price", "cost", "unit price", "total", "status", "tolerance", "voltage", "power", "type",
        "library", "sheet", "boitier", "quantite", "menge", "anzahl", "bauform", "gehause",
        "cantidad", "quantita", "quantidade", "ilosc", "количество", "кол во", "数量", "备注", "位号",
        "封装", "单价", "用量", "序号", "编号", "物料编码", "備考", "数", "수량", "비고", "참조",
        "part reference", "schematic reference", "bemerkung", "anmerkung", "hinweis", "kommentar",
        "remarque", "observations", "observaciones", "comentario", "comentarios", "notas", "nota",
        "примечание", "комментарий", "備註", "位號", "封裝", "單價", "數量", "部品記号", "回路記号",
        "позиционное обозначение", "поз обозначение", "repere", "designador", "riferimento",
    )),
)
# fmt: on

# A header holding one of these tokens is never a role: it counts, prices, links or places things.
_VETO_TOKENS = frozenset(
    (
        "qty", "quantity", "quantities", "price", "prices", "cost", "costs", "stock", "total", "amount",
        "datasheet", "url", "link", "links", "height", "width", "length", "weight", "date", "footprint",
        "package", "tolerance", "voltage", "lifecycle", "rohs", "pcb", "count", "library", "type", "kind",
        "menge", "anzahl", "preis", "quantite", "prix", "cantidad", "precio",
    )
)  # fmt: skip
_VETO_SUBSTRINGS = ("数量", "单价", "价格", "金额", "封装", "链接", "数", "価格", "수량", "가격")

# Distributor names: a header naming one is about that distributor's order code or price.
_DISTRIBUTORS = frozenset(
    (
        "digikey", "mouser", "farnell", "newark", "rs", "arrow", "avnet", "lcsc", "tme", "allied",
        "element14", "jlcpcb", "jlc", "octopart", "rutronik", "conrad", "reichelt",
    )
)  # fmt: skip


# Words that make a distributor's column its order code ("Mouser #" reads "mouser no").
_CODE_WORDS = frozenset(("no", "nr", "number", "pn", "part", "sku", "code", "id"))

# A header holding one of these tokens or substrings is a column of quantities, prices, dates, designators,
# footprints or packages: its cells never name a maker, so screening leaves the column out even when it is
# not mapped to a role (see never_names_header).
_NO_NAME_TOKENS = frozenset(
    (
        "qty", "quantity", "quantities", "price", "prices", "cost", "costs", "stock", "total", "amount", "date",
        "height", "width", "length", "weight", "footprint", "footprints", "package", "tolerance", "voltage",
        "power", "current", "count", "designator", "designators", "refdes", "ref", "refs", "dnp", "dni", "populate", "populated", "rohs", "lifecycle", "moq", "uom", "unit", "units",
        "leadtime", "lead", "menge", "anzahl", "preis", "datum", "bauform", "gehause", "quantite", "prix",
        "boitier", "repere", "cantidad", "precio", "fecha", "encapsulado", "designador", "quantita", "prezzo",
        "contenitore", "riferimento", "количество", "кол", "цена", "дата", "корпус", "позиционное",
        "поз", "item", "index", "pos", "position", "line", "no", "nr", "level", "bom",
    )
)  # fmt: skip
_NO_NAME_SUBSTRINGS = (
    "数量", "单价", "價格", "价格", "金额", "封装", "封裝", "位号", "位號", "日期", "単価", "価格", "日付",
    "部品記号", "回路記号", "수량", "단가", "가격", "날짜", "패키지", "序号", "用量",
)  # fmt: skip


def never_names_header(text: str) -> bool:
    """Whether a header names a column whose cells never name a maker (quantities, prices, dates, designators,
    footprints, packages, item numbers), so an unmapped column under it is not screened.

    Args:
        text: header cell text as written.

    Returns:
        True for such a header; False for any other, including notes, comments, links and unknown headers.
    """
    norm = normalize_header(text)
    if not norm:
        return False
    squashed = norm.replace(" ", "")
    return bool(set(norm.split()) & _NO_NAME_TOKENS) or any(s in squashed for s in _NO_NAME_SUBSTRINGS)


def normalize_header(text: str) -> str:
    """Return a header cell's text in the form used for comparisons.

    Case, accents, punctuation, underscores and camelCase or letter/digit boundaries are folded so
    "Manufacturer_Name", "manufacturer name" and "ManufacturerName" compare equal, and "#" reads as "no".

    Args:
        text: header cell text.

    Returns:
        Lower-case words separated by single spaces (CJK text stays as written).
    """
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # camelCase, before case folding loses it
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFKC", text).casefold().replace("#", " no ")
    text = re.sub(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", " ", text)
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _is_cjk(text: str) -> bool:
    return any(ord(ch) > 0x2E80 for ch in text)


@dataclass(frozen=True)
class _Phrase:
    kind: str
    word: str  # as written in the vocabulary (its language is looked up by it)
    norm: str
    squashed: str
    substring: bool  # match inside words (long latin phrases, CJK), else whole words only


def _build_phrases() -> tuple[_Phrase, ...]:
    phrases = []
    for kind, words in _VOCABULARY:
        for word in words:
            norm = normalize_header(word)
            squashed = norm.replace(" ", "")
            # Short latin words ("pn", "make", "ref") only match whole words: as substrings they
            # would hit unrelated headers ("Remake", "Preference").
            substring = _is_cjk(norm) or (len(squashed) >= 6 and word not in ("source", "number"))
            phrases.append(_Phrase(kind, word, norm, squashed, substring))
    return tuple(phrases)


_PHRASES = _build_phrases()
_EXACT: dict[str, str] = {}
for _p in _PHRASES:
    _EXACT.setdefault(_p.norm, _p.kind)
    _EXACT.setdefault(_p.squashed, _p.kind)


@lru_cache(maxsize=4096)
def classify_header(text: str) -> str | None:
    """Return the kind of a header cell: a role, "weak_<role>", "other", or None when unknown.

    Args:
        text: header cell text as written.

    Returns:
        One of ROLES, "weak_manufacturer", "weak_description", "weak_part", "other", or None.
    """
    norm = normalize_header(text)
    if not norm:
        return None
    squashed = norm.replace(" ", "")
    exact = _EXACT.get(norm) or _EXACT.get(squashed)
    tokens = norm.split()
    if set(tokens) & _VETO_TOKENS or any(s in squashed for s in _VETO_SUBSTRINGS):
        # "Quantity" itself is an exact "other"; anything else mentioning counts or prices is too.
        return _OTHER
    if exact is not None:
        return exact
    padded = f" {norm} "
    found: set[str] = set()
    for phrase in _PHRASES:
        hit = phrase.squashed in squashed if phrase.substring else f" {phrase.norm} " in padded
        if hit:
            found.add(phrase.kind)
    strong = found & set(ROLES)
    if set(tokens) & _DISTRIBUTORS or any(
        f" {d} " in padded for d in ("digi key",)
    ):  # a distributor's column: its order code (a part number, "Mouser #", "LCSC Part") or its name
        return "part_number" if "part_number" in strong or set(tokens) & _CODE_WORDS else "supplier"
    if "supplier" in strong and "part_number" in strong:
        return "part_number"  # a supplier's order code: screened with the part-number patterns
    if "part_number" in strong:
        return "part_number"  # "Mfr PN", "Manufacturer Part Number", "规格型号"
    for role in ("manufacturer", "supplier", "description"):
        if role in strong:
            return role
    for weak in ("weak_manufacturer", "weak_description", "weak_part"):
        if weak in found:
            return weak
    if _OTHER in found:
        return _OTHER
    return None


def _looks_numeric(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def _row_kinds(cells: list[str], first_col: int) -> dict[int, tuple[str, str | None]]:
    """Absolute column -> (text, kind) for the non-blank cells of one row."""
    out: dict[int, tuple[str, str | None]] = {}
    for j, text in enumerate(cells):
        if not text:
            continue
        kind = None
        if len(text) <= _MAX_HEADER_LEN and not _looks_numeric(text):
            kind = classify_header(text)
        out[first_col + j] = (text, kind)
    return out


def _score_row(kinds: dict[int, tuple[str, str | None]]) -> float | None:
    """Score a candidate header row, or None when it cannot be a header."""
    strong = sum(1 for _, k in kinds.values() if k in ROLES)
    weak = sum(1 for _, k in kinds.values() if k and k.startswith("weak_"))
    other = sum(1 for _, k in kinds.values() if k == _OTHER)
    if not (strong >= 1 or (weak >= 1 and weak + other >= 2)):
        return None
    numeric = sum(1 for t, _ in kinds.values() if _looks_numeric(t))
    long_text = sum(1 for t, _ in kinds.values() if len(t) > _MAX_HEADER_LEN)
    distinct = len({k for _, k in kinds.values() if k in ROLES})
    return 3.0 * strong + 1.0 * distinct + 1.0 * weak + 1.0 * other - 1.5 * numeric - 1.0 * long_text


def _assign(kinds: dict[int, tuple[str, str | None]]) -> dict[str, list[int]]:
    """Role -> columns for a header row; weak names count only where no strong name exists."""
    columns: dict[str, list[int]] = {}
    for col in sorted(kinds):
        kind = kinds[col][1]
        if kind in ROLES:
            columns.setdefault(kind, []).append(col)
    for col in sorted(kinds):
        kind = kinds[col][1]
        if kind and kind.startswith("weak_"):
            # A weak name takes the first of its roles that no strong column has, so an ambiguous column
            # is still screened rather than left out.
            for role in _WEAK_ROLES.get(kind, (kind[len("weak_") :],)):
                if role not in columns or all(kinds[c][1] == kind for c in columns[role]):
                    columns.setdefault(role, []).append(col)
                    break
    return {role: columns[role] for role in ROLES if role in columns}


_WEAK_ROLES: dict[str, tuple[str, ...]] = {"weak_part": ("part_number", "description")}

_Kinds = dict[int, tuple[str, str | None]]


_Samples = dict[int, tuple[ColumnShape, tuple[str, ...]]]


def _sample_shapes(sheet: SheetData, index: int, kinds: _Kinds) -> _Samples:
    """The shapes and first values under the header row (rows[index]) for its role-bearing columns."""
    block = sheet.rows[index + 1 : index + 1 + VALUE_SAMPLE_ROWS]
    return {
        col: sample_column(block, col - sheet.first_col)
        for col, (_, kind) in kinds.items()
        if kind is not None and kind != _OTHER
    }


def _header_term(text: str, kind: str | None) -> str:
    """The vocabulary phrase behind a header's kind (the longest that matches), or the distributor it names."""
    if kind is None:
        return ""
    norm = normalize_header(text)
    padded, squashed = f" {norm} ", norm.replace(" ", "")
    found = [
        p
        for p in _PHRASES
        if p.kind == kind
        and (
            p.norm == norm
            or p.squashed == squashed
            or (p.squashed in squashed if p.substring else f" {p.norm} " in padded)
        )
    ]
    # As written first ("PN" is "pn", not "p n"), then squashed, then the longest phrase inside the header.
    same = [p for p in found if p.norm == norm] or [p for p in found if p.squashed == squashed] or found
    if same:
        return max(same, key=lambda p: len(p.squashed)).word
    # A distributor's column ("Mouser #"): its name is the word (a name, of no language).
    return next((t for t in norm.split() if t in _DISTRIBUTORS), "digi key" if "digi key" in padded else "")


def _mentions_maker(text: str) -> bool:
    """Whether a header names a maker somewhere in it ("Manufacturer_No", "Mfr. #", "Herstellernummer")."""
    norm = normalize_header(text)
    padded, squashed = f" {norm} ", norm.replace(" ", "")
    return any(
        (p.squashed in squashed if p.substring else f" {p.norm} " in padded)
        for p in _PHRASES
        if p.kind == "manufacturer"
    )


def _weigh_values(kinds: _Kinds, samples: _Samples) -> tuple[_Kinds, dict[int, str], dict[int, str]]:
    """Let the values confirm or overturn each header's role.

    A header says what a column was meant to hold; its values say what it holds. Part numbers under a
    maker's header ("Mfr. #", "Manufacturer Part") make it the part-number column; company names under a
    "Manufacturer No" header make it the maker column; a maker or supplier column of nothing but numbers,
    dates or designators has no names to screen. Suppliers stay suppliers (a distributor is not the maker)
    unless their cells are order codes.

    Returns:
        (the weighed kinds, column -> the evidence in plain words for the mapping notes, column -> the
        verdict for its ColumnEvidence: "confirmed", "overturned", "dropped", "header" or "too_few").
    """
    weighed = dict(kinds)
    evidence: dict[int, str] = {}
    verdicts: dict[int, str] = {}
    for col, (shape, _) in samples.items():
        text, kind = kinds[col]
        if shape.total < _MIN_EVIDENCE or kind is None:
            verdicts[col] = "too_few"
            continue
        verdicts[col] = "overturned"
        parts, companies = shape.share("part_number"), shape.share("company")
        role = kind[len("weak_") :] if kind.startswith("weak_") else kind
        if role in ("manufacturer", "supplier") and shape.never_names:
            weighed[col] = (text, _OTHER)
            evidence[col] = (
                f"'{text}' ({column_letter(col)}) not used as {role}: "
                f"{shape.describe('number', 'date', 'designator', 'value')} are numbers, dates or designators"
            )
        elif role == "manufacturer" and parts >= 0.5 and parts > 2 * companies:
            weighed[col] = (text, "part_number")
            evidence[col] = (
                f"'{text}' ({column_letter(col)}) reads as manufacturer but "
                f"{shape.describe('part_number')} look like part numbers, so part_number"
            )
        elif role == "supplier" and parts >= 0.6 and companies < 0.2:
            weighed[col] = (text, "part_number")
            evidence[col] = (
                f"'{text}' ({column_letter(col)}) reads as supplier but "
                f"{shape.describe('part_number')} look like order codes, so part_number"
            )
        elif role == "part_number" and companies >= 0.7 and parts <= 0.1 and _mentions_maker(text):
            weighed[col] = (text, "manufacturer")
            evidence[col] = (
                f"'{text}' ({column_letter(col)}) reads as part_number but "
                f"{shape.describe('company')} look like company names, so manufacturer"
            )
        elif role in ("manufacturer", "supplier") and companies >= 0.5:
            evidence[col] = f"{column_letter(col)}: {shape.describe('company')} look like company names"
            verdicts[col] = "confirmed"
        elif role == "part_number" and parts >= 0.5:
            evidence[col] = f"{column_letter(col)}: {shape.describe('part_number')} look like part numbers"
            verdicts[col] = "confirmed"
        elif role == "description" and shape.share("prose") >= 0.5:
            # Prose confirms a description; other values ("100nF", "0402") leave it to the header, since a
            # short description column is still the place a maker may be named.
            evidence[col] = f"{column_letter(col)}: {shape.describe('prose')} read as prose"
            verdicts[col] = "confirmed"
        else:
            verdicts[col] = "header"
        if verdicts[col] == "overturned" and weighed[col][1] == _OTHER:
            verdicts[col] = "dropped"
    return weighed, evidence, verdicts


def _column_records(
    kinds: _Kinds, samples: _Samples, verdicts: dict[int, str], columns: dict[str, list[int]]
) -> dict[int, ColumnEvidence]:
    """Column -> its evidence record, for the columns whose header names a role (what was weighed)."""
    role_of = {c: role for role, cols in columns.items() for c in cols}
    records = {}
    for col in sorted(samples):
        text, kind = kinds[col]
        shape, values = samples[col]
        role = role_of.get(col, "")
        verdict = verdicts.get(col, "too_few")
        if not role and verdict != "dropped":
            verdict = "not_used"
        term = _header_term(text, kind)
        language = "" if term in _DISTRIBUTORS or term == "digi key" else None
        records[col] = build_evidence(col, text, term, kind, role, verdict, shape, values, language)
    return records


def _describe(
    header_row: int,
    kinds: dict[int, tuple[str, str | None]],
    columns: dict[str, list[int]],
    evidence: dict[int, str] | None = None,
) -> str:
    parts = [
        f"'{kinds[col][0]}' -> {role} ({column_letter(col)})"
        for role in ROLES
        for col in columns.get(role, [])
    ]
    note = f"header on row {header_row}: " + (", ".join(parts) if parts else "no role columns")
    if "manufacturer" not in columns:
        note += "; no manufacturer column"
    if evidence:
        note += "; values: " + "; ".join(evidence[col] for col in sorted(evidence))
    return note


def _confidence(kinds: dict[int, tuple[str, str | None]], columns: dict[str, list[int]]) -> float:
    strong_roles = {k for _, k in kinds.values() if k in ROLES}
    weak = sum(1 for _, k in kinds.values() if k and k.startswith("weak_"))
    other = sum(1 for _, k in kinds.values() if k == _OTHER)
    value = 0.35 + 0.12 * len(strong_roles) + 0.04 * min(weak, 2) + 0.03 * min(other, 5)
    if "manufacturer" in strong_roles:
        value += 0.1
    return round(min(1.0, value), 2)


def _no_header() -> ColumnMap:
    return ColumnMap(
        header_row=None,
        columns={},
        headers={},
        confidence=0.0,
        source="none",
        notes="no header row recognised: every text cell is screened as free text",
    )


def detect_mapping(sheet: SheetData) -> ColumnMap:
    """Find the header row of a sheet and map its columns to roles.

    Args:
        sheet: the sheet as read.

    Returns:
        A ColumnMap with source "detected", or source "none" (no header row, every text cell is free
        text) when no row among the first rows looks like a BOM header.
    """
    best: tuple[float, int, dict[int, tuple[str, str | None]]] | None = None
    rows = sheet.rows
    for i in range(min(HEADER_SEARCH_ROWS, len(rows))):
        kinds = _row_kinds(rows[i], sheet.first_col)
        if not kinds:
            continue
        score = _score_row(kinds)
        if score is None:
            continue
        # A header is followed by data: reward a non-blank row right below.
        below = next((r for r in rows[i + 1 : i + 4] if any(r)), None)
        if below is not None:
            score += 0.5
        if best is None or score > best[0]:
            best = (score, i, kinds)
    if best is None:
        return _no_header()
    _, i, kinds = best
    header_row = sheet.first_row + i
    samples = _sample_shapes(sheet, i, kinds)
    weighed, evidence, verdicts = _weigh_values(kinds, samples)
    columns = _assign(weighed)
    return ColumnMap(
        header_row=header_row,
        columns=columns,
        headers={col: text for col, (text, _) in kinds.items()},
        confidence=_confidence(weighed, columns),
        source="detected",
        notes=_describe(header_row, weighed, columns, evidence),
        evidence=_column_records(kinds, samples, verdicts, columns),
    )


def mapping_for_header_row(sheet: SheetData, header_row: int) -> ColumnMap:
    """Detect roles on a header row a person chose.

    Args:
        sheet: the sheet as read.
        header_row: 1-based spreadsheet row holding the headers.

    Returns:
        A ColumnMap with source "override" and confidence 1.0 (the row is the person's choice; the
        roles are detected on it).
    """
    i = header_row - sheet.first_row
    cells = sheet.rows[i] if 0 <= i < len(sheet.rows) else []
    kinds = {}
    for col, text in enumerate(cells, start=sheet.first_col):
        if text:
            kind = classify_header(text) if len(text) <= _MAX_HEADER_LEN else None
            kinds[col] = (text, kind)
    samples = _sample_shapes(sheet, i, kinds) if i >= 0 else {}
    weighed, evidence, verdicts = _weigh_values(kinds, samples)
    columns = _assign(weighed)
    notes = (
        _describe(header_row, weighed, columns, evidence) if kinds else f"header row {header_row} is empty"
    )
    return ColumnMap(
        header_row=header_row,
        columns=columns,
        headers={col: text for col, (text, _) in kinds.items()},
        confidence=1.0,
        source="override",
        notes=notes + " (header row chosen by hand)",
        evidence=_column_records(kinds, samples, verdicts, columns),
    )


_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")


def resolve_override_columns(sheet: SheetData, mapping: ColumnMap, value: str) -> list[int]:
    """Return the columns an override value names on a sheet.

    A header text (compared case- and punctuation-insensitively with the mapping's header cells) wins over
    a column letter, so a column headed "PN" is found by "PN" even though PN is also a column letter.

    Args:
        sheet: the sheet as read.
        mapping: the mapping whose header cells are searched.
        value: a header text or a column letter such as "C" or "AB".

    Returns:
        0-based absolute column indices (empty when the value names nothing on this sheet).
    """
    wanted = normalize_header(value)
    if wanted:
        by_text = [col for col, text in sorted(mapping.headers.items()) if normalize_header(text) == wanted]
        if by_text:
            return by_text
    letters = value.strip()
    if _LETTERS.match(letters):
        col = column_index(letters)
        if col < sheet.width:
            return [col]
    return []


def apply_overrides(
    sheet: SheetData,
    base: ColumnMap,
    header_row: int | None,
    column_overrides: dict[str, list[str]],
) -> ColumnMap:
    """Apply a person's choices on top of a detected mapping.

    Args:
        sheet: the sheet as read.
        base: the detected mapping.
        header_row: force this 1-based header row (roles are re-detected on it), or None to keep base's.
        column_overrides: role -> header texts or column letters; each role given replaces the detected
            columns for that role, and those columns leave any other role. Values naming nothing on this
            sheet are ignored here (the reader warns when a value names nothing on any sheet).

    Returns:
        A new ColumnMap with source "override" and confidence 1.0.
    """
    if header_row is not None:
        mapping = mapping_for_header_row(sheet, header_row)
    else:
        mapping = ColumnMap(
            header_row=base.header_row,
            columns={role: list(cols) for role, cols in base.columns.items()},
            headers=dict(base.headers),
            confidence=base.confidence,
            source=base.source,
            notes=base.notes,
            evidence=dict(base.evidence),
        )
    changes = []
    chosen: list[int] = []
    for role, values in column_overrides.items():
        if role not in ROLES:
            continue
        cols: list[int] = []
        for value in values:
            for col in resolve_override_columns(sheet, mapping, value):
                if col not in cols:
                    cols.append(col)
        if not cols:
            continue
        for other in list(mapping.columns):
            mapping.columns[other] = [c for c in mapping.columns[other] if c not in cols]
            if not mapping.columns[other]:
                del mapping.columns[other]
        mapping.columns[role] = sorted(cols)
        chosen += cols
        changes.append(f"{role} -> " + ", ".join(column_letter(c) for c in sorted(cols)))
    mapping.columns = {role: mapping.columns[role] for role in ROLES if role in mapping.columns}
    mapping.source = "override"
    mapping.confidence = 1.0
    if changes:
        mapping.notes = f"{mapping.notes}; chosen by hand: {'; '.join(changes)}"
        mapping.evidence = evidence_after_choice(sheet, mapping, mapping.columns, chosen, VALUE_SAMPLE_ROWS)
    return mapping


def header_signature(sheet: SheetData, mapping: ColumnMap) -> str:
    """Return a stable hash of a sheet's header layout, to remember a corrected mapping.

    Two sheets with the same normalised header cells in the same columns get the same signature,
    whatever their data, file name or sheet name.

    Args:
        sheet: the sheet as read.
        mapping: the mapping whose header row is hashed.

    Returns:
        A hex SHA-256 digest ("" layout when there is no header row).
    """
    if mapping.header_row is None:
        layout = "no-header"
    else:
        cells = sheet.row_values(mapping.header_row)
        layout = "\x1f".join(f"{col}={normalize_header(text)}" for col, text in enumerate(cells) if text)
    return hashlib.sha256(layout.encode("utf-8")).hexdigest()


def data_row_numbers(sheet: SheetData) -> range:
    """Return the 1-based spreadsheet rows holding data: those after the header, or all without one.

    Args:
        sheet: the sheet as read, with its mapping.

    Returns:
        A range of 1-based row numbers.
    """
    header_row = sheet.mapping.header_row
    start = sheet.first_row if header_row is None else max(header_row + 1, sheet.first_row)
    return range(start, sheet.last_row + 1)
