"""The cell texts of a worksheet, taken from its XML while calamine parses the sheet in another thread.

calamine's parse of a sheet runs in Rust without holding Python's lock, so a second core is idle while it
runs (0.9 s for a 100,000-row sheet). The reader hands the texts found here, batch by batch, to whoever
asked for them (screening scans them for listed names and part numbers meanwhile: see
Matcher.prescan_texts), so that work is done by the time the cells arrive.

What is taken: the text elements (<t>) of the sheet's inline strings and, for the first sheet, of the
workbook's shared strings, with XML character references read and surrounding whitespace removed, as the
cells will read. It is a guess of what the cells will hold, never a source of cell values: whoever uses
the texts must key what they compute by the exact text, so that a text read differently here (a rich-text
run, an escape calamine reads otherwise) is only computed again later.
"""

from __future__ import annotations

import html
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from guiapp.ingest.zipparts import DAMAGED, member_chunks
from guiapp.model import CancelToken

#: Bytes of a sheet part unpacked per batch.
_CHUNK = 1 << 20
#: A text element: <t>..</t> or <t xml:space="preserve">..</t>.
_TEXT = re.compile(rb"<t(?:\s[^>]*)?>([^<]+)</t>")
#: Where shared strings live when the workbook's relationships do not say otherwise (what every writer uses).
SHARED_STRINGS = "xl/sharedStrings.xml"
#: What ends the texts early, quietly: a damaged, encrypted or vanished member.
_UNREADABLE: tuple[type[Exception], ...] = (OSError, RuntimeError, ValueError, NotImplementedError, *DAMAGED)


def worth_prefetching() -> bool:
    """True when a second core can do this work while calamine parses (on one core it would only add)."""
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):  # macOS and Windows have no affinity mask
        return (os.cpu_count() or 1) > 1


def cell_texts(path: Path, members: list[str], cancel: CancelToken | None) -> Iterator[list[str]]:
    """Batches of the distinct texts of the given zip members (sheet parts, shared strings), in order.

    Raises nothing for a damaged or missing member: the batches stop there (calamine reports the damage).
    """
    try:
        with zipfile.ZipFile(path) as zf:
            for member in members:
                if member not in zf.NameToInfo:
                    continue
                yield from _member_texts(zf, member, cancel)
    except _UNREADABLE:
        return  # the texts are a guess: calamine names the problem


def _member_texts(zf: zipfile.ZipFile, member: str, cancel: CancelToken | None) -> Iterator[list[str]]:
    carry = b""
    chunks = member_chunks(zf, member, _CHUNK)
    while True:
        if cancel is not None:
            cancel.raise_if_cancelled()
        chunk = next(chunks, b"")
        buf = carry + chunk
        if chunk:
            # Cut before the last text element's start: every text element before it is whole (its
            # text holds no '<'). Without one, before the last tag.
            cut = buf.rfind(b"<t")
            if cut == -1:
                cut = buf.rfind(b"<")
            buf, carry = (buf[:cut], buf[cut:]) if cut > 0 else (b"", buf)
            if len(carry) > 4 * _CHUNK:  # no tag in 4 MB: not a sheet of texts worth looking at
                carry = b""
        found = _TEXT.findall(buf)
        if found:
            text = b"\x00".join(set(found)).decode("utf-8", "replace")
            if "&" in text:
                text = html.unescape(text)
            batch = set(map(str.strip, text.split("\x00")))
            batch.discard("")
            yield list(batch)
        if not chunk:
            return
