"""Render the PNG sizes, the Windows .ico and the macOS .icns of the icon from bom-auditor.svg.

    python resources/packaging/render_icons.py      (after editing the SVG; commit what it writes)

Desktops, installers and the PyInstaller bundle want raster sizes; the SVG stays the one source. The .ico
and .icns hold the PNGs as they are (both formats allow PNG entries), so no imaging library is needed.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parents[1] / "icons"


def render(svg: Path = ICONS / "bom-auditor.svg", out_dir: Path = ICONS) -> list[Path]:
    """Write bom-auditor-<N>.png for every size in SIZES; returns the files written."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    written = []
    for n in SIZES:
        image = QImage(n, n, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out_dir / f"bom-auditor-{n}.png"
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"could not write {path}")
        written.append(path)
    return written


def write_ico(pngs: dict[int, bytes], path: Path) -> Path:
    """Write a Windows icon holding the PNGs (sizes up to 256) as they are."""
    sizes = sorted(n for n in pngs if n <= 256)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for n in sizes:
        data = pngs[n]
        # 0 in the width/height bytes means 256.
        entries += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    path.write_bytes(header + entries + blobs)
    return path


# The icns element types that take PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def write_icns(pngs: dict[int, bytes], path: Path) -> Path:
    """Write a macOS icon family holding the PNGs as they are."""
    body = b"".join(
        ICNS_TYPES[n] + struct.pack(">I", 8 + len(pngs[n])) + pngs[n] for n in sorted(ICNS_TYPES) if n in pngs
    )
    path.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)
    return path


def render_all() -> list[Path]:
    """Render the PNGs, then pack them into bom-auditor.ico and bom-auditor.icns."""
    written = render()
    pngs = {int(p.stem.rsplit("-", 1)[1]): p.read_bytes() for p in written}
    written.append(write_ico(pngs, ICONS / "bom-auditor.ico"))
    written.append(write_icns(pngs, ICONS / "bom-auditor.icns"))
    return written


if __name__ == "__main__":
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for p in render_all():
        print(p)
