"""Helpers for the GUI tests: small BOM workbooks built in code, and waiting for a screening batch."""

from __future__ import annotations

from pathlib import Path

import openpyxl

BOM_ROWS = [
    ["Ref", "Qty", "Manufacturer", "Manufacturer Part Number", "Description", "Supplier"],
    ["U1", 1, "Texas Instruments", "TPS62133RGTR", "DC/DC buck", "Digi-Key"],
    ["U2", 1, "Hikvision", "DS-2CD2143G2-IS", "Camera module", "Anjia"],
    ["U3", 1, "Murata Electronics", "GRM155R71H104KE14D", "MLCC 100nF", "Digi-Key"],
    ["U4", 1, "Hikvision", "DS-2CD2143G2-IS", "Camera module", "Anjia"],
    ["U5", 1, "ZHEJIANG DAHUA TECHNOLOGY CO., LTD.", "DHI-NVR1108HS-S3/H", "NVR board", "Distributor A"],
    ["J2", 1, None, None, None, None],
    ["R1", 1, "YAGEO", "RC0402FR-0710KL", "Resistor 10k", "Digi-Key"],
]


def make_bom(path: Path, rows=BOM_ROWS, title_rows: int = 0, sheet: str = "BOM") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for i in range(title_rows):
        ws.append([f"Project title line {i + 1}"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def open_and_wait(qtbot, window, paths, timeout: int = 30_000) -> None:
    """Open files through open_paths and wait until the batch is screened."""
    with qtbot.waitSignal(window.screeningFinished, timeout=timeout):
        window.open_paths(paths)
