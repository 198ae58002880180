"""Seals on evidence: an Ed25519 signature over a canonical digest, so any later edit is detectable.

Why a signature and not an HMAC: an HMAC can only be checked by the install that holds the key, so a copy
sealed on the auditor's laptop could not be verified on the examiner's machine, nor used as the "previous
audit" by a colleague. An Ed25519 signature (the ``cryptography`` library) is checked with the public key,
which travels inside the evidence; the private key never leaves this install's data folder (mode 0600).
A signature alone proves only that *some* key signed the content, so :func:`verify_seal` also says which
key (its id) and whether this install trusts it: its own key, or a public key added to the trusted keys
(``bom-auditor-cli keys trust``). Decisions are read back from a copy only when its seal verifies under a
trusted key.

The seal covers the sheets the tool writes into an annotated copy (Findings, the FAR disclosure sheet, the
Audit manifest): every cell value, row by row, with the sheet names, except the seal's own row. A decision
typed into a copy, a deleted finding or a renamed sheet all break it; formatting does not. The BOM's own
sheets are identified by the input's SHA-256 in the sealed manifest, not sealed cell by cell.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from guiapp.settings import app_dirs, atomic_write_bytes, atomic_write_text

ALGORITHM = "Ed25519"
#: The manifest line that holds the seal; it is left out of the digest it seals.
SEAL_KEY = "Seal"
KEY_FILE = "seal-key.pem"
TRUSTED_FILE = "trusted-keys.json"


def _data_dir() -> Path:
    return app_dirs().data


def install_key() -> Ed25519PrivateKey:
    """This install's signing key, made on first use and kept in the data folder, readable by the user only."""
    path = _data_dir() / KEY_FILE
    try:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if isinstance(loaded, Ed25519PrivateKey):
            return loaded
    except FileNotFoundError:
        pass
    except ValueError:
        # A damaged key file is replaced; copies it sealed stay verifiable by their embedded public key.
        path.rename(path.with_suffix(".damaged"))
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    atomic_write_bytes(path, pem)
    os.chmod(path, 0o600)
    return key


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public: bytes) -> str:
    """A short, stable name for a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public).hexdigest()[:16]


def own_public_key() -> bytes:
    """This install's public key (raw 32 bytes)."""
    return _raw_public(install_key().public_key())


