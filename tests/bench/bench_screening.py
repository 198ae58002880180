"""Benchmark: reading, mapping, screening and export of a large BOM, against baselines in the same run.

Prints medians and ratios; it asserts nothing (the machines are shared and noisy, so speed targets live
here, not in timed tests). Each measurement runs in its own subprocess so peak memory (max RSS) is per stage.

Stages, on one generated .xlsx of N rows x 12 columns (default 100,000; --rows 1000000 on request). Its
descriptions are all different, as in real BOMs (component vocabulary, values, tolerances, packages and
part numbers of many makers); --descriptions repeat writes the old file, whose descriptions repeat (about
1,000 distinct), for the figures measured before:
  calamine    raw python-calamine read of every sheet (the baseline)
  openpyxl    openpyxl read-only iteration of every cell (the old way)
  ours        our read + map + screen (read_bom + screen_bom with the built-in list)
  ours-csl    the same with the 16,116-party Consolidated Screening List loaded too (from ../shared)
  values      matching the file's distinct descriptions alone: microseconds per value, with the built-in
              list and with the CSL
  export      our annotated export of the screened file
  openpyxl-rt openpyxl load + save of the same file (what a naive exporter costs)
and the matching target: 5,000 distinct names against a 30,000-name list (index build and match), and
the .xlsb guard: its scan of a 100,000-row .xlsb against the whole read (stage xlsb).

Usage: python tests/bench/bench_screening.py [--rows N] [--repeat K] [--skip STAGE,...] [--keep DIR]
       [--descriptions distinct|repeat]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MAKERS_CLEAN = [
    "Texas Instruments",
    "Murata Electronics",
    "YAGEO",
    "STMicroelectronics",
    "Analog Devices",
    "Samsung Electro-Mechanics",
    "Wurth Elektronik",
    "Nexperia",
    "Vishay Dale",
    "Microchip",
    "Nordic Semiconductor",
    "Espressif",
    "u-blox",  # Quectel: a DoD 1260H company since 2025, no longer an innocent maker
    "Diodes Zetex",
    "Sensirion",
    "Holtek",
    "GigaDevice",
]
CSL = Path(__file__).resolve().parents[2].parent / "shared" / "real-lists" / "derived" / "consolidated.csv"

# What the descriptions of real BOMs are made of: a kind of part, its value, rating, tolerance, package,
# often its maker and part number. Part-number shapes of many makers ({n}: digits, {a}: letters).
_PART_KINDS = {
    "resistor": (["Resistor", "RES SMD", "Res Thick Film", "RESISTOR", "Chip resistor", "Res"], "ohm"),
    "capacitor": (["Capacitor", "CAP CER", "Cap Ceramic", "MLCC", "CAP TANT", "Cap Alum Elec"], "farad"),
    "inductor": (["Inductor", "IND", "Power inductor", "Ferrite bead", "Choke"], "henry"),
    "ic": (
        [
            "MCU 32-bit ARM Cortex-M4", "LDO regulator", "Buck converter", "Op amp rail-to-rail", "EEPROM I2C",
            "Flash SPI NOR", "Level shifter", "RS-485 transceiver", "CAN transceiver", "Ethernet PHY",
            "USB to UART bridge", "Real-time clock", "Gate driver", "Current sense amplifier", "ADC 16-bit",
            "DAC 12-bit", "Load switch", "Supervisor", "Temperature sensor", "IMU 6-axis",
        ],
        "",
    ),
    "discrete": (
        ["MOSFET N-CH", "MOSFET P-CH", "Schottky diode", "TVS diode", "ESD protection", "Zener diode",
         "NPN transistor", "PNP transistor", "Bridge rectifier", "LED red", "LED green", "LED white"],
        "",
    ),
    "connector": (
        ["Pin header", "Socket header", "USB-C receptacle", "JST PH connector", "Terminal block", "RJ45 jack",
         "FFC connector", "Micro SD socket", "Coaxial SMA jack", "Board-to-board connector"],
        "",
    ),
    "misc": (["Crystal", "Oscillator", "Fuse resettable", "Switch tactile", "Buzzer", "Heatsink", "Standoff M3"], ""),
}  # fmt: skip
_PACKAGES = [
    "0201",
    "0402",
    "0603",
    "0805",
    "1206",
    "1210",
    "2512",
    "SOT-23",
    "SOT-23-5",
    "SOT-223",
    "SOIC-8",
    "SOIC-16",
    "TSSOP-20",
    "QFN-32",
    "QFN-48",
    "LQFP-64",
    "LQFP-100",
    "BGA-256",
    "SOD-123",
    "SOD-323",
    "DO-214AC",
    "TO-220",
    "TO-252",
    "DFN-8",
    "WLCSP-25",
    "THT",
    "SMD",
]
_TOLERANCES = ["1%", "5%", "0.1%", "10%", "20%", "±1%", "+/-5%", "±10%", "2%"]
_MAKER_PARTS = {
    "Yageo": ["RC{p}FR-07{n}L", "CC{p}KRX7R9BB{n}", "AC{p}JR-07{n}L"],
    "Murata": ["GRM{n}R71C{n}KA{n}D", "BLM18{a}{n}SN1D", "LQH32{a}{n}"],
    "Samsung Electro-Mechanics": ["CL{n}A{n}KO8NNNC", "CL{n}B{n}KB5NNNC"],
    "Texas Instruments": ["TPS{n}{a}DBVR", "LM{n}{a}MFX", "SN74LVC{n}DBVR", "OPA{n}AIDR", "TLV{n}IDBVR"],
    "STMicroelectronics": ["STM32F{n}{a}T6", "LD{n}{a}R", "L{n}{a}TR", "ESDA{n}SC6"],
    "Analog Devices": ["ADP{n}ARJZ", "LTC{n}EDD", "AD{n}BRZ", "MAX{n}ESA+"],
    "Microchip": ["MCP{n}T-E/OT", "ATSAMD{n}{a}-AU", "24LC{n}T-I/SN", "PIC{n}F{n}-I/SO"],
    "Nexperia": ["BSS{n}{a}", "PESD{n}{a}", "74HC{n}D", "PMEG{n}EJ"],
    "Vishay": ["CRCW{p}{n}FKED", "SI{n}DY-T1-GE3", "SMBJ{n}A-E3/52"],
    "onsemi": ["NCP{n}SN{n}T1G", "MMBT{n}LT1G", "FDN{n}P", "NTR{n}PT1G"],
    "Diodes Inc": ["AP{n}{a}-7", "DMG{n}U-7", "BAT{n}W-7-F"],
    "Infineon": ["IRF{n}{a}TRPBF", "BSC{n}N{n}NS", "TLE{n}{a}"],
    "NXP": ["LPC{n}FBD{n}", "PCA{n}PW", "TJA{n}T/1"],
    "Wurth Elektronik": ["7{n}", "6{n}11{n}21", "WR-PHD 61{n}"],
    "Bourns": ["CR{p}-FX-{n}ELF", "SRR{n}-{n}M", "PEC11R-{n}F"],
    "Kemet": ["C{p}C{n}K5RACTU", "T491A{n}K016AT"],
    "TDK": ["C{n}X7R1H{n}K", "MLZ{n}A{n}WT"],
    "Panasonic": ["ERJ-{n}GEYJ{n}V", "EEE-FK1V{n}P"],
    "Molex": ["{n}-{n}", "53{n}-0{n}10"],
    "TE Connectivity": ["{n}-{n}-{n}", "1-{n}-0"],
    "Amphenol": ["10{n}-{n}LF", "UE27AC{n}"],
    "Hirose": ["DF13-{n}P-1.25H", "FH12-{n}S-0.5SH"],
    "Kingbright": ["APT{n}{a}GCK", "KP-{n}SGC"],
    "Littelfuse": ["SMAJ{n}A", "0{n}.{n}MXP"],
    "Espressif": ["ESP32-{a}{n}-N{n}", "ESP32-S3-WROOM-1-N{n}"],
    "u-blox": ["SARA-R{n}M-{n}B", "NEO-M{n}N-0{n}"],
    "Nordic Semiconductor": ["NRF{n}-QFAA-R", "NRF52{n}-CKAA"],
}  # fmt: skip
_RATINGS = {"ohm": ["1/16W", "1/10W", "1/8W", "1/4W", "0.5W"], "farad": ["6.3V", "10V", "16V", "25V", "50V", "100V"],
            "henry": ["1A", "2.1A", "3A", "500mA"]}  # fmt: skip
_DIELECTRICS = ["X7R", "X5R", "C0G", "NP0", "Y5V"]


def _part_number(rnd: random.Random, maker: str) -> str:
    shape = rnd.choice(_MAKER_PARTS[maker])
    out = shape.replace("{p}", rnd.choice(["0402", "0603", "0805"]))
    while "{n}" in out:
        out = out.replace("{n}", str(rnd.randint(1, 9999)), 1)
    while "{a}" in out:
        out = out.replace("{a}", "".join(rnd.choices(string.ascii_uppercase, k=rnd.randint(1, 2))), 1)
    return out


def _value(rnd: random.Random, unit: str) -> str:
    if unit == "ohm":
        return rnd.choice(["{}R", "{}k", "{}K", "{}M", "{} Ohm", "{}kΩ"]).format(
            rnd.choice([1, 2.2, 4.7, 10, 22, 33, 47, 49.9, 68, 100, 120, 330, 470, 510, 820])
        )
    if unit == "farad":
        return f"{rnd.randint(1, 999)}{rnd.choice(['pF', 'nF', 'uF', 'µF'])}"
    if unit == "henry":
        return f"{rnd.choice([1, 2.2, 4.7, 10, 22, 47, 100])}{rnd.choice(['nH', 'uH', 'µH'])}"
    return ""


def realistic_description(rnd: random.Random) -> tuple[str, str, str]:
    """(description, maker, part number) of one line of a real-looking BOM."""
    kind = rnd.choice(list(_PART_KINDS))
    words, unit = _PART_KINDS[kind]
    maker = rnd.choice(list(_MAKER_PARTS))
    mpn = _part_number(rnd, maker)
    parts = [rnd.choice(words)]
    if unit:
        parts.append(_value(rnd, unit))
        parts.append(rnd.choice(_RATINGS[unit]))
        if unit == "farad" and rnd.random() < 0.7:
            parts.append(rnd.choice(_DIELECTRICS))
        parts.append(rnd.choice(_TOLERANCES))
    elif kind == "connector":
        parts.append(
            f"{rnd.randint(1, 2)}x{rnd.randint(2, 40)} {rnd.choice(['2.54mm', '1.27mm', '2.0mm', '0.5mm'])}"
        )
    parts.append(rnd.choice(_PACKAGES))
    if rnd.random() < 0.5:
        parts.append(mpn)
    if rnd.random() < 0.4:
        parts.append(maker)
    if rnd.random() < 0.2:
        parts.append(rnd.choice(["RoHS", "AEC-Q200", "-40~125C", "T&R", "Lead free", "DNP", "alt. OK"]))
    sep = rnd.choice([" ", " ", " ", ", ", "; ", ","])
    return sep.join(parts), maker, mpn


MAKERS_LISTED = [
    "Hikvision",
    "Zhejiang Dahua Technology Co., Ltd.",
    "HiSilicon",
    "Huawei Technologies",
    "ZTE",
]


def make_bom(path: Path, rows: int, seed: int = 7, distinct: bool = True) -> None:
    """Write a BOM of `rows` data rows x 12 columns with a few thousand distinct makers (~1% listed).

    distinct: every description differs, as in real BOMs (else the old file: about 1,000 distinct).
    """
    from openpyxl import Workbook

    if distinct:
        return _make_distinct_bom(path, rows, seed)

    rnd = random.Random(seed)
    # A few thousand distinct manufacturer strings, as in a real large BOM.
    makers = list(MAKERS_CLEAN)
    while len(makers) < 3000:
        base = rnd.choice(MAKERS_CLEAN)
        suffix = "".join(rnd.choices(string.ascii_uppercase, k=3))
        makers.append(
            f"{base} {suffix} Co., Ltd." if rnd.random() < 0.5 else f"{suffix}{base.split()[0]} Inc"
        )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("BOM")
    ws.append(["Bill of Materials", "generated for the benchmark"])
    ws.append([])
    ws.append(
        [
            "Item",
            "Designator",
            "Qty",
            "Value",
            "Footprint",
            "Description",
            "Manufacturer",
            "Manufacturer Part Number",
            "Supplier",
            "Supplier PN",
            "Unit Price",
            "Notes",
        ]
    )
    for i in range(rows):
        listed = rnd.random() < 0.01
        maker = rnd.choice(MAKERS_LISTED) if listed else rnd.choice(makers)
        mpn = f"{''.join(rnd.choices(string.ascii_uppercase, k=3))}{rnd.randint(100, 99999)}-{rnd.randint(1, 9)}"
        ws.append(
            [
                i + 1,
                f"R{i + 1}",
                rnd.randint(1, 20),
                f"{rnd.randint(1, 999)}k",
                "0402",
                f"Resistor {rnd.randint(1, 999)}k 1% 0402",
                maker,
                mpn,
                "Digi-Key",
                f"{rnd.randint(100000, 999999)}-ND",
                round(rnd.random(), 4),
                "",
            ]
        )
    wb.save(path)


_LISTED_TEXT = [
    "IP camera module {} 4MP",
    "NVR board, {} OEM",
    "Image sensor board for {} cameras",
    "5G module {}",
]
_LISTED_PARTS = ["DS-2CD2143G2-I", "Hi3516CV500", "ME909s-120", "DHI-NVR1108HS-S3/H", "ZXHN F670L"]


def _make_distinct_bom(path: Path, rows: int, seed: int) -> None:
    """The BOM with distinct descriptions and part numbers of many makers; ~1% of the rows name a listed
    maker, in the maker column, the description or as a listed part number."""
    from openpyxl import Workbook

    rnd = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("BOM")
    ws.append(["Bill of Materials", "generated for the benchmark (distinct descriptions)"])
    ws.append([])
    ws.append(
        ["Item", "Designator", "Qty", "Value", "Footprint", "Description", "Manufacturer",
         "Manufacturer Part Number", "Supplier", "Supplier PN", "Unit Price", "Notes"]
    )  # fmt: skip
    seen: set[str] = set()
    for i in range(rows):
        description, maker, mpn = realistic_description(rnd)
        while description in seen:
            description += f" rev {rnd.randint(1, 99)}"
        seen.add(description)
        if rnd.random() < 0.01:
            listed = rnd.choice(MAKERS_LISTED)
            which = rnd.random()
            if which < 0.4:
                maker = listed
            elif which < 0.7:
                description = rnd.choice(_LISTED_TEXT).format(listed.split()[0]) + f" #{i}"
            else:
                mpn = rnd.choice(_LISTED_PARTS)
        ws.append(
            [
                i + 1,
                f"{rnd.choice('RCLUDQJY')}{i + 1}",
                rnd.randint(1, 20),
                (description.replace(",", " ").split() + [""])[1],  # the value, e.g. "10k"
                rnd.choice(_PACKAGES),
                description,
                maker,
                mpn,
                rnd.choice(["Digi-Key", "Mouser", "LCSC", "Arrow", "Farnell"]),
                f"{rnd.randint(100000, 999999)}-ND",
                round(rnd.random(), 4),
                rnd.choice(["", "", "", "DNP", "alt. OK", "check stock"]),
            ]
        )
    wb.save(path)


def _child(stage: str, path: str) -> dict:
    """Run one stage in this process and return its time and peak memory."""
    import resource

    t0 = time.perf_counter()
    extra: dict = {}
    if stage == "calamine":
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(path)
        n = 0
        for name in wb.sheet_names:
            n += len(wb.get_sheet_by_name(name).to_python())
        extra["rows"] = n
    elif stage == "openpyxl":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        n = 0
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                n += 1
        extra["rows"] = n
    elif stage in ("ours", "export", "ours-csl"):
        from guiapp.app.screener import load_lists as load_watchlists
        from guiapp.model import ScreenOptions
        from guiapp.screening.screen import build_matcher, make_run_info, screen_file

        lists = load_watchlists(extra=[CSL] if stage == "ours-csl" else [])
        options = ScreenOptions()
        matcher = build_matcher(lists, options.threshold)
        t_index = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = screen_file(path, matcher, options)
        extra.update(
            index_s=t_index,
            status=result.status,
            hits=len(result.hits),
            rows=sum(s.rows_screened for s in result.sheets),
        )
        if stage == "export":
            from guiapp.evidence.export import export_annotated

            out = Path(tempfile.mkdtemp()) / "bench.audited.xlsx"
            t0 = time.perf_counter()
            export_annotated(result, out, make_run_info(lists, options))
            extra["out_bytes"] = out.stat().st_size
            out.unlink()
    elif stage == "openpyxl-rt":
        from openpyxl import load_workbook

        wb = load_workbook(path)
        out = Path(tempfile.mkdtemp()) / "roundtrip.xlsx"
        wb.save(out)
        out.unlink()
    elif stage == "match":
        extra.update(_match_bench())
    elif stage == "values":
        extra.update(_values_bench(path))
    elif stage == "xlsb":
        extra.update(_xlsb_bench())
    else:
        raise SystemExit(f"unknown stage {stage}")
    elapsed = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"stage": stage, "seconds": elapsed, "peak_mb": peak_kb / 1024, **extra}


def _company_names(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    syll = [
        "ka",
        "ro",
        "tel",
        "vi",
        "on",
        "ix",
        "mar",
        "su",
        "den",
        "qua",
        "zen",
        "lo",
        "tri",
        "bel",
        "cor",
        "ha",
        "no",
        "ve",
        "xa",
        "pi",
        "gra",
        "dy",
        "mo",
        "lu",
        "fer",
        "tan",
        "wi",
        "so",
        "re",
        "ul",
    ]
    tails = [
        "Technology Co., Ltd.",
        "Electronics Inc.",
        "Semiconductor Corp.",
        "GmbH",
        "Limited",
        "Industrial Co.",
        "Systems",
        "Microelectronics",
        "Group",
        "",
    ]
    out = set()
    while len(out) < n:
        word = "".join(rnd.choices(syll, k=rnd.randint(2, 4))).capitalize()
        extra = "".join(rnd.choices(syll, k=rnd.randint(2, 3))).capitalize() if rnd.random() < 0.4 else ""
        out.add(" ".join(x for x in (word, extra, rnd.choice(tails)) if x))
    return sorted(out)


def _match_bench() -> dict:
    """5,000 distinct BOM names against a 30,000-name list built like a screening list."""
    import csv

    from guiapp.lists.watchlist import load_user_list
    from guiapp.matching.matcher import Matcher

    listed = _company_names(30000, seed=1)
    tmp = Path(tempfile.mkdtemp()) / "big-list.csv"
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "list"])
        for name in listed:
            w.writerow([name, "BENCH"])
    big = load_user_list(tmp)
    rnd = random.Random(2)
    queries = _company_names(4800, seed=3) + [
        n.replace("o", "0", 1) if rnd.random() < 0.5 else n.upper() for n in rnd.sample(listed, 200)
    ]
    t0 = time.perf_counter()
    matcher = Matcher([big], threshold=88)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = matcher.match_values([(q, "manufacturer") for q in queries])
    t_match = time.perf_counter() - t0
    return {
        "list_names": len(listed),
        "queries": len(queries),
        "build_s": t_build,
        "match_s": t_match,
        "queries_with_hits": sum(1 for v in found.values() if v),
    }


def _values_bench(path: str) -> dict:
    """Microseconds per distinct description: the file's descriptions matched alone, built-in list and CSL."""
    from python_calamine import CalamineWorkbook

    from guiapp.app.screener import load_lists as load_watchlists
    from guiapp.matching.matcher import Matcher

    rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    header = next(i for i, row in enumerate(rows) if "Description" in row)
    col = rows[header].index("Description")
    values = list(dict.fromkeys(str(r[col]) for r in rows[header + 1 :] if r[col] != ""))
    out: dict = {"distinct_descriptions": len(values)}
    for label, extra in (("builtin", []), ("csl", [CSL])):
        if extra and not CSL.exists():
            continue
        matcher = Matcher(load_watchlists(extra=extra))
        t0 = time.perf_counter()
        found = {}
        for start in range(0, len(values), 2000):  # in the chunks screening uses
            found.update(matcher.match_field(values[start : start + 2000], "description")[0])
        out[f"{label}_us_per_value"] = (time.perf_counter() - t0) / len(values) * 1e6
        out[f"{label}_with_hits"] = len(found)
    return out


