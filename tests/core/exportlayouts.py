"""BOM layouts shaped like the exports people send: distributors' carts, EDA tools, part masters, and BOMs
headed in nine languages. Each is written with planted listed parts and innocent rows, by openpyxl,
XlsxWriter or the csv module, so column detection and screening are measured on files other programs made.

A planted row is one of:
  * "part": a listed part number in the part-number column, the maker cell blank or a reseller's name, so only
    the part-number pattern can find it (it needs that column to be read as part numbers);
  * "maker": a listed part number with its listed maker named in the maker column;
  * "note": the listed maker named only in a notes / remarks / comment column;
  * "link": a link to the listed maker's site in a link or notes column.
Innocent rows carry real makers, their real parts (some close to listed patterns: DS18B20, HI-3593, MF-R050),
footprints, values and notes with links to innocent sites.

Used by tests/core/test_export_layouts.py, tests/gui/test_export_layouts_in_window.py and
tests/tools/eval_layouts.py (the before/after figures).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# The roles a layout's header may carry; each header maps to one record key.
KEYS = ("maker", "mpn", "desc", "supplier", "spn", "qty", "ref", "price", "note", "link", "item", "footprint")


@dataclass(frozen=True)
class Planted:
    """A listed item planted on a row."""

    kind: str  # part, maker, note, link
    parent_id: str
    mpn: str = ""
    maker: str = ""
    note: str = ""


# Listed part numbers of high-confidence patterns (reference/part-patterns.csv examples, varied).
PLANTED_PARTS = (
    ("HIKVISION", "DS-2CD2143G2-I", "Hangzhou Hikvision Digital Technology Co., Ltd.", "海康威视"),
    ("HIKVISION", "DS-7608NI-K2/8P", "Hikvision", "海康威视"),
    ("HIKVISION", "DS-2DE4425IW-DE", "HIKVISION", "海康威视"),
    ("DAHUA", "DH-IPC-HDBW23A0RN-ZS", "Zhejiang Dahua Technology Co., Ltd.", "大华股份"),
    ("DAHUA", "DHI-NVR1108HS-S3/H", "Dahua Technology", "大华股份"),
    ("DAHUA", "IPC-HDW2431T-AS-S2", "Zhejiang Dahua Technology", "大华股份"),
    ("DAHUA", "TPC-BF1241", "Dahua Technology", "大华股份"),
    ("HUAWEI", "Hi3516EV200", "HiSilicon", "海思"),
    ("HUAWEI", "Hi3519AV100", "HiSilicon Technologies", "海思"),
    ("HUAWEI", "ME909s-120", "Huawei Technologies Co., Ltd.", "华为"),
    ("HUAWEI", "MH5000-31", "Huawei", "华为"),
    ("ZTE", "ZX297520V3", "ZTE Corporation", "中兴通讯"),
)
# Names of listed makers written in a note or remark, in the ways people write them.
PLANTED_NOTES = (
    ("HIKVISION", "海康人脸识别"),
    ("DAHUA", "Dahua OEM"),
    ("HIKVISION", "second source: Hikvision"),
    ("HUAWEI", "module made by Huawei"),
    ("ZTE", "ZTE module inside"),
    ("HIKVISION", "海康威视 OEM 摄像头"),
)
PLANTED_LINKS = (
    ("HIKVISION", "https://www.hikvision.com/en/products/IP-Products/"),
    ("DAHUA", "https://www.dahuasecurity.com/products/productDetail/1234"),
    ("HUAWEI", "https://e.huawei.com/en/products/enterprise-networking"),
    ("ZTE", "www.zte.com.cn/global/products"),
)
# Real makers and their real parts; several sit near listed patterns on purpose.
INNOCENT = (
    (
        "Texas Instruments",
        "LM358DR",
        "IC OPAMP GP 2 CIRCUIT 8SOIC",
        "https://www.ti.com/lit/ds/symlink/lm358.pdf",
    ),
    ("Murata Electronics", "GRM188R71H104KA93D", "CAP CER 0.1UF 50V X7R 0603", "https://www.murata.com/"),
    ("YAGEO", "RC0603FR-0710KL", "RES 10K OHM 1% 1/10W 0603", ""),
    ("Analog Devices / Maxim Integrated", "DS18B20+", "SENSOR DIGITAL -55C-125C TO92-3", ""),
    ("Analog Devices / Maxim Integrated", "DS3231MZ+", "IC RTC CLK/CALENDAR I2C 8SOIC", ""),
    ("Holt Integrated Circuits", "HI-3593PQI", "ARINC 429 receiver", ""),
    (
        "Bourns",
        "MF-R050",
        "PTC RESET FUSE 60V 500MA RADIAL",
        "https://www.bourns.com/docs/product-datasheets/mf-r.pdf",
    ),
    ("Diodes Incorporated", "ZXMN3A01FTA", "MOSFET N-CH 30V 2A SOT23-3", ""),
    (
        "STMicroelectronics",
        "STM32F103C8T6",
        "IC MCU 32BIT 64KB FLASH 48LQFP",
        "https://www.st.com/resource/en/datasheet/stm32f103c8.pdf",
    ),
    ("Würth Elektronik", "744043100", "FIXED IND 10UH 1.2A 100 MOHM SMD", ""),
    ("Samsung Electro-Mechanics", "CL10A106KP8NNNC", "CAP CER 10UF 10V X5R 0603", ""),
    ("Aosong", "DHT22", "Humidity and temperature sensor", ""),
    ("Nexperia", "BC847,215", "TRANS NPN 45V 0.1A SOT23", ""),
    ("Espressif Systems", "ESP32-WROOM-32E", "RF TXRX MOD BT WIFI", "https://www.espressif.com/"),
    ("u-blox", "SARA-R410M-02B", "LTE Cat M1 NB-IoT module", ""),  # Quectel is a DoD 1260H company since 2025
    ("Kemet", "T491A106K016AT", "CAP TANT 10UF 16V 1206", ""),
)
INNOCENT_NOTES = (
    "Do not populate", "alt: Murata GRM188", "RoHS compliant, check lead time", "Face plate screws M3",
    "Hi-Z when off", "use the Camel-case label", "see https://www.facebook.com/acme", "ordered 2024-05-01",
    "请勿贴片", "替代料: 村田", "代替品あり", "대체품 가능", "замена допускается", "Ersatztyp zulässig",
)  # fmt: skip


@dataclass
class Layout:
    """One export layout: how its sheet is headed and which record key each header holds."""

    name: str
    fmt: str  # "openpyxl", "xlsxwriter" or "csv"
    headers: list[tuple[str, str]]  # (header text, record key)
    title_rows: list[list[str]] = field(default_factory=list)
    cjk_maker: bool = False  # write listed makers by their Chinese name
    reseller: str = ""  # what the maker cell says on a "part" row (blank when "")

    def has(self, key: str) -> bool:
        return any(k == key for _, k in self.headers)


# fmt: off
LAYOUTS: tuple[Layout, ...] = (
    Layout("digikey", "openpyxl", [("Index", "item"), ("Quantity", "qty"), ("Part Number", "spn"),
        ("Manufacturer Part Number", "mpn"), ("Manufacturer", "maker"), ("Description", "desc"),
        ("Customer Reference", "note"), ("Unit Price", "price")]),
    Layout("mouser", "xlsxwriter", [("Mouser #", "spn"), ("Mfr. #", "mpn"), ("Manufacturer", "maker"),
        ("Customer #", "item"), ("Description", "desc"), ("Order Qty.", "qty"), ("Price (USD)", "price"),
        ("Notes", "note")]),
    Layout("lcsc", "csv", [("LCSC Part Number", "spn"), ("Manufacture Part Number", "mpn"),
        ("Manufacturer", "maker"), ("Customer NO.", "item"), ("Package", "footprint"), ("Description", "desc"),
        ("Order Qty.", "qty"), ("Unit Price($)", "price"), ("Remark", "note")]),
    Layout("jlcpcb", "csv", [("Comment", "desc"), ("Designator", "ref"), ("Footprint", "footprint"),
        ("JLCPCB Part #", "spn"), ("Manufacturer", "maker"), ("MPN", "mpn"), ("备注", "note")]),
    Layout("arrow", "openpyxl", [("Line", "item"), ("Mfr Part #", "mpn"), ("Mfr Name", "maker"),
        ("Description", "desc"), ("Qty", "qty"), ("Unit Price", "price"), ("Notes", "note")]),
    Layout("octopart", "csv", [("Qty", "qty"), ("Schematic Reference", "ref"), ("Internal Part Number", "item"),
        ("Manufacturer", "maker"), ("MPN", "mpn"), ("Description", "desc"), ("Distributor", "supplier"),
        ("Distributor SKU", "spn"), ("Notes", "note")]),
    Layout("kicad", "csv", [("Reference", "ref"), ("Value", "desc"), ("Footprint", "footprint"),
        ("Datasheet", "link"), ("Qty", "qty"), ("Manf", "maker"), ("Manf#", "mpn")]),
    Layout("altium", "openpyxl", [("Comment", "desc"), ("Designator", "ref"), ("Footprint", "footprint"),
        ("Quantity", "qty"), ("Manufacturer 1", "maker"), ("Manufacturer Part Number 1", "mpn"),
        ("Supplier 1", "supplier"), ("Supplier Part Number 1", "spn"), ("Notes", "note")],
        title_rows=[["Bill of Materials", "Project.PrjPcb"], ["Variant", "[No Variations]"], []]),
    Layout("orcad", "xlsxwriter", [("Item", "item"), ("Quantity", "qty"), ("Part Reference", "ref"),
        ("Value", "desc"), ("PCB Footprint", "footprint"), ("Mfr_Name", "maker"), ("Manufacturer_No", "mpn"),
        ("Comment", "note")]),
    Layout("sap", "openpyxl", [("Material", "item"), ("Material Description", "desc"), ("Plant", "price"),
        ("Manufacturer", "maker"), ("Mfr Part Number", "mpn"), ("Vendor", "supplier"), ("Base Unit", "qty"),
        ("Note", "note")], reseller="Arrow Electronics"),
    Layout("oracle", "csv", [("Item", "item"), ("Item Description", "desc"), ("Manufacturer Name", "maker"),
        ("Manufacturer Part Number", "mpn"), ("UOM", "qty"), ("Quantity Per Assembly", "qty"),
        ("Comments", "note")]),
    Layout("typed-issue", "openpyxl", [("Ref", "ref"), ("Qty", "qty"), ("Manufacturer", "maker"),
        ("Manufacturer Part", "mpn"), ("Description", "desc"), ("Mfr. No:", "spn"), ("Link", "link")]),
    Layout("zh-hans", "xlsxwriter", [("序号", "item"), ("位号", "ref"), ("数量", "qty"), ("物料名称", "desc"),
        ("规格型号", "mpn"), ("制造商", "maker"), ("供应商", "supplier"), ("备注", "note")], cjk_maker=True),
    Layout("zh-hant", "openpyxl", [("項次", "item"), ("位號", "ref"), ("數量", "qty"), ("品名", "desc"),
        ("料號", "mpn"), ("廠商", "maker"), ("供應商", "supplier"), ("備註", "note")]),
    Layout("ja", "xlsxwriter", [("番号", "item"), ("部品記号", "ref"), ("数量", "qty"), ("品名", "desc"),
        ("メーカー", "maker"), ("メーカー型番", "mpn"), ("仕入先", "supplier"), ("備考", "note")]),
    Layout("ko", "openpyxl", [("번호", "item"), ("참조", "ref"), ("수량", "qty"), ("품명", "desc"),
        ("제조사", "maker"), ("부품번호", "mpn"), ("공급업체", "supplier"), ("비고", "note")]),
    Layout("ru", "csv", [("Поз. обозначение", "ref"), ("Наименование", "desc"), ("Кол.", "qty"),
        ("Производитель", "maker"), ("Артикул производителя", "mpn"), ("Поставщик", "supplier"),
        ("Примечание", "note")]),
    Layout("de", "openpyxl", [("Pos.", "item"), ("Menge", "qty"), ("Bauteil", "desc"), ("Hersteller", "maker"),
        ("Herstellerbezeichnung", "mpn"), ("Lieferant", "supplier"), ("Bestellnummer", "spn"),
        ("Bemerkung", "note")]),
    Layout("fr", "xlsxwriter", [("Repère", "ref"), ("Quantité", "qty"), ("Désignation", "desc"),
        ("Fabricant", "maker"), ("Référence fabricant", "mpn"), ("Fournisseur", "supplier"),
        ("Réf. fournisseur", "spn"), ("Remarque", "note")]),
    Layout("es", "csv", [("Designador", "ref"), ("Cantidad", "qty"), ("Descripción", "desc"),
        ("Fabricante", "maker"), ("Número de parte del fabricante", "mpn"), ("Proveedor", "supplier"),
        ("Observaciones", "note")]),
    Layout("it", "openpyxl", [("Riferimento", "ref"), ("Quantità", "qty"), ("Descrizione", "desc"),
        ("Produttore", "maker"), ("Codice produttore", "mpn"), ("Fornitore", "supplier"), ("Note", "note")]),
)
# fmt: on
SUPPLIERS = ("Digi-Key", "Mouser Electronics", "LCSC", "Arrow", "Farnell", "TME")
#: Six real makers and a part number of each, for small sheets of a maker column and a part-number column.
SAMPLE_MAKERS = [
    "Texas Instruments",
    "Murata Electronics",
    "YAGEO",
    "STMicroelectronics",
    "Würth Elektronik",
    "Nexperia",
]
SAMPLE_PARTS = [
    "LM358DR",
    "GRM188R71H104KA93D",
    "RC0603FR-0710KL",
    "STM32F103C8T6",
    "744043100A",
    "BC847,215",
]


def build_rows(layout: Layout, seed: int = 15) -> tuple[list[list[str]], dict[int, Planted], list[int]]:
    """The sheet's rows (header first, no title block), the planted rows and the innocent rows.

    Returns:
        (rows, 1-based row number in the sheet -> Planted, innocent row numbers), row numbers counted with
        the layout's title rows above the header.
    """
    rnd = random.Random(f"{layout.name}-{seed}")
    planted_specs: list[Planted] = []
    for _i in range(3):
        pid, mpn, _, _ = PLANTED_PARTS[rnd.randrange(len(PLANTED_PARTS))]
        planted_specs.append(Planted("part", pid, mpn=mpn, maker=layout.reseller))
    for _i in range(2):
        pid, mpn, maker, cjk = PLANTED_PARTS[rnd.randrange(len(PLANTED_PARTS))]
        planted_specs.append(Planted("maker", pid, mpn=mpn, maker=cjk if layout.cjk_maker else maker))
    note_key = "note" if layout.has("note") else "link" if layout.has("link") else ""
    if layout.has("note"):
        for _i in range(2):
            pid, text = PLANTED_NOTES[(rnd.randrange(len(PLANTED_NOTES)))]
            planted_specs.append(Planted("note", pid, note=text))
    if note_key:
        pid, url = PLANTED_LINKS[rnd.randrange(len(PLANTED_LINKS))]
        planted_specs.append(Planted("link", pid, note=url))
    innocent = [INNOCENT[i % len(INNOCENT)] for i in rnd.sample(range(len(INNOCENT)), 12)]
    # Planted rows are spread among the innocent ones.
    order: list[Planted | tuple[str, str, str, str]] = [*innocent, *planted_specs]
    rnd.shuffle(order)
    header = [h for h, _ in layout.headers]
    rows = [header]
    planted: dict[int, Planted] = {}
    innocent_rows: list[int] = []
    first = len(layout.title_rows) + 2  # the first data row's 1-based number
    for n, spec in enumerate(order):
        rec = {
            "item": str(n + 1),
            "qty": str(rnd.randint(1, 20)),
            "ref": ", ".join(f"U{n * 3 + k + 1}" for k in range(rnd.randint(1, 3))),
            "price": f"{rnd.uniform(0.01, 40):.2f}",
            "footprint": rnd.choice(("0603", "SOIC-8", "SOT-23", "QFN-48", "TO-92")),
            "supplier": rnd.choice(SUPPLIERS),
        }
        if isinstance(spec, Planted):
            rec.update(maker=spec.maker, mpn=spec.mpn or f"MOD-{rnd.randint(1000, 9999)}", desc="Module")
            if spec.kind == "part" or spec.kind == "maker":
                rec["desc"] = rnd.choice(("IP camera module", "Network video recorder", "SoC", "LTE module"))
                rec["spn"] = f"{spec.mpn}-ND"
            else:
                rec.update(maker="Acme Components", mpn=f"ACM-{rnd.randint(1000, 9999)}", spn="")
                rec[note_key if spec.kind == "link" else "note"] = spec.note
            planted[first + n] = spec
        else:
            maker, mpn, desc, link = spec
            rec.update(maker=maker, mpn=mpn, desc=desc, spn=f"{rnd.randint(100, 999)}-{mpn}-ND", link=link)
            if layout.has("note") and rnd.random() < 0.6:
                rec["note"] = rnd.choice(INNOCENT_NOTES) if not link or rnd.random() < 0.5 else link
            innocent_rows.append(first + n)
        rows.append([rec.get(k, "") for _, k in layout.headers])
    return rows, planted, innocent_rows


def _write_openpyxl(path: Path, rows: list[list[str]]) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BOM"
    for row in rows:
        ws.append([_typed(v) for v in row])
    wb.save(path)


def _write_xlsxwriter(path: Path, rows: list[list[str]]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("BOM")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v != "":
                ws.write(r, c, _typed(v))
    wb.close()


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        csv.writer(fh).writerows(rows)


def _typed(v: str) -> str | int | float:
    """Quantities and prices as numbers, the way the exporting tools write them."""
    if v.isdigit() and not v.startswith("0"):
        return int(v)
    try:
        return float(v) if "." in v and v.replace(".", "", 1).isdigit() else v
    except ValueError:
        return v


_WRITERS: dict[str, Callable[[Path, list[list[str]]], None]] = {
    "openpyxl": _write_openpyxl,
    "xlsxwriter": _write_xlsxwriter,
    "csv": _write_csv,
}


@dataclass
class WrittenLayout:
    """A layout written to a file, with what was planted where."""

    layout: Layout
    path: Path
    planted: dict[int, Planted]
    innocent_rows: list[int]


def write_layout(layout: Layout, folder: Path, seed: int = 15) -> WrittenLayout:
    """Write one layout's BOM into folder (as .csv or .xlsx by the layout's writer)."""
    rows, planted, innocent_rows = build_rows(layout, seed)
    suffix = ".csv" if layout.fmt == "csv" else ".xlsx"
    path = folder / f"{layout.name}{suffix}"
    _WRITERS[layout.fmt](path, [*layout.title_rows, *rows])
    return WrittenLayout(layout, path, planted, innocent_rows)


def write_all(folder: Path, seed: int = 15) -> list[WrittenLayout]:
    """Write every layout into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_layout(layout, folder, seed) for layout in LAYOUTS]


def score(written: WrittenLayout, hits: list[tuple[int, str, bool]]) -> dict[str, int]:
    """Count what screening found on one written layout.

    Args:
        written: the layout as written.
        hits: (row, parent_id, review) for every hit on its BOM sheet.

    Returns:
        planted, found (a hit of the planted maker on its row), found_confident (not review level) for the
        "part" and "maker" rows, innocent, innocent_hit (innocent rows with any hit).
    """
    by_row: dict[int, list[tuple[str, bool]]] = {}
    for row, parent, review in hits:
        by_row.setdefault(row, []).append((parent, review))
    out = {"planted": 0, "found": 0, "found_confident": 0, "innocent": 0, "innocent_hit": 0}
    for row, spec in written.planted.items():
        out["planted"] += 1
        mine = [review for parent, review in by_row.get(row, []) if parent == spec.parent_id]
        if mine:
            out["found"] += 1
            if spec.kind in ("part", "maker") and not all(mine):
                out["found_confident"] += 1
    for row in written.innocent_rows:
        out["innocent"] += 1
        out["innocent_hit"] += bool(by_row.get(row))
    return out
