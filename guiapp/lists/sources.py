"""The list sources "Update lists" fetches: where each official list is published and what its file must be.

Plain data and the rules for changing an address (settings, then the command line); no network code, so the
CLI and the window can show and edit the sources without loading a network client (guiapp.lists.update
does the fetching).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from guiapp.lists.importers import FORMATS

#: The largest file a source may serve (the CSL is about 10 MB as CSV and 60 MB as JSON).
DEFAULT_MAX_BYTES = 256 * 1024 * 1024


class UpdateError(ValueError):
    """A source could not be updated; the message is one line saying why and what is kept."""


@dataclass(frozen=True)
class ListSource:
    """Where one list is published and what its file must be.

    Attributes:
        key: short name used in settings and on the command line (``--source csl=URL``).
        list_name: the name the list is kept under in the ListStore.
        url: the published address.
        formats: the import formats the file must have (empty: any format import_list reads).
        sha256: the expected SHA-256 of the file ("" when not known in advance).
        max_bytes: the largest file accepted.
        description: what the list is, for a person.
        enabled: whether Update lists fetches it when no source is named (settings switch it per source).
        page: the agency's page that announces the address (for a person who wants to check it).
    """

    key: str
    list_name: str
    url: str
    formats: tuple[str, ...] = ()
    sha256: str = ""
    max_bytes: int = DEFAULT_MAX_BYTES
    description: str = ""
    enabled: bool = True
    page: str = ""

    @property
    def readable(self) -> bool:
        """Whether this version of the app has a reader for the source's format."""
        return not self.formats or any(f in FORMATS for f in self.formats)


_OFAC_EXPORTS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"

#: The official sources Update lists knows: each list this app reads that its agency publishes as one file at a
#: stable address. Only the CSL is fetched unless a person switches another on (its lists overlap the CSL's:
#: OFAC's are in it, the UN list is not). Not offered: the BIS Denied Persons List (in the CSL; BIS gives no
#: stable download address for dpl.txt), the FCC Covered List (a web page, not a file) and the DoD 1260H list
#: (a PDF in the Federal Register and on defense.gov, a new address each edition).
DEFAULT_SOURCES: tuple[ListSource, ...] = (
    ListSource(
        key="csl",
        list_name="Consolidated Screening List",
        url="https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
        formats=("csl-csv", "csl-json"),
        description="US Consolidated Screening List (trade.gov): the export screening lists of Commerce "
        "(Entity List, MEU, UVL, DPL), Treasury (SDN and non-SDN lists) and State in one file",
        page="https://www.trade.gov/consolidated-screening-list",
    ),
    ListSource(
        key="un",
        list_name="UN Security Council Consolidated List",
        url="https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        formats=("un-xml",),
        description="United Nations Security Council Consolidated List (XML): every party under UN sanctions, "
        "with its UN reference number (e.g. KPe.001)",
        enabled=False,
        page="https://www.un.org/securitycouncil/content/un-sc-consolidated-list",
    ),
    ListSource(
        key="ofac-sdn",
        list_name="OFAC SDN List",
        url=_OFAC_EXPORTS + "SDN.XML",
        formats=("ofac-xml",),
        description="OFAC Specially Designated Nationals list (sdn.xml, with aliases), from OFAC's Sanctions "
        "List Service; the CSL carries it too",
        enabled=False,
        page="https://sanctionslist.ofac.treas.gov/Home/SdnList",
    ),
    ListSource(
        key="ofac-cons",
        list_name="OFAC Consolidated (non-SDN) List",
        url=_OFAC_EXPORTS + "CONSOLIDATED.XML",
        formats=("ofac-xml",),
        description="OFAC's non-SDN lists (SSI, NS-MBS, CMIC, PLC, CAPTA, FSE) in one XML file, from OFAC's "
        "Sanctions List Service; the CSL carries them too",
        enabled=False,
        page="https://sanctionslist.ofac.treas.gov/Home/ConsolidatedList",
    ),
)


def parse_source_spec(text: str) -> tuple[str, str]:
    """Split a ``NAME=URL`` command-line or settings value.

    Raises:
        UpdateError: not NAME=URL with an http(s) or file address.
    """
    name, sep, url = text.partition("=")
    name, url = name.strip(), url.strip()
    if not sep or not name or not url:
        raise UpdateError(
            f"'{text}': give a source as NAME=URL, e.g. csl=https://example.org/consolidated.csv"
        )
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    if scheme not in ("http", "https", "file"):
        raise UpdateError(f"'{text}': the address must start with http://, https:// or file://")
    return name, url


def _named(source: ListSource, name: str) -> bool:
    return name.casefold() in (source.key.casefold(), source.list_name.casefold())


def configured_sources(
    urls: Mapping[str, str] | None = None,
    sha256: Mapping[str, str] | None = None,
    defaults: Sequence[ListSource] = DEFAULT_SOURCES,
    enabled: Mapping[str, bool] | None = None,
) -> list[ListSource]:
    """The sources to update: the defaults, with addresses replaced, sources added by name and switched on or off.

    Args:
        urls: source key (or list name) -> address, from settings and then the command line; a name that is
            no default source adds a source kept under that name, accepting any list format (switched on).
        sha256: source key -> expected SHA-256 of its file.
        defaults: the built-in table.
        enabled: source key (or list name) -> whether it is fetched when no source is named (settings).

    Returns:
        The sources in order: the defaults, then the added ones.
    """
    urls = dict(urls or {})
    sha256 = {k.casefold(): v.strip().lower() for k, v in (sha256 or {}).items()}
    out: list[ListSource] = []
    for src in defaults:
        url = src.url
        for name in list(urls):
            if _named(src, name):
                url = urls.pop(name)
        out.append(replace(src, url=url, sha256=sha256.get(src.key.casefold(), src.sha256)))
    for name, url in urls.items():
        out.append(ListSource(key=name, list_name=name, url=url, sha256=sha256.get(name.casefold(), "")))
    for name, on in (enabled or {}).items():
        out = [replace(s, enabled=bool(on)) if _named(s, name) else s for s in out]
    return out


def find_source(sources: Sequence[ListSource], name: str) -> ListSource:
    """The source with this key or list name.

    Raises:
        UpdateError: no source has that name (the message lists the known ones).
    """
    for s in sources:
        if _named(s, name):
            return s
    known = ", ".join(s.key for s in sources)
    raise UpdateError(f"no list source named '{name}' (sources: {known}; add one with --source NAME=URL)")


def select_sources(sources: Sequence[ListSource], names: Sequence[str]) -> list[ListSource]:
    """The sources named (by key or list name, switched on or not); the switched-on ones when names is empty.

    Raises:
        UpdateError: a name is no known source.
    """
    if not names:
        return [s for s in sources if s.enabled]
    chosen = []
    for name in names:
        find_source(sources, name)
        chosen += [s for s in sources if _named(s, name) and s not in chosen]
    return chosen