def _xlsb_bench() -> dict:
    """The .xlsb guard's scan against the whole read of 100,000 rows x 8 columns (900,000 records)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
    from test_xlsb import sheet_bin, xlsb_bytes  # the hand-made BIFF12 writer of the tests

    from guiapp.ingest.guards import _scan_xlsb_sheets
    from guiapp.ingest.reading import read_bom

    strings: dict[str, int] = {}
    rows: list[list[object]] = [
        ["Item", "Designator", "Qty", "Manufacturer", "Mfr PN", "Description", "Supplier", "Value"]
    ]
    rows += [
        [i, f"R{i}", i % 7 + 1, "Murata", f"PN-{i * 7919 % 1_000_003:07d}", f"Res {i % 97} k", "Mouser", 3.3]
        for i in range(1, 100_001)
    ]
    path = Path(tempfile.mkdtemp()) / "bench.xlsb"
    path.write_bytes(xlsb_bytes({"BOM": sheet_bin(rows, strings)}, strings))
    t0 = time.perf_counter()
    _scan_xlsb_sheets(path, None)
    scan_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    bom = read_bom(path)
    read_s = time.perf_counter() - t0
    path.unlink()
    return {"xlsb_rows": len(bom.sheets[0].rows), "scan_s": scan_s, "read_s": read_s}


def _run(stage: str, path: Path) -> dict:
    env = dict(os.environ)
    proc = subprocess.run(
        [sys.executable, __file__, "--child", stage, str(path)], capture_output=True, text=True, env=env
    )
    if proc.returncode != 0:
        return {"stage": stage, "error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip", default="", help="comma-separated stages to skip, e.g. openpyxl,openpyxl-rt")
    ap.add_argument("--keep", type=Path, help="folder to keep (and reuse) the generated BOM in")
    ap.add_argument(
        "--descriptions",
        choices=("distinct", "repeat"),
        default="distinct",
        help="distinct descriptions as in real BOMs (default), or the old file's repeating ones",
    )
    ap.add_argument("--child", nargs=2, metavar=("STAGE", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_child(*args.child)))
        return 0

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bom-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench-{args.rows}-{args.descriptions}.xlsx"
    if not path.exists():
        t0 = time.perf_counter()
        make_bom(path, args.rows, distinct=args.descriptions == "distinct")
        print(f"generated {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")
    skip = {s for s in args.skip.split(",") if s}
    all_stages = (
        "calamine",
        "ours",
        "ours-csl",
        "values",
        "export",
        "openpyxl",
        "openpyxl-rt",
        "match",
        "xlsb",
    )
    stages = [s for s in all_stages if s not in skip and (s not in ("ours-csl",) or CSL.exists())]
    results: dict[str, list[dict]] = {}
    for rep in range(args.repeat):
        for stage in stages:
            if stage in ("openpyxl", "openpyxl-rt") and rep > 0:
                continue  # slow baselines: one run is enough to show the gap
            results.setdefault(stage, []).append(_run(stage, path))
    print(
        f"\n{args.rows:,} rows x 12 columns, {args.descriptions} descriptions, {args.repeat} runs, "
        "median seconds (peak RSS MB)"
    )
    med = {}
    for stage, runs in results.items():
        ok = [r for r in runs if "error" not in r]
        if not ok:
            print(f"  {stage:12s} FAILED: {runs[0].get('error')}")
            continue
        med[stage] = statistics.median(r["seconds"] for r in ok)
        peak = statistics.median(r["peak_mb"] for r in ok)
        detail = {k: v for k, v in ok[-1].items() if k not in ("stage", "seconds", "peak_mb")}
        print(f"  {stage:12s} {med[stage]:8.2f} s  ({peak:7.0f} MB)  {json.dumps(detail)}")
    base = med.get("calamine")
    if base:
        # Each run of a stage is set against the calamine read of the same round (the stages of a round run
        # one after the other): on a shared machine whose speed drifts by a third from minute to minute, the
        # median of these paired ratios is steadier than the ratio of the medians.
        print("\nratios to the raw calamine read (median of the rounds' ratios; ratio of the medians):")
        for stage, label, target in (
            ("ours", "read+map+screen", 2.0),
            ("ours-csl", "the same with CSL", None),
            ("export", "export", 5.0),
            ("openpyxl", "openpyxl read-only", None),
            ("openpyxl-rt", "openpyxl load+save", None),
        ):
            if stage in med:
                paired = [
                    r["seconds"] / c["seconds"]
                    for r, c in zip(results[stage], results["calamine"], strict=False)
                    if "error" not in r and "error" not in c
                ]
                goal = f" (target <= {target:.0f}x)" if target else ""
                print(f"  {label:20s} {statistics.median(paired):6.2f}x; {med[stage] / base:5.2f}x{goal}")
    if "match" in results:
        ok = [r for r in results["match"] if "error" not in r]
        if ok:
            print(
                f"\nmatching {ok[0]['queries']:,} distinct names against {ok[0]['list_names']:,} names: "
                f"index build median {statistics.median(r['build_s'] for r in ok):.2f} s, "
                f"match median {statistics.median(r['match_s'] for r in ok):.2f} s (target < 1 s)"
            )
    if "values" in results:
        ok = [r for r in results["values"] if "error" not in r]
        if ok:
            per = {
                label: statistics.median(r[f"{label}_us_per_value"] for r in ok)
                for label in ("builtin", "csl")
                if f"{label}_us_per_value" in ok[0]
            }
            shown = ", ".join(f"{label} list {us:.1f} us" for label, us in per.items())
            print(
                f"\nmatching {ok[0]['distinct_descriptions']:,} distinct descriptions, median per value: {shown}"
            )
    if "xlsb" in results:
        ok = [r for r in results["xlsb"] if "error" not in r]
        if ok:
            scan = statistics.median(r["scan_s"] for r in ok)
            read = statistics.median(r["read_s"] for r in ok)
            print(
                f"\n.xlsb guard on {ok[0]['xlsb_rows']:,} rows x 8 columns: scan median {scan:.2f} s, "
                f"whole read median {read:.2f} s ({scan / read:.0%} of it; target: scan < 2 s)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
