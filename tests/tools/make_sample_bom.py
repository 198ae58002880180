"""Write resources/samples/sample-bom.xlsx: the BOM the quick start and the window's "Try the sample" open.

It looks like a real Altium-style export (title block, header on row 6, a second sheet of alternates) and
holds a realistic mix: mostly clean parts, a few listed makers written the way suppliers write them,
near misses that must stay clear, and rows with nothing to screen.

Usage: python tests/tools/make_sample_bom.py [OUTPUT]
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

MAIN_ROWS = [
    # Designator, Qty, Value / Description, Manufacturer, Manufacturer Part Number, Supplier
    ("U1", 1, "MCU ARM Cortex-M4 180MHz LQFP-100", "STMicroelectronics", "STM32F429VIT6", "Digi-Key"),
    ("U2", 1, "Ethernet PHY 10/100", "Texas Instruments", "DP83848CVV/NOPB", "Mouser"),
    ("U3", 1, "Camera module 4MP, fixed lens", "Hik Vision", "DS-2CD2143G2-IS", "Shenzhen Anjia Trading"),
    ("U4", 1, "IP camera SoC", "HiSilicon Technologies", "Hi3516EV300", "LCSC"),
    ("U5", 1, "LTE Cat-4 module", "Quectel", "EG25-G", "Mouser"),
    ("U6", 1, "4G module, HUAWEI ME909s (legacy design)", "", "ME909s-120", "Broker stock"),
    ("U7", 1, "Current sense amplifier", "Diodes Zetex", "ZXCT1009FTA", "Digi-Key"),
    ("U8", 1, "RTC with crystal", "Analog Devices", "DS3231MZ+", "Digi-Key"),
    ("U9", 1, "ARINC 429 line receiver", "Holt Integrated Circuits", "HI-8591PSIF", "Holt"),
    ("U10", 1, "Humidity sensor", "Sensirion", "SHT40-AD1B-R2", "Digi-Key"),
    ("U11", 1, "DC/DC buck 3A", "Texas Instruments", "TPS62133RGTR", "Digi-Key"),
    ("U12", 1, "Wi-Fi/BLE module", "Espressif", "ESP32-WROOM-32E", "LCSC"),
    (
        "U13",
        1,
        "NVR board, 8 channel",
        "ZHEJIANG DAHUA TECHNOLOGY CO., LTD.",
        "DHI-NVR1108HS-S3/H",
        "Distributor A",
    ),
    ("C1-C24", 24, "MLCC 100nF 50V X7R 0402", "Murata Electronics", "GRM155R71H104KE14D", "Digi-Key"),
    ("C25-C30", 6, "MLCC 10uF 25V X5R 0805", "Samsung Electro-Mechanics", "CL21A106KAYNNNE", "Digi-Key"),
    ("R1-R40", 40, "Resistor 10k 1% 0402", "YAGEO", "RC0402FR-0710KL", "Digi-Key"),
    ("R41", 1, "Sense resistor 10mR 2512", "Vishay Dale", "WSL2512R0100FEA", "Mouser"),
    ("L1", 1, "Power inductor 2.2uH", "Wurth Elektronik", "74438357022", "Digi-Key"),
    ("T1", 1, "LAN magnetics", "Pulse Electronics", "HX1188FNL", "Mouser"),
    ("J1", 1, "USB-C receptacle", "GCT", "USB4105-GF-A", "Digi-Key"),
    ("J2", 1, "RJ45 with magnetics", "", "", ""),
    ("D1", 1, "TVS diode array", "Nexperia", "PESD5V0S1UL", "Digi-Key"),
    ("Y1", 1, "Crystal 25MHz", "Abracon", "ABM8-25.000MHZ-B2-T", "Digi-Key"),
    ("SW1", 1, "Tactile switch", "C&K", "PTS810 SJM 250 SMTR LFS", "Digi-Key"),
    ("BAT1", 1, "Coin cell holder", "Keystone", "3034", "Digi-Key"),
    ("MEM1", 1, "microSD card 32GB", "HIKSEMI", "HS-TF-C1-32G", "Amazon"),
    ("FB1", 1, "Ferrite bead 600R", "Murata Electronics", "BLM18PG601SN1D", "Digi-Key"),
    ("PCB1", 1, "Bare board, 4 layers", "", "", "JLCPCB"),
]

ALTERNATES = [
    ("Position", "Alternate maker", "Alternate MPN", "Comment"),
    ("U3", "EZVIZ Network Co. Ltd", "CS-C6N-A0-1C2WFR", "Consumer camera option"),
    ("U4", "Goke Microelectronics", "GK7205V300", "Pin-compatible SoC"),
    ("U5", "Fibocom Wireless", "L850-GL", ""),
    ("U6", "华为技术", "ME909s-120", "Original module"),
    ("U7", "Texas Instruments", "INA199A1DCKR", ""),
    ("U13", "Hikvision Europe B.V.", "DS-7608NI-K2/8P", "NVR option"),
]


def build(path: Path) -> None:
    """Write the sample workbook to path."""
    wb = Workbook()
    ws = wb.active
    ws.title = "BOM"
    ws["A1"] = "Bill of Materials"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Project:"
    ws["B2"] = "Edge camera gateway, rev C"
    ws["A3"] = "Variant:"
    ws["B3"] = "Standard"
    ws["A4"] = "Print date:"
    ws["B4"] = "2026-11-02"
    headers = ["Designator", "Qty", "Description", "Manufacturer", "Manufacturer Part Number", "Supplier"]
    ws.append([])
    ws.append(headers)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[6]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
    for row in MAIN_ROWS:
        ws.append(list(row))
    for col, width in zip("ABCDEF", (12, 6, 44, 36, 28, 24), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A7"

    alt = wb.create_sheet("Alternates")
    for row in ALTERNATES:
        alt.append(list(row))
    for cell in alt[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCD", (10, 30, 24, 28), strict=True):
        alt.column_dimensions[col].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-bom.xlsx"
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    build(out)
    print(out)