def trusted_keys() -> dict[str, str]:
    """key id -> label of the public keys this install trusts besides its own."""
    try:
        data = json.loads((_data_dir() / TRUSTED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    keys = data.get("keys", {}) if isinstance(data, dict) else {}
    return {str(k): str(v.get("label", "")) for k, v in keys.items() if isinstance(v, dict)}


def trust_key(public_b64: str, label: str) -> str:
    """Trust another install's public key (as printed by `keys show`); returns its key id."""
    raw = base64.b64decode(public_b64.strip(), validate=True)
    Ed25519PublicKey.from_public_bytes(raw)  # ValueError unless 32 valid bytes
    path = _data_dir() / TRUSTED_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    keys = data.setdefault("keys", {}) if isinstance(data, dict) else {}
    kid = key_id(raw)
    keys[kid] = {"label": label, "public_key": public_b64.strip()}
    atomic_write_text(path, json.dumps({"keys": keys}, indent=1, ensure_ascii=False))
    return kid


_ILLEGAL_XML = re.compile(r"[\000-\010\013\014\016-\037\ud800-\udfff\ufffe\uffff]")


def canonical_cell(value: Any) -> str:
    """A cell as text, the same whichever writer wrote it and whichever reader reads it back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    text = _ILLEGAL_XML.sub("\ufffd", str(value))[:32767]
    return " ".join(text.split())  # line ends and padding are not evidence; the words are


#: What a seal may leave out of its digest: sheet name -> the titles of the columns a reviewer may type into.
TypedColumns = Mapping[str, Sequence[str]]


def typed_indexes(header: Sequence[Any], titles: Sequence[str]) -> list[int] | None:
    """Where the typed columns sit in a header row (None: one of them is missing)."""
    head = [canonical_cell(v) for v in header]
    try:
        return [head.index(t) for t in titles]
    except ValueError:
        return None


def content_digest(
    sheets: Iterable[tuple[str, Iterable[Sequence[Any]]]], typed: TypedColumns | None = None
) -> str | None:
    """SHA-256 over sheet names and cell values, row by row, leaving out the seal's own row.

    Trailing empty cells and empty rows are ignored, so writers and readers that pad rows differently
    (openpyxl, the XML patcher, calamine) give the same digest. The columns named in ``typed`` (by the
    titles in a sheet's first row) are left out of the data rows: a reviewer may type decisions there,
    and the copy keeps what was sealed in a sealed column of its own, so typed changes are shown one by one
    rather than voiding the whole seal. Returns None when a sheet lacks a typed column.
    """
    h = hashlib.sha256()
    typed = typed or {}
    for name, rows in sheets:
        h.update(b"\x1dSHEET\x1f" + name.encode("utf-8"))
        skip: list[int] | None = None
        for n, row in enumerate(rows):
            cells = [canonical_cell(v) for v in row]
            if n == 0 and name in typed:
                skip = typed_indexes(cells, typed[name])
                if skip is None:
                    return None
            elif skip:
                for i in skip:
                    if i < len(cells):
                        cells[i] = ""
            while cells and cells[-1] == "":
                cells.pop()
            if not cells or cells[0] == SEAL_KEY:
                continue
            h.update(b"\x1e" + "\x1f".join(cells).encode("utf-8"))
    return h.hexdigest()


def _signed(sheets: Sequence[str], digest: str, typed: TypedColumns | None) -> bytes:
    payload: dict[str, Any] = {"sheets": list(sheets), "digest": digest}
    if typed:
        payload["typed"] = {k: list(v) for k, v in typed.items()}
    return json.dumps(payload, sort_keys=True).encode()


def seal_text(sheets: Sequence[str], digest: str, typed: TypedColumns | None = None) -> str:
    """The seal over these sheets' digest, as one cell of text (JSON: algorithm, sheets, public key, signature).

    ``typed`` (sheet -> column titles) names the columns the digest leaves out; it is signed too.
    """
    key = install_key()
    public = base64.b64encode(_raw_public(key.public_key())).decode()
    signature = base64.b64encode(key.sign(_signed(sheets, digest, typed))).decode()
    data: dict[str, Any] = {"alg": ALGORITHM, "sheets": list(sheets), "key": public, "sig": signature}
    if typed:
        data["typed"] = {k: list(v) for k, v in typed.items()}
    return json.dumps(data)


@dataclass(frozen=True)
class SealCheck:
    """What verifying a seal found.

    Attributes:
        intact: the content is exactly what was sealed.
        key_id: the id of the key that sealed it ("" when there is no readable seal).
        trusted: the key is this install's own or one it trusts.
        signer: "this install", the trusted key's label, or "an unknown install".
        problem: why the seal does not hold ("" when intact).
    """

    intact: bool
    key_id: str
    trusted: bool
    signer: str
    problem: str = ""

    @property
    def ok(self) -> bool:
        """Intact and sealed by a trusted key: the only state in which decisions are read back."""
        return self.intact and self.trusted


@dataclass(frozen=True)
class ParsedSeal:
    """The parts of a seal cell."""

    sheets: list[str]
    key: str
    signature: str
    typed: dict[str, list[str]]


def parse_seal(seal: str) -> ParsedSeal | None:
    """The sheet names, public key, signature and typed columns of a seal cell, or None when it is not one."""
    try:
        data = json.loads(seal)
    except (TypeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("alg") != ALGORITHM:
        return None
    sheets = data.get("sheets")
    if not isinstance(sheets, list) or not all(isinstance(n, str) for n in sheets):
        return None
    typed = data.get("typed") or {}
    if not isinstance(typed, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(t, str) for t in v)
        for k, v in typed.items()
    ):
        return None
    return ParsedSeal(sheets, str(data.get("key", "")), str(data.get("sig", "")), typed)


def verify_seal(seal: str, digest_of: Callable[[Sequence[str], TypedColumns], str | None]) -> SealCheck:
    """Check a seal cell.

    digest_of(sheet names, typed columns) is the digest of those sheets as they are now, leaving out the
    typed columns (None: a sheet or a column is missing).
    """
    parsed = parse_seal(seal)
    if parsed is None:
        return SealCheck(False, "", False, "", "no readable seal")
    try:
        raw = base64.b64decode(parsed.key, validate=True)
        public = Ed25519PublicKey.from_public_bytes(raw)
        signature = base64.b64decode(parsed.signature, validate=True)
    except ValueError:
        return SealCheck(False, "", False, "", "the seal is damaged")
    kid = key_id(raw)
    own = kid == key_id(own_public_key())
    labels = trusted_keys()
    trusted = own or kid in labels
    if own:
        signer = "this install"
    elif trusted:
        signer = labels[kid] or "a trusted install"
    else:
        signer = "an unknown install"
    digest = digest_of(parsed.sheets, parsed.typed)
    if digest is None:
        return SealCheck(False, kid, trusted, signer, "a sealed sheet or column is missing or was renamed")
    try:
        public.verify(signature, _signed(parsed.sheets, digest, parsed.typed))
    except InvalidSignature:
        return SealCheck(False, kid, trusted, signer, "the content changed after it was sealed")
    return SealCheck(True, kid, trusted, signer)


# --- reports ------------------------------------------------------------------------------------------------
#: The HTML report carries its seal in this <meta> element; the digest covers the page without it.
REPORT_META = "bom-auditor-seal"
_META_RE = re.compile(r'<meta name="' + REPORT_META + r'" content="([^"]*)">')
#: A PDF (or any file whose bytes are the evidence) is sealed by a sidecar file with this suffix.
SIDECAR_SUFFIX = ".seal"


def seal_html(text: str) -> str:
    """The report page with its seal in the head: a signature over the SHA-256 of the page without it."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    meta = (
        f'<meta name="{REPORT_META}" content="{html.escape(seal_text(["html-report"], digest), quote=True)}">'
    )
    head = "<head>"
    at = text.find(head)
    if at < 0:
        return meta + text
    return text[: at + len(head)] + meta + text[at + len(head) :]


def html_seal(text: str) -> tuple[str, str]:
    """(the page without its seal, the seal) of a sealed report page ("" when there is none)."""
    m = _META_RE.search(text)
    if m is None:
        return text, ""
    return text[: m.start()] + text[m.end() :], html.unescape(m.group(1))


def seal_sidecar(path: Path) -> Path:
    """Seal a file's exact bytes (a PDF report) with a sidecar ``<name>.seal`` beside it."""
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    sidecar = Path(path).with_name(Path(path).name + SIDECAR_SUFFIX)
    atomic_write_text(sidecar, seal_text(["file-bytes"], digest) + "\n")
    return sidecar
