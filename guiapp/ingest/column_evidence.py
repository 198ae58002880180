"""The evidence behind each column's role, as a record a person can read: the header's word and its language,
what the values under it look like, and whether the values confirmed or overturned the header.

mapping.py decides the roles and calls build_evidence with what it weighed, so the record never guesses a
second time; the window shows the records under its role choices, the CLI and the manifest keep the notes.
A column a person assigns gets a "by_hand" record (evidence_after_choice) with the shapes of its values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from guiapp.ingest.shapes import ColumnShape, column_shape
from guiapp.model import ColumnEvidence, ColumnMap, SheetData, column_letter

#: How many distinct values a record keeps for a person to look at.
SAMPLE_VALUES = 5

#: ISO 639-1 code -> English name of the languages the header vocabulary covers.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "sv": "Swedish",
    "fi": "Finnish",
    "cs": "Czech",
    "ru": "Russian",
    "uk": "Ukrainian",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
}

# The vocabulary's words in Latin script that are not English, by language (as written in mapping.py).
# fmt: off
_LATIN_WORDS: dict[str, tuple[str, ...]] = {
    "de": (
        "hersteller", "herstellername", "marke", "herst nr", "hersteller nr", "hersteller artikelnummer",
        "herstellerbezeichnung", "bestellnummer", "bestell nr", "herstellerteilenummer", "teilenummer",
        "artikelnummer", "herstellernummer", "typ", "beschreibung", "bezeichnung", "lieferant", "händler",
        "bezugsquelle", "menge", "anzahl", "bauform", "gehause", "bemerkung", "anmerkung", "hinweis",
        "kommentar",
    ),
    "fr": (
        "fabricant", "nom du fabricant", "marque", "ref fournisseur", "reference fournisseur",
        "reference constructeur", "ref constructeur", "reference fabricant", "ref fabricant",
        "numero de piece", "fournisseur", "boitier", "quantite", "remarque", "observations", "repere",
    ),
    "es": (
        "fabricante", "nombre del fabricante", "marca", "referencia del fabricante", "referencia fabricante",
        "numero de parte del fabricante", "codigo del fabricante", "numero de parte", "numero de pieza",
        "descripcion", "proveedor", "cantidad", "observaciones", "comentario", "comentarios", "notas", "nota",
        "designador",
    ),
    "it": (
        "fabbricante", "produttore", "costruttore", "codice fornitore", "codice articolo", "parte produttore",
        "codice produttore", "codice", "descrizione", "fornitore", "quantita", "riferimento",
    ),
    "pt": ("descricao", "fornecedor", "quantidade"),
    "nl": ("fabrikant", "part nummer", "onderdeelnummer", "omschrijving", "leverancier"),
    "pl": ("producent", "opis", "dostawca", "ilosc"),
    "sv": ("tillverkare", "beskrivning", "leverantör"),
    "fi": ("valmistaja",),
    "cs": ("výrobce",),
}
# fmt: on
_LANGUAGE_OF_WORD = {word: lang for lang, words in _LATIN_WORDS.items() for word in words}
# Han-script words of the vocabulary that are Japanese usage (the others are Chinese, simplified or not).
_JAPANESE_HAN = frozenset(
    ("製造元", "製造者", "型番", "部品番号", "品番", "仕様", "説明", "備考", "仕入先", "購入先", "商社",
     "部品記号", "回路記号", "数")
)  # fmt: skip
_UKRAINIAN = frozenset(("виробник",))

#: Shape -> how the reason line names values of that shape.
SHAPE_WORDS: dict[str, str] = {
    "part_number": "part numbers",
    "company": "company names",
    "prose": "prose",
    "number": "numbers",
    "date": "dates",
    "designator": "designators",
    "value": "component values",
    "link": "links",
    "other": "other text",
}

# The shape that confirms a role.
_EXPECTED_SHAPE = {
    "manufacturer": "company",
    "supplier": "company",
    "part_number": "part_number",
    "description": "prose",
}


def language_of(word: str) -> str:
    """The language of a header vocabulary word, as an ISO 639-1 code.

    Args:
        word: a phrase of the header vocabulary as written there ("hersteller", "型番", "mfr").

    Returns:
        The code ("de", "ja", ...), "en" for the remaining Latin-script words, "" for an empty word.
    """
    if not word:
        return ""
    if word in _LANGUAGE_OF_WORD:
        return _LANGUAGE_OF_WORD[word]
    if any("\uac00" <= ch <= "\ud7af" or "\u1100" <= ch <= "\u11ff" for ch in word):
        return "ko"
    if any("\u3040" <= ch <= "\u30ff" for ch in word) or word in _JAPANESE_HAN:
        return "ja"
    if any("\u2e80" <= ch <= "\u9fff" for ch in word):
        return "zh"
    if any("\u0400" <= ch <= "\u04ff" for ch in word):
        return "uk" if word in _UKRAINIAN else "ru"
    return "en"


def sample_column(rows: Iterable[Sequence[str]], j: int) -> tuple[ColumnShape, tuple[str, ...]]:
    """The shapes of one column's values and its first distinct values.

    Args:
        rows: the data rows under the header (already limited to the sample).
        j: the column's index within each row.

    Returns:
        (the column's ColumnShape, up to SAMPLE_VALUES distinct non-empty values in order).
    """
    values = [r[j] if j < len(r) else "" for r in rows]
    samples: list[str] = []
    for value in values:
        text = value.strip()
        if text and text not in samples:
            samples.append(text)
            if len(samples) >= SAMPLE_VALUES:
                break
    return column_shape(values), tuple(samples)


def shares_text(counts: dict[str, int], sampled: int, top: int = 3) -> str:
    """'6 of 6 part numbers' or '4 of 6 company names, 2 of 6 prose': the commonest shapes, in words."""
    if not sampled:
        return "no values"
    ranked = sorted(((n, s) for s, n in counts.items() if n and s != "empty"), key=lambda x: (-x[0], x[1]))
    return ", ".join(f"{n} of {sampled} {SHAPE_WORDS.get(s, s)}" for n, s in ranked[:top])


def _confidence(verdict: str, weak: bool, shape: ColumnShape, header_role: str, role: str) -> float:
    """How sure a column's role is: the header's word, raised by values that agree, or the values' share."""
    header = 0.4 if weak else 0.6
    if verdict == "by_hand":
        return 1.0
    if verdict == "confirmed":
        return round(min(1.0, header + 0.4 * shape.share(_EXPECTED_SHAPE.get(header_role, "company"))), 2)
    if verdict == "overturned":
        return round(0.5 + 0.5 * shape.share(_EXPECTED_SHAPE.get(role, "company")), 2)
    if verdict == "dropped":
        return round(0.5 + 0.5 * shape.share("number", "date", "designator", "value"), 2)
    if verdict == "not_used":
        return 0.0
    return header if verdict == "header" else round(header - 0.1, 2)


def _reason(
    col: int, header: str, term: str, language: str, header_role: str, weak: bool, role: str, verdict: str,
    shape: ColumnShape,
) -> str:  # fmt: skip
    said = "weakly names" if weak else "names"
    word = f" ({LANGUAGE_NAMES[language]} '{term}')" if language else f" ('{term}')" if term else ""
    head = f"'{header}' ({column_letter(col)}){word} {said} {header_role or 'no role'}"
    values = shares_text(shape.counts, shape.total)
    if verdict == "confirmed":
        return f"{head}; values confirm it: {values}"
    if verdict == "overturned":
        return f"{head}, but values overturn it: {values}, so {role}"
    if verdict == "dropped":
        return f"{head}, but values are numbers, dates or designators ({values}), so no role"
    if verdict == "too_few":
        return f"{head}; {shape.total} value(s) are too few to weigh, the header decides"
    if verdict == "not_used":
        return f"{head}; not used: a column with a stronger header has that role"
    return f"{head}; values neither confirm nor overturn it ({values}), the header decides"


def build_evidence(
    col: int,
    header: str,
    term: str,
    header_kind: str | None,
    role: str,
    verdict: str,
    shape: ColumnShape,
    samples: tuple[str, ...],
    language: str | None = None,
) -> ColumnEvidence:
    """One column's evidence record, from what mapping.py weighed for it.

    Args:
        col: 0-based absolute column index.
        header: the header cell as written.
        term: the vocabulary phrase the header matched, or "".
        header_kind: what classify_header said ("manufacturer", "weak_description", "other"...) or None.
        role: the role the column got in the mapping, or "".
        verdict: see ColumnEvidence.verdict.
        shape: the shapes of the sampled values.
        samples: the first distinct sampled values.
        language: the term's language code; None looks it up (language_of), "" for a name such as a
            distributor's.

    Returns:
        The ColumnEvidence, with its confidence and one-line English reason.
    """
    kind = header_kind or ""
    weak = kind.startswith("weak_")
    header_role = kind[len("weak_") :] if weak else kind
    if header_role == "part":  # "Part" may be a part number or a name: the assignment chose
        header_role = role or "part_number"
    if language is None:
        language = language_of(term)
    return ColumnEvidence(
        column=col,
        header=header,
        term=term,
        language=language,
        header_role=header_role,
        weak=weak,
        role=role,
        verdict=verdict,
        counts=dict(shape.counts),
        sampled=shape.total,
        samples=samples,
        confidence=_confidence(verdict, weak, shape, header_role, role),
        reason=_reason(col, header, term, language, header_role, weak, role, verdict, shape),
    )


def by_hand_evidence(
    sheet: SheetData, header_row: int | None, col: int, role: str, limit: int
) -> ColumnEvidence:
    """The record of a column a person gave a role (or took it from): its header and its values' shapes.

    Args:
        sheet: the sheet as read.
        header_row: 1-based header row, or None (the values are then sampled from the top).
        col: 0-based absolute column index.
        role: the role the person gave it ("" when the person took its role away).
        limit: how many data rows to sample.

    Returns:
        A ColumnEvidence with verdict "by_hand" and confidence 1.0.
    """
    start = 0 if header_row is None else header_row - sheet.first_row + 1
    block = sheet.rows[max(start, 0) : max(start, 0) + limit]
    shape, samples = sample_column(block, col - sheet.first_col)
    header = sheet.cell(header_row, col) if header_row is not None else ""
    values = shares_text(shape.counts, shape.total)
    reason = f"{column_letter(col)} set by hand to {role or 'no role'}; values: {values}"
    return ColumnEvidence(
        column=col,
        header=header,
        role=role,
        verdict="by_hand",
        counts=dict(shape.counts),
        sampled=shape.total,
        samples=samples,
        confidence=1.0,
        reason=reason,
    )


def evidence_after_choice(
    sheet: SheetData,
    before: ColumnMap,
    columns: dict[str, list[int]],
    chosen: Iterable[int],
    limit: int = 200,
) -> dict[int, ColumnEvidence]:
    """The evidence of a mapping after a person set some columns' roles.

    Columns the person chose get a "by_hand" record; every other record keeps its detected evidence with
    the role the column has now (a column that lost its role to the person's choice says so by its role).

    Args:
        sheet: the sheet as read.
        before: the mapping the person changed, with its evidence.
        columns: role -> columns of the new mapping.
        chosen: the columns the person assigned (or unassigned).
        limit: how many data rows to sample for a chosen column.

    Returns:
        Column -> ColumnEvidence for the new mapping.
    """
    role_of = {c: role for role, cols in columns.items() for c in cols}
    evidence = {
        col: dataclasses.replace(rec, role=role_of.get(col, "")) for col, rec in before.evidence.items()
    }
    for col in chosen:
        evidence[col] = by_hand_evidence(sheet, before.header_row, col, role_of.get(col, ""), limit)
    return dict(sorted(evidence.items()))
