"""Write resources/watchlist/builtin.json, the built-in watchlist, from the curated data below.

The data here is our own encoding of the project's research notes (names, lists, dates, confidence, scope,
part-number conventions and known near misses). Nothing is read at the app's runtime: the app loads the JSON
this script writes, and the JSON is committed. Run it after editing the data:

    python tests/tools/build_watchlist.py
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "resources" / "watchlist" / "builtin.json"

VERSION = "2026.12.1"
DATE = "2026-12-04"

# --- citations (shortened from the research notes; see the notes for the trail) -------------------------
C_EL2019 = (
    "84 FR 54002 (FR Doc 2019-22210, eff. 2019-10-09): Entity List additions of the XUAR PSB, 18 subordinate "
    "bureaus, one institute and eight companies. FR text not retrieved verbatim; composition per secondary "
    "legal alerts."
)
C_889 = (
    "Pub. L. 115-232 s.889(f)(3) (FY2019 NDAA, enacted 2018-08-13); FCC Covered List (47 CFR 1.50002, "
    "fcc.gov/supplychain/coveredlist, added 2021-03-12)."
)
C_1260H = (
    "DoD s.1260H list of Chinese military companies (editions 2021-06-03 to 2026-06-08, media.defense.gov; "
    "latest: https://media.defense.gov/2026/Jun/08/2003945537/-1/-1/1/ENTITIES-IDENTIFIED-AS-CHINESE-MILITARY-"
    "COMPANIES-OPERATING-IN-THE-UNITED-STATES-IN-ACCORDANCE-WITH-SECTION-1260H.PDF)."
)
C_CMIC = "Treasury OFAC NS-CMIC identification (2021-12)."
C_HUAWEI = (
    "84 FR 22961 (eff. 2019-05-16, Huawei and 68 affiliates); 84 FR 43487 (eff. 2019-08-19, +46); "
    "85 FR 51596 (eff. 2020-08-17, +38; foreign-direct-product footnote 1)."
)
C_FCC = "FCC Covered List (47 CFR 1.50002, fcc.gov/supplychain/coveredlist), as mirrored in public datasets."
C_5949 = "Pub. L. 117-263 s.5949 (FY2023 NDAA, enacted 2022-12-23)."
C_EL2020_07 = (
    "BIS Entity List rule published 2020-07-22 (11 Xinjiang-related firms); FR page believed 85 FR 44159."
)
C_EL2020_06 = "BIS Entity List rules published 2020-06-05 (85 FR 34495 / 85 FR 34503)."
C_EL2021_06 = "BIS Entity List rule eff. 2021-06-24 (five forced-labour entities); FR page not retrieved."
C_UFLPA = "DHS UFLPA Entity List (dhs.gov/uflpa-entity-list)."

SCOPE_889_VIDEO = (
    "NDAA s.889 / FCC Covered List reach Hikvision, Dahua and Hytera equipment (and that of subsidiaries and "
    "affiliates) only when used for public safety, government facility security, critical infrastructure or "
    "national security. The Entity List restricts exports, re-exports and transfers to the named entity."
)
SCOPE_889_TELECOM = (
    "NDAA s.889 / FCC Covered List: all telecommunications equipment produced by the company or any subsidiary "
    "or affiliate."
)
SCOPE_EL = (
    "Entity List: licence requirement for exports, re-exports and in-country transfers to the named entity."
)
SCOPE_UFLPA = (
    "UFLPA: rebuttable presumption that goods made wholly or partly by the entity are barred from US import."
)
SCOPE_5949 = (
    "NDAA s.5949: semiconductor products and services of the company, its subsidiaries and affiliates barred "
    "from federal procurement (effective 2027-12-23)."
)
SCOPE_FCC_SVC = "FCC Covered List: communications services (not hardware)."
SCOPE_1260H = (
    "DoD s.1260H: identified as a Chinese military company; FY2024 NDAA s.805 phases in a bar on DoD contracts "
    "with listed companies (dates to verify)."
)
SCOPE_1709 = (
    "FY2025 NDAA s.1709: the company's UAS and UAS critical components, added to the FCC Covered List."
)
SCOPE_FCC = (
    "FCC Covered List: the listed equipment or services may not be authorised or bought with FCC funds."
)

# The scope an entity gets when its row gives none, by list code (first listed code first).
_DEFAULT_SCOPES = {
    "BIS-EL": SCOPE_EL,
    "DOD-1260H": SCOPE_1260H,
    "NDAA-1709": SCOPE_1709,
    "FCC-CL": SCOPE_FCC,
    "UFLPA": SCOPE_UFLPA,
    "NDAA-5949": SCOPE_5949,
}


def _default_scope(lists: list[dict]) -> str:
    """What the entity's lists restrict, when the row itself does not say."""
    texts = [_DEFAULT_SCOPES[x["code"]] for x in lists if x["code"] in _DEFAULT_SCOPES]
    return " ".join(dict.fromkeys(texts))


XJ_NOTE = (
    "Name recalled from the rule and cross-checked only against secondary sources; verify spelling against the "
    "FR text or the trade.gov CSL."
)


def lst(code: str, date: str = "", note: str = "", affiliate: bool = False) -> dict:
    """One list membership; affiliate=True marks coverage only through 'subsidiary or affiliate' wording."""
    return {"code": code, "date": date, "note": note, "via_affiliate": affiliate}


def al(name: str, kind: str, confidence: str = "high", review: bool = False) -> dict:
    """One alias."""
    d = {"name": name, "kind": kind, "confidence": confidence}
    if review:
        d["review"] = True
    return d


def pat(
    regex: str,
    examples: list[str],
    must_not_match: list[str],
    confidence: str,
    note: str,
    context: list[str] | None = None,
    context_mode: str = "require",
    label: str = "",
) -> dict:
    """One part-number pattern. context_mode: 'require' (no match without a context word in the cell/row)
    or 'review' (a review-level match without one)."""
    return {
        "regex": regex,
        "label": label,
        "examples": examples,
        "must_not_match": must_not_match,
        "confidence": confidence,
        "context": context or [],
        "context_mode": context_mode if context else "",
        "note": note,
    }


ENTITIES: list[dict] = []


def ent(
    id: str,
    name: str,
    lists: list[dict],
    citation: str,
    confidence: str = "high",
    *,
    parent_id: str | None = None,
    relationship: str = "self",
    country: str = "CN",
    scope_note: str = "",
    aliases: list[dict] | None = None,
    patterns: list[dict] | None = None,
    review: bool = False,
    near_miss: list[str] | None = None,
    derive_core: bool = True,
    matchable: bool = True,
    notes: str = "",
    valid_from: str = "",
    valid_to: str = "",
    divested: str = "",
    divested_source: str = "",
) -> None:
    """Add one entity to ENTITIES. valid_from/valid_to date a former subsidiary's or divested brand's tie to
    its parent, divested says what ended it and divested_source cites it (the hit's reason shows all three)."""
    dated = {
        k: v
        for k, v in (
            ("valid_from", valid_from),
            ("valid_to", valid_to),
            ("divested", divested),
            ("divested_source", divested_source),
        )
        if v
    }
    ENTITIES.append(
        {
            "id": id,
            "name": name,
            "parent_id": parent_id,
            "relationship": relationship if parent_id else "self",
            "lists": lists,
            "country": country,
            "citation": citation,
            "confidence": confidence,
            "scope_note": scope_note or _default_scope(lists),
            "aliases": aliases or [],
            "patterns": patterns or [],
            "review": review,
            "near_miss": near_miss or [],
            "derive_core": derive_core,
            "matchable": matchable,
            "notes": notes,
            **dated,
        }
    )


def sub(
    parent: str, id: str, name: str, relationship: str, lists: list[dict], citation: str, conf: str, **kw
):
    """A subsidiary, brand, affiliate or subordinate of `parent`."""
    ent(id, name, lists, citation, conf, parent_id=parent, relationship=relationship, **kw)


# ======================================================================================================
# 84 FR 54002 (2019-10-09): XUAR PSB, 18 subordinate bureaus, Xinjiang Police College
# ======================================================================================================
EL19 = [lst("BIS-EL", "2019-10-09")]
ent(
    "XJ-PSB",
    "Xinjiang Uighur Autonomous Region (XUAR) People's Government Public Security Bureau",
    EL19 + [lst("OFAC-SDN", "2020-07-09", "Global Magnitsky, as 'Xinjiang Public Security Bureau (XPSB)'")],
    C_EL2019,
    "high",
    scope_note=SCOPE_EL + " Government body, not a component maker.",
    aliases=[
        al("Xinjiang Uyghur Autonomous Region Public Security Bureau", "legal", "medium"),
        al("XUAR Public Security Bureau", "short", "medium"),
        al("Xinjiang Public Security Bureau", "short", "medium"),
        al("XPSB", "short", "medium"),
        al("Xinjiang Public Security Department", "short", "low"),
        al("新疆维吾尔自治区公安厅", "cjk", "low"),
    ],
    derive_core=False,
    notes="Urumqi. " + XJ_NOTE,
)
PSBS = [
    # (id suffix, name, spelling variants, location)
    ("AKSU", "Aksu District Public Security Bureau", ["Aksu Prefecture Public Security Bureau"]),
    ("ALTAY", "Altay Municipality Public Security Bureau", ["Altay Prefecture Public Security Bureau"]),
    ("BAYINGOLIN", "Bayingolin Mongolian Autonomous Prefecture Public Security Bureau", []),
    (
        "BORTALA",
        "Boertala Mongolian Autonomous Prefecture Public Security Bureau",
        ["Bortala Mongolian Autonomous Prefecture Public Security Bureau"],
    ),
    ("CHANGJI", "Changji Hui Autonomous Prefecture Public Security Bureau", []),
    ("HAMI", "Hami Municipality Public Security Bureau", []),
    ("HOTAN", "Hotan Prefecture Public Security Bureau", ["Khotan Prefecture Public Security Bureau"]),
    ("KARAMAY", "Karamay Municipality Public Security Bureau", []),
    ("KASHGAR", "Kashgar Prefecture Public Security Bureau", []),
    ("KIZILSU", "Kizilsu Kyrgyz Autonomous Prefecture Public Security Bureau", []),
    ("QOQEK", "Qoqek Public Security Bureau", ["Tacheng Public Security Bureau"]),
    ("SHIHEZI", "Shihezi Municipality Public Security Bureau", []),
    ("TUMXUK", "Tumushuke Municipal Public Security Bureau", ["Tumxuk Municipal Public Security Bureau"]),
    ("TURPAN", "Turfan Municipality Public Security Bureau", ["Turpan Municipality Public Security Bureau"]),
    ("URUMQI", "Urumqi Municipal Public Security Bureau", []),
    ("WUJIAQU", "Wujiaqu Municipality Public Security Bureau", []),
    (
        "XPCC",
        "Xinjiang Production and Construction Corps (XPCC) Public Security Bureau",
        ["XPCC Public Security Bureau"],
    ),
    (
        "YILI",
        "Yili Kazakh Autonomous Prefecture Public Security Bureau",
        ["Ili Kazakh Autonomous Prefecture Public Security Bureau"],
    ),
]
for suffix, name, variants in PSBS:
    sub(
        "XJ-PSB",
        f"XJ-PSB-{suffix}",
        name,
        "subordinate",
        EL19,
        C_EL2019,
        "medium",
        scope_note=SCOPE_EL + " Government body, not a component maker.",
        aliases=[al(v, "former", "medium") for v in variants],
        derive_core=False,
        notes="Subordinate bureau of the XUAR PSB. " + XJ_NOTE,
    )
sub(
    "XJ-PSB",
    "XJ-PSB-POLICE-COLLEGE",
    "Xinjiang Police College",
    "subordinate",
    EL19,
    C_EL2019,
    "medium",
    scope_note=SCOPE_EL + " Not a component maker.",
    aliases=[al("新疆警察学院", "cjk", "medium")],
    derive_core=False,
    notes="The rule's one subordinate institute (Urumqi). " + XJ_NOTE,
)

# ======================================================================================================
# Hikvision
# ======================================================================================================
HIK_LISTS = [
    lst("BIS-EL", "2019-10-09"),
    lst("NDAA-889", "2018-08-13"),
    lst("FCC-CL", "2021-03-12"),
    lst("DOD-1260H", "2021-06-03"),
]
HIK_AFF = [lst("NDAA-889", "2018-08-13", affiliate=True), lst("FCC-CL", "2021-03-12", affiliate=True)]
C_HIK = C_EL2019 + " " + C_889 + " " + C_1260H
ent(
    "HIKVISION",
    "Hangzhou Hikvision Digital Technology Co., Ltd.",
    HIK_LISTS,
    C_HIK,
    "high",
    scope_note=SCOPE_889_VIDEO,
    aliases=[
        al("Hikvision", "short"),
        al("Hangzhou Hikvision Digital Technology Company", "legal"),
        al("Hikvision Digital Technology", "short"),
        al("海康威视", "cjk"),
        al("杭州海康威视数字技术股份有限公司", "cjk"),
        al("海康", "cjk", "medium"),
        al("Hik-Connect", "brand", "medium"),
    ],
    patterns=[
        pat(
            r"(?<![A-Z0-9])i?DS-[0-9](?:[A-Z]{1,3}[0-9A-Z]{2,}|[0-9]{3}[A-Z]{1,4})",
            ["DS-2CD2143G2-I", "DS-2DE4425IW-DE", "DS-7608NI-K2/8P", "DS-9632NI-I8", "iDS-2CD7A46G0-IZHS"],
            ["DS18B20", "DS7505", "DS2431", "DS3231MZ+", "DS-1"],
            "high",
            "The hyphen after DS is essential: Maxim/Analog Devices DS parts have none.",
            label="camera/recorder model pattern DS-…",
        ),
        pat(
            r"(?<![A-Z0-9])DS-K(?:[0-9]|V[0-9]|H[0-9]|IS[0-9])[0-9A-Z]*",
            ["DS-K1T341AMF", "DS-KV6113-WPE1", "DS-KIS602"],
            ["DS-KIT"],
            "medium",
            "Access control and video intercom lines.",
            label="access-control model pattern DS-K…",
        ),
        pat(
            r"(?<![A-Z0-9])DS-PW[A-Z0-9]{2,}",
            ["DS-PWA64-L-WE", "DS-PWA96-M-WE"],
            ["DS-PW"],
            "low",
            "AX PRO alarm naming, from recall.",
            label="alarm model pattern DS-PW…",
        ),
    ],
    near_miss=["HiKOKI", "Koki Holdings", "Hisense", "Hi-Link"],
    notes="EL heading 'Hikvision'. SZSE 002415. Relabelled products (LTS, Annke, Interlogix ...) are a "
    "model-level question: never flag relabeller brands by name. 'HIK' alone is too short to match.",
)
sub(
    "HIKVISION",
    "HIKVISION-EZVIZ",
    "Hangzhou EZVIZ Network Co., Ltd.",
    "subsidiary",
    HIK_AFF,
    C_889,
    "high",
    scope_note=SCOPE_889_VIDEO,
    aliases=[al("EZVIZ", "brand"), al("萤石网络", "cjk"), al("萤石", "cjk", "medium")],
    patterns=[
        pat(
            r"(?<![A-Z0-9])CS-(?:C[0-9]|CV[0-9]|H[0-9]|BC|DB|EB|C8|C6|C3)[0-9A-Z-]*",
            ["CS-C6N-A0-1C2WFR", "CS-CV310-A0-1B2WFR", "CS-H8C"],
            ["CS-8422", "CS-5480"],
            "low",
            "'CS-' is used by other vendors too; with EZVIZ in the row it is a finding, without it a review item.",
            context=["ezviz", "hikvision", "萤石"],
            context_mode="review",
            label="camera model pattern CS-…",
        )
    ],
    notes="Consumer camera/smart-home brand; not separately on the Entity List.",
)
sub(
    "HIKVISION",
    "HIKVISION-HILOOK",
    "HiLook",
    "brand",
    HIK_AFF,
    C_889,
    "high",
    scope_note=SCOPE_889_VIDEO,
    patterns=[
        pat(
            r"(?<![A-Z0-9])IPC-[BDT][0-9]{3}H",
            ["IPC-B140H", "IPC-D140H", "IPC-T240H"],
            ["IPC-A-610", "IPC-7351B", "IPC-HDW1230T1"],
            "medium",
            "HiLook reuses the generic IPC- prefix; distinguished from Dahua IPC-H… and IPC standards.",
            label="camera model pattern IPC-B/D/T…H",
        )
    ],
    notes="Hikvision value line.",
)
sub(
    "HIKVISION",
    "HIKVISION-HIWATCH",
    "HiWatch",
    "brand",
    HIK_AFF,
    C_889,
    "high",
    scope_note=SCOPE_889_VIDEO,
    patterns=[
        pat(
            r"(?<![A-Z0-9])HW[IND]-[A-Z0-9][0-9A-Z]{3,}",
            ["HWI-B121H", "HWI-B121H(C)", "HWN-4104MH"],
            ["HWD"],
            "medium",
            "HiWatch model prefixes HWI-/HWN-/HWD-.",
            label="camera model pattern HWI-/HWN-/HWD-…",
        )
    ],
)
sub(
    "HIKVISION",
    "HIKVISION-HIKSEMI",
    "Hangzhou Hikstorage Technology Co., Ltd.",
    "subsidiary",
    HIK_AFF,
    C_889,
    "high",
    scope_note=SCOPE_889_VIDEO + " Storage products (SSDs, memory cards) may fall outside the video scope.",
    aliases=[al("HIKSEMI", "brand"), al("Hikstorage", "short", "medium")],
    notes="Storage brand: SSDs, memory cards, DRAM modules. Legal name from recall (medium).",
)
sub(
    "HIKVISION",
    "HIKVISION-HIKROBOT",
    "Hangzhou Hikvision Robot Technology Co., Ltd.",
    "subsidiary",
    HIK_AFF,
    C_889,
    "high",
    scope_note="Machine-vision cameras and AGVs; s.889 covers video surveillance/telecom, so coverage is arguable.",
    aliases=[al("Hikrobot", "brand"), al("海康机器人", "cjk")],
    patterns=[
        pat(
            r"(?<![A-Z0-9])MV-C[AEHSUBL][0-9]{3}-[0-9]{2}[A-Z]{1,3}",
            ["MV-CA050-10GM", "MV-CS050-10GC", "MV-CE013-50GM"],
            ["MV-1", "MV-PS"],
            "low",
            "Industrial camera naming, from recall.",
            label="machine-vision camera pattern MV-C…",
        )
    ],
)
sub(
    "HIKVISION",
    "HIKVISION-HIKMICRO",
    "Hangzhou Microimage Software Co., Ltd.",
    "subsidiary",
    HIK_AFF,
    C_889,
    "medium",
    scope_note=SCOPE_889_VIDEO,
    aliases=[al("Hikmicro", "brand", "medium")],
    patterns=[
        pat(
            r"(?<![A-Z0-9])HM-T[A-Z][0-9]{2}",
            ["HM-TP42-3AQF", "HM-TD1017"],
            ["HM-T1"],
            "low",
            "Thermal camera naming, from recall.",
            label="thermal camera pattern HM-T…",
        )
    ],
    notes="Thermal cameras and modules. Legal name and ownership to verify.",
)
sub(
    "HIKVISION",
    "HIKVISION-SALES",
    # A group row: a neutral display name, so a hit on "Hikvision Europe B.V." never reads "Hikvision USA Inc.".
    "Hikvision sales subsidiaries (USA, Canada, Europe, Prama India)",
    "subsidiary",
    HIK_AFF,
    C_889,
    "medium",
    scope_note=SCOPE_889_VIDEO,
    aliases=[
        al("Hikvision USA Inc.", "legal", "medium"),
        al("Hikvision Canada", "short", "medium"),
        al("Hikvision Europe B.V.", "legal", "medium"),
        al("Prama Hikvision", "short", "medium"),
    ],
    derive_core=False,
    notes="Sales/distribution subsidiaries that may appear as manufacturer on imported goods; verify individually.",
)
sub(
    "HIKVISION",
    "HIKVISION-PYRONIX",
    "Pyronix Ltd",
    "subsidiary",
    HIK_AFF,
    C_889,
    "medium",
    country="GB",
    scope_note="Intruder-alarm maker; s.889 coverage of alarm panels is arguable.",
    aliases=[al("Pyronix", "short", "medium")],
)

# ======================================================================================================
# Dahua
# ======================================================================================================
DAHUA_LISTS = [
    lst("BIS-EL", "2019-10-09"),
    lst("NDAA-889", "2018-08-13"),
    lst("FCC-CL", "2021-03-12"),
    lst("DOD-1260H", "2022-10-05"),
]
DAHUA_AFF = [lst("NDAA-889", "2018-08-13", affiliate=True), lst("FCC-CL", "2021-03-12", affiliate=True)]
ent(
    "DAHUA",
    "Zhejiang Dahua Technology Co., Ltd.",
    DAHUA_LISTS,
    C_EL2019 + " " + C_889 + " " + C_1260H,
    "high",
    scope_note=SCOPE_889_VIDEO,
    aliases=[
        al("Dahua Technology", "short"),
        al("Dahua Technology Company", "legal"),
        al("Zhejiang Dahua", "short"),
        al("浙江大华技术股份有限公司", "cjk"),
        al("浙江大华", "cjk"),
        al("大华技术", "cjk", "medium"),
        # Unrelated firms also use the bare name (near-misses): a person must look.
        al("Dahua", "short", "medium", review=True),
        al("大华", "cjk", "medium", review=True),
    ],
    patterns=[
        pat(
            r"(?<![A-Z0-9])(?:DHI?-)?IPC-(?:HDBW|HDPW|HDW|HFW|HFS|HUM|HX|EBW|EB|EW|PDBW|PDW|PFW|MW)[0-9X]",
            ["DH-IPC-HDW1XXX", "DH-IPC-HDBW23A0RN-ZS", "IPC-HX3XXX", "IPC-HDW2431T-AS-S2", "IPC-HFW2449S"],
            ["IPC-A-610", "IPC-HDBK-001", "IPC-B140H", "IPC-7351"],
            "high",
            "A digit or X must follow the series letters (IPC-HDBK-nnn is an IPC handbook).",
            label="camera model pattern IPC-H…",
        ),
        pat(
            r"(?<![A-Z0-9])DHI?-(?:NVR|XVR|HCVR|SD|PTZ|VTO|VTH|HAC|PFS|ASI|ASR|IPC|TPC|ITC|PSDW|DVR)[0-9A-Z]",
            ["DH-NVR1XXX", "DHI-HCVR51A04HE-S3", "DH-SD6CXX", "DHI-NVR1108HS-S3/H", "DH-XVR5108HS-I3"],
            ["DH-1", "DHI-", "DHT11"],
            "high",
            "DH-/DHI- prefix (international models); the hyphen keeps Aosong DHT sensors out.",
            label="model pattern DH-/DHI-…",
        ),
        pat(
            r"(?<![A-Z0-9])(?:VTO|VTH)[0-9][0-9X]{2,}[A-Z0-9]*",
            ["VTO75X95X", "VTO65XXX", "VTH542XH"],
            ["VTH-1"],
            "medium",
            "Video intercom; short prefix.",
            context=["dahua", "大华"],
            context_mode="review",
            label="intercom model pattern VTO/VTH…",
        ),
        pat(
            r"(?<![A-Z0-9])TPC-(?:BF|SD|PT)[0-9X]",
            ["TPC-BF1241", "TPC-SD2221", "TPC-PT8X21B"],
            ["TPC-1"],
            "high",
            "Thermal cameras.",
            label="thermal camera pattern TPC-…",
        ),
        pat(
            r"(?<![A-Z0-9])HAC-H[DF]W[0-9]{4}",
            ["HAC-HFW1200T", "HAC-HDW1200T"],
            ["HAC-1"],
            "medium",
            "HDCVI analog cameras.",
            label="HDCVI camera pattern HAC-…",
        ),
        pat(
            r"(?<![A-Z0-9])(?:NVR|XVR)[0-9]{4}[A-Z]{0,3}-[0-9A-Z]",
            ["NVR4108HS-8P-4KS2", "NVR4216-4KS2/L", "XVR5108HS-I3"],
            ["NVR301-08S2-P8", "NVR-208M"],
            "low",
            "Unprefixed recorder strings; Uniview and others use similar ones.",
            context=["dahua", "大华"],
            context_mode="review",
            label="recorder model pattern NVR/XVR…",
        ),
    ],
    near_miss=[
        "Xi'an Dahua Shidai Network Technology",
        "西安大华时代网络科技",
        "Honeywell",
        "IndigoVision",
        "Amcrest",
    ],
    notes="EL heading 'Dahua Technology'. SZSE 002236. Bare 'Dahua'/'大华' is a review item: unrelated firms "
    "share it. Honeywell, IndigoVision and Amcrest sold relabelled Dahua cameras: model-level question, "
    "never flag those brands by name.",
)
sub(
    "DAHUA",
    "DAHUA-IMOU",
    "Hangzhou Huacheng Network Technology Co., Ltd.",
    "brand",
    DAHUA_AFF,
    C_889,
    "medium",
    scope_note=SCOPE_889_VIDEO,
    aliases=[al("Imou", "brand", "high"), al("Lechange", "former", "medium"), al("乐橙", "cjk", "medium")],
    derive_core=False,
    patterns=[
        pat(
            r"(?<![A-Z0-9])IPC-(?:A|C|F|K|S|G)[0-9]{2}[A-Z]{0,3}",
            ["IPC-A22EP", "IPC-F22P", "IPC-C22EP"],
            ["IPC-A-610", "IPC-2221"],
            "low",
            "Imou naming, from recall.",
            context=["imou", "dahua", "lechange"],
            context_mode="review",
            label="consumer camera pattern IPC-A/C/F…",
        )
    ],
    notes="Dahua consumer brand (Ranger, Bullet, Cue).",
)
sub(
    "DAHUA",
    "DAHUA-LOREX",
    "Lorex Technology Inc.",
    "subsidiary",
    [lst("NDAA-889", "2018-08-13", "Dahua-era products only (owned 2018-2023)", affiliate=True)],
    C_889,
    "medium",
    country="CA",
    scope_note="Owned by Dahua from 2018 until its sale to Skywatch (announced 2022-11, closed 2023). "
    "Dahua-era hardware is Dahua's; flag by date/model, not brand alone.",
    aliases=[al("Lorex", "brand", "medium")],
    review=True,
    notes="Ownership-dated: buyer name and closing date from recall.",
    valid_from="2018",
    valid_to="2023",
    divested="sold to Skywatch (Taiwan; announced November 2022, closed 2023)",
    divested_source="https://en.wikipedia.org/wiki/Dahua_Technology (acquisition 2018); "
    "backstreet-surveillance.com (sale to a Taiwan company announced 2022-11)",
)
sub(
    "DAHUA",
    "DAHUA-USA",
    "Dahua Technology USA Inc.",
    "subsidiary",
    [lst("NDAA-889", "2018-08-13", "stock sold before 2024", affiliate=True)],
    C_889,
    "medium",
    country="US",
    scope_note=SCOPE_889_VIDEO,
    aliases=[al("Luminys Systems Corp.", "trade", "medium", review=True)],
    derive_core=False,
    notes="Renamed Luminys after the sale; post-sale Luminys products need model-level review.",
)
sub(
    "DAHUA",
    "DAHUA-HUARAY",
    "Zhejiang Huaray Technology Co., Ltd.",
    "subsidiary",
    [lst("NDAA-889", "2018-08-13", "if video/telecom", affiliate=True)],
    C_889,
    "medium",
    scope_note="Industrial cameras and AGVs; s.889 coverage depends on use.",
    aliases=[al("Huaray", "brand", "medium"), al("华睿科技", "cjk", "medium")],
)

# ======================================================================================================
# The other six companies of the 2019-10-09 rule
# ======================================================================================================
ent(
    "SENSETIME",
    "SenseTime Group Limited",
    [lst("BIS-EL", "2019-10-09"), lst("NS-CMIC", "2021-12-10")],
    C_EL2019 + " " + C_CMIC,
    "high",
    country="CN/HK",
    scope_note=SCOPE_EL,
    aliases=[
        al("SenseTime", "short"),
        al("Shanghai SenseTime Intelligent Technology Co., Ltd.", "legal", "medium"),
        al("Beijing SenseTime Technology Development Co., Ltd.", "legal", "low"),
        al("商汤科技", "cjk", "low"),
        al("商汤", "cjk", "low"),
    ],
    near_miss=["Sensirion", "Senseca"],
    notes="EL heading 'SenseTime'. HKEX 0020. Match only the whole token SenseTime / 商汤.",
)
ent(
    "MEGVII",
    "Megvii Technology Limited",
    [lst("BIS-EL", "2019-10-09"), lst("NS-CMIC", "2021-12-16"), lst("DOD-1260H", "2024-01-31")],
    C_EL2019 + " " + C_CMIC + " " + C_1260H,
    "high",
    scope_note=SCOPE_EL,
    aliases=[
        al("Megvii", "short"),
        al("Megvii Technology", "short"),
        al("Beijing Megvii Technology Co., Ltd.", "legal"),
        al("Beijing Kuangshi Technology Co., Ltd.", "legal", "medium"),
        al("旷视科技", "cjk", "medium"),
        al("旷视", "cjk", "medium"),
        al("Face++", "brand", "medium"),
    ],
    near_miss=["Megger"],
    notes="EL heading 'Megvii Technology'. Face++ platform, face-recognition terminals.",
)
ent(
    "IFLYTEK",
    "IFLYTEK Co., Ltd.",
    [lst("BIS-EL", "2019-10-09")],
    C_EL2019,
    "high",
    scope_note=SCOPE_EL,
    aliases=[
        al("IFLYTEK", "short"),
        al("科大讯飞股份有限公司", "cjk", "medium"),
        al("科大讯飞", "cjk", "medium"),
        al("讯飞", "cjk", "medium"),
    ],
    near_miss=["iFixit"],
    notes="EL heading 'IFLYTEK'. SZSE 002230. Speech modules/translators may carry iFLYTEK branding.",
)
ent(
    "MEIYAPICO",
    "Xiamen Meiya Pico Information Co., Ltd.",
    [lst("BIS-EL", "2019-10-09"), lst("NS-CMIC", "2021-12-16")],
    C_EL2019 + " " + C_CMIC,
    "high",
    scope_note=SCOPE_EL,
    aliases=[
        al("Meiya Pico", "short"),
        al("厦门市美亚柏科信息股份有限公司", "cjk", "medium"),
        al("美亚柏科", "cjk", "medium"),
    ],
    near_miss=["Hefei Meiya Optoelectronic", "美亚光电", "Picotronic"],
    notes="Digital forensics (SZSE 300188). Match only with 'Pico' or 美亚柏科; 'Meiya' alone is shared.",
)
sub(
    "MEIYAPICO",
    "MEIYAPICO-INSTITUTE",
    "Xiamen Meiya Pico Information Security Research Institute Co., Ltd.",
    "subsidiary",
    [],
    C_EL2019,
    "medium",
    scope_note="Not separately listed; the Entity List does not reach subsidiaries by itself.",
    aliases=[al("厦门市美亚柏科信息安全研究所有限公司", "cjk", "medium")],
    review=True,
    derive_core=False,
    notes="Name implies a Meiya Pico subsidiary; ownership not verified. REVIEW only.",
)
ent(
    "YITU",
    "Shanghai Yitu Network Technology Co., Ltd.",
    [lst("BIS-EL", "2019-10-09"), lst("NS-CMIC", "2021-12-16"), lst("DOD-1260H", "2024-01-31")],
    C_EL2019 + " " + C_CMIC + " " + C_1260H,
    "high",
    scope_note=SCOPE_EL,
    aliases=[
        al("Yitu Technologies", "short"),
        al("Yitu", "short", "medium"),
        al("Yitu Limited", "legal"),
        al("依图科技", "cjk", "low"),
        al("依图", "cjk", "low"),
    ],
    notes="EL heading 'Yitu Technologies'.",
)
ent(
    "YIXIN",
    "Yixin Science and Technology Co., Ltd.",
    [lst("BIS-EL", "2019-10-09")],
    C_EL2019,
    "high",
    scope_note=SCOPE_EL,
    near_miss=["Yixing"],
    derive_core=False,
    notes="Little public information. 'Yixin' is a common romanisation: require the full name.",
)

# ======================================================================================================
# Huawei
# ======================================================================================================
HW_LISTS = [
    lst("BIS-EL", "2019-05-16", "footnote 1: foreign-direct-product rule"),
    lst("NDAA-889", "2018-08-13"),
    lst("FCC-CL", "2021-03-12"),
    lst("DOD-1260H", "2021-06-03"),
]
HW_AFF = [
    lst("BIS-EL", "2019-05-16", "Huawei affiliate tranches 2019-05-16 / 2019-08-19 / 2020-08-17"),
    lst("NDAA-889", "2018-08-13", affiliate=True),
    lst("FCC-CL", "2021-03-12", affiliate=True),
]
C_HW = C_HUAWEI + " " + C_889 + " " + C_1260H
ent(
    "HUAWEI",
    "Huawei Technologies Co., Ltd.",
    HW_LISTS,
    C_HW,
    "high",
    scope_note=SCOPE_889_TELECOM + " Entity List footnote 1: the foreign-direct-product rule applies.",
    aliases=[
        al("Huawei", "short"),
        al("Huawei Technologies Company", "legal"),
        al("华为技术有限公司", "cjk", "medium"),
        al("华为", "cjk", "medium"),
    ],
    patterns=[
        pat(
            r"(?<![A-Z0-9])(?:ME9[0-9]{2}[a-z]?|MU[0-9]{3}[a-z]?|MS2[0-9]{3}[a-z]?|MH5000|ME936|ML[0-9]{4})-[0-9]{1,3}",
            ["ME909s-120", "ME909u-521", "ME906s-158", "MU709s-2", "MS2372h-517", "MH5000-31"],
            ["ME3630-W", "MU-100", "EC25-E", "ME6211C33M5G"],
            "high",
            "M2M modules; USB VID 0x12D1.",
            label="LTE module pattern ME9…/MU…/MS2…",
        ),
        pat(
            r"(?<![A-Z0-9])(?:E3372|E8372|E5576|E3276|E3131|E3531|E5377|K5160|K5161|B315|B525|B535|B593)[a-z]?(?:-[0-9]{3})?(?![0-9])",
            ["E3372h", "E8372h-320", "E5576h", "E3276-150", "K5160"],
            ["E33720", "B3150"],
            "medium",
            "USB dongles and routers (some carrier-branded).",
            label="USB modem/router pattern E3372/E8372/B315…",
        ),
        pat(
            r"\bVID[_:= ]*0?x?12D1\b|\bidVendor\W+12d1\b",
            ["VID_12D1", 'idVendor=="12d1"'],
            ["VID_12D10"],
            "high",
            "Huawei's USB vendor ID.",
            label="USB vendor ID 12D1",
        ),
    ],
    near_miss=["Hua Hong", "Huahong", "Huali Microelectronics", "Quectel"],
    notes="889/FCC: all telecommunications equipment of Huawei or any subsidiary or affiliate.",
)
sub(
    "HUAWEI",
    "HUAWEI-HOLDING",
    "Huawei Investment & Holding Co., Ltd.",
    "affiliate",
    [lst("DOD-1260H", "2021-06-03")],
    C_1260H,
    "high",
    derive_core=False,
    notes="Parent holding company.",
)
sub(
    "HUAWEI",
    "HUAWEI-HISILICON",
    "HiSilicon Technologies Co., Ltd.",
    "subsidiary",
    HW_AFF,
    C_HUAWEI,
    "high",
    scope_note=SCOPE_889_TELECOM,
    aliases=[al("HiSilicon", "brand"), al("海思", "cjk"), al("海思半导体", "cjk", "medium")],
    patterns=[
        pat(
            r"(?<![A-Z0-9-])Hi35(?:16|18|19|20|21|31|35|36|59)(?:[A-Z]V[0-9]{3}|[A-Z]|V[0-9]{3})?(?![0-9A-Z])",
            ["Hi3516EV200", "Hi3516CV300", "Hi3518EV300", "Hi3519AV100", "Hi3520DV400", "Hi3536", "Hi3559A"],
            ["HI-3593", "HI-3585", "HI-8592", "GK7205V200", "Hi3593"],
            "high",
            "Whitelisted IP-camera SoC families; a hyphen after HI (Holt ARINC-429 parts) never matches.",
            label="IP-camera SoC pattern Hi35…",
        ),
        pat(
            r"(?<![A-Z0-9-])Hi(?:3798|3796|3751|3660|3670|3680|6220|6250|1620|1822|1910|1980|2110|2115|2120)(?:[A-Z]V[0-9]{3}|[A-Z]{1,2})?(?![0-9A-Z])",
            ["Hi3798MV200", "Hi3660", "Hi6220", "Hi1620", "Hi2115", "Hi2110"],
            ["HI-1620", "hi2115b0"],
            "medium",
            "STB/TV, Kirin, Kunpeng, NIC and Boudica NB-IoT chip numbers.",
            label="SoC pattern Hi37…/Hi36…/Hi62…/Hi16…/Hi21…",
        ),
        pat(
            r"\b(?:Kirin\s?[0-9]{3,4}[A-Z]?|Balong\s?[0-9]{3,4}|Ascend\s?[0-9]{3}[A-Z]?|Kunpeng\s?[0-9]{3}|Boudica\s?[0-9]{3})\b",
            ["Kirin 990", "Balong 5000", "Ascend 910B", "Kunpeng 920", "Boudica 150"],
            ["Kirin Holdings", "Ascend Performance Materials"],
            "medium",
            "Product-family names collide with unrelated companies: a model number is required.",
            label="chip family pattern Kirin/Balong/Ascend/Kunpeng/Boudica + number",
        ),
    ],
    near_miss=[
        "Holt Integrated Circuits",
        "Goke Microelectronics",
        "Kirin Holdings",
        "Ascend Performance Materials",
    ],
    notes="Huawei's chip-design arm.",
)
sub(
    "HUAWEI",
    "HUAWEI-HISILICON-OPTO",
    "HiSilicon Optoelectronics Co., Ltd.",
    "subsidiary",
    HW_AFF,
    C_HUAWEI,
    "medium",
    scope_note=SCOPE_889_TELECOM,
    aliases=[al("海思光电子", "cjk", "medium")],
    derive_core=False,
    notes="Optical components (lasers, transceivers).",
)
for sid, sname, sconf, extra, snote in [
    ("HISILICON-SUZHOU", "HiSilicon Tech (Suzhou) Co., Ltd.", "medium", [], "May-2019 affiliate per recall."),
    (
        "HISILICON-SHANGHAI",
        "Shanghai Haisi Technology Co., Ltd.",
        "medium",
        [al("上海海思", "cjk", "medium")],
        "",
    ),
    ("DEVICE", "Huawei Device Co., Ltd.", "medium", [al("华为终端有限公司", "cjk", "medium")], ""),
    ("DEVICE-DONGGUAN", "Huawei Device (Dongguan) Co., Ltd.", "medium", [], ""),
    ("DEVICE-SHENZHEN", "Huawei Device (Shenzhen) Co., Ltd.", "medium", [], ""),
    ("TERMINAL-SHENZHEN", "Huawei Terminal (Shenzhen) Co., Ltd.", "medium", [], ""),
    ("MACHINE", "Huawei Machine Co., Ltd.", "medium", [], ""),
    (
        "CLOUD",
        "Huawei Cloud Computing Technology Co., Ltd.",
        "high",
        [al("Huawei Cloud", "short"), al("Huawei OpenLab", "short", "medium")],
        "Regional Huawei Cloud / OpenLab entities added 2020-08-17.",
    ),
]:
    sub(
        "HUAWEI",
        f"HUAWEI-{sid}",
        sname,
        "subsidiary",
        HW_AFF,
        C_HUAWEI,
        sconf,
        scope_note=SCOPE_889_TELECOM,
        aliases=extra,
        derive_core=False,
        notes=snote or "Affiliate list per recall; verify.",
    )
sub(
    "HUAWEI",
    "HUAWEI-NEUL",
    "Neul Ltd",
    "subsidiary",
    [lst("NDAA-889", "2018-08-13", affiliate=True), lst("FCC-CL", "2021-03-12", affiliate=True)],
    C_889,
    "medium",
    country="GB",
    scope_note=SCOPE_889_TELECOM,
    aliases=[al("Neul Limited", "legal", "medium")],
    derive_core=False,
    notes="NB-IoT design house behind Boudica; Entity List status not verified.",
)
sub(
    "HUAWEI",
    "HUAWEI-HONOR",
    "Honor Device Co., Ltd.",
    "brand",
    [],
    "Divested by Huawei 2020-11-17 (public statements); not shown as listed in the sources reviewed.",
    "medium",
    scope_note="Pre-divestiture (2020 and earlier) Honor devices were Huawei products (889-covered); later "
    "Honor is not a Huawei affiliate per Huawei. REVIEW, never an automatic hit.",
    aliases=[al("Honor", "brand", "medium"), al("荣耀", "cjk", "medium")],
    review=True,
    notes="Check the CSL for any later Honor listing.",
    valid_from="2013",
    valid_to="2020-11-17",
    divested="sold to Shenzhen Zhixin New Information Technology Co., Ltd. on 2020-11-17; Huawei holds no shares",
    divested_source="scmp.com 2020-11-17, seekingalpha.com 2020-11-17, convergedigest.com: Huawei sold Honor "
    "to Shenzhen Zhixin New Information Technology Co. and holds no shares",
)
sub(
    "HUAWEI",
    "HUAWEI-MARINE",
    "Huawei Marine Networks Co., Ltd.",
    "subsidiary",
    HW_AFF,
    C_HUAWEI,
    "low",
    scope_note=SCOPE_889_TELECOM
    + " The Entity List entry names the company (and its addresses) whoever owns "
    "it: check the current Entity List entry, not only the ownership.",
    aliases=[al("HMN Technologies", "trade", "low"), al("HMN Tech", "trade", "low")],
    derive_core=False,
    notes="Submarine cable systems. Listed as a Huawei affiliate; majority sold to Hengtong Optic-Electric and "
    "renamed HMN Technologies (dates from public reports, verify).",
    valid_from="2008",
    valid_to="2020",
    divested="majority sold to Hengtong Optic-Electric (announced 2019-06, completed 2020) and renamed HMN "
    "Technologies",
    divested_source="Hengtong Optic-Electric's Shanghai Stock Exchange filing of 2019-06-03 (to buy Huawei's "
    "51% of Huawei Marine), as reported by Reuters and others; completion and rename date from public reports, "
    "low confidence: verify",
)
sub(
    "HUAWEI",
    "HUAWEI-ZHIXIN",
    "Shenzhen Zhixin New Information Technology Co., Ltd.",
    "affiliate",
    [],
    "Buyer of Honor (2020-11-17), public reports.",
    "medium",
    scope_note="Not a Huawei affiliate per Huawei; informational REVIEW row.",
    review=True,
    derive_core=False,
)

# ======================================================================================================
# ZTE
# ======================================================================================================
ZTE_LISTS = [
    lst("NDAA-889", "2018-08-13"),
    lst("FCC-CL", "2021-03-12"),
]
ZTE_AFF = [lst("NDAA-889", "2018-08-13", affiliate=True), lst("FCC-CL", "2021-03-12", affiliate=True)]
ent(
    "ZTE",
    "ZTE Corporation",
    ZTE_LISTS,
    C_889 + " Entity List 2016-03-08, removed 2017-03-29; denial order 2018-04-15 to 2018-07-13.",
    "high",
    scope_note=SCOPE_889_TELECOM + " Currently not on the Entity List.",
    aliases=[
        al("ZTE", "short"),
        al("Zhongxing Telecommunications Equipment Corporation", "legal"),
        al("Zhongxing Telecom", "short", "medium"),
        al("中兴通讯股份有限公司", "cjk"),
        al("中兴通讯", "cjk"),
        al("中兴", "cjk", "medium"),
    ],
    patterns=[
        pat(
            r"(?<![A-Z0-9])ZX(?:29[0-9]{4}|296718|279[0-9]{3})(?:V[0-9])?",
            ["ZX297520V3", "ZX296718"],
            ["ZXT1M322", "ZXMN3A01F", "ZXCT1009"],
            "high",
            "ZTE/Sanechips SoCs; Zetex/Diodes parts start ZXT/ZXM/ZXCT.",
            label="SoC pattern ZX29…",
        ),
        pat(
            r"(?<![A-Z0-9])MF[0-9]{2,3}[A-Z]{0,2}(?![0-9A-Z])",
            ["MF823", "MF810", "MF903", "MF833V", "MF79U"],
            ["MF-R050", "MF52A2"],
            "medium",
            "USB modems/MiFi; 'MF' is also used by fuses and thermistors.",
            context=["zte", "中兴"],
            context_mode="review",
            label="USB modem pattern MF…",
        ),
        pat(
            r"\bVID[_:= ]*0?x?19D2\b|\bidVendor\W+19d2\b",
            ["VID_19D2", 'idVendor=="19d2"'],
            ["VID_19D20"],
            "high",
            "ZTE's USB vendor ID.",
            label="USB vendor ID 19D2",
        ),
        pat(
            r"(?<![A-Z0-9])(?:ME3630|ME3620|ZM8620|ZM5202)(?:-[A-Z0-9]+)?",
            ["ME3630-W", "ME3630-E"],
            ["ME363"],
            "low",
            "Welink module names, from recall.",
            label="module pattern ME3630/ZM8620…",
        ),
    ],
    near_miss=["Zetex", "Diodes", "Zhongxing Microelectronics", "Vimicro"],
    notes="Match ZTE only as a whole word; 'Zhongxing' alone collides (Vimicro).",
)
sub(
    "ZTE",
    "ZTE-KANGXUN",
    "ZTE Kangxun Telecommunications Ltd.",
    "subsidiary",
    ZTE_AFF,
    C_889 + " Entity List 2016-03-08 (historic).",
    "high",
    scope_note=SCOPE_889_TELECOM,
    aliases=[al("ZTE Kangxun Telecom Co., Ltd.", "legal", "medium")],
)
sub(
    "ZTE",
    "ZTE-8STAR",
    "Beijing 8-Star",
    "affiliate",
    [lst("BIS-EL", "2016-03-08", "remained listed after 2018")],
    "BIS Entity List 2016-03-08 (ZTE-related additions).",
    "high",
    aliases=[al("8s", "short", "low", review=True)],
    derive_core=False,
)
sub(
    "ZTE",
    "ZTE-PARSIAN",
    "ZTE Parsian",
    "affiliate",
    [lst("BIS-EL", "2016-03-08", "remained listed after 2018")],
    "BIS Entity List 2016-03-08 (ZTE-related additions).",
    "high",
    country="IR",
    derive_core=False,
)
sub(
    "ZTE",
    "ZTE-NUBIA",
    "Nubia Technology Co., Ltd.",
    "subsidiary",
    ZTE_AFF,
    C_889,
    "high",
    scope_note=SCOPE_889_TELECOM,
    aliases=[al("Nubia", "brand"), al("努比亚", "cjk")],
)
sub(
    "ZTE",
    "ZTE-REDMAGIC",
    "Red Magic",
    "brand",
    ZTE_AFF,
    C_889,
    "high",
    scope_note=SCOPE_889_TELECOM,
    aliases=[al("REDMAGIC", "brand")],
    notes="Gaming-phone brand of Nubia/ZTE.",
)
sub(
    "ZTE",
    "ZTE-SANECHIPS",
    "Sanechips Technology Co., Ltd.",
    "subsidiary",
    ZTE_AFF,
    C_889,
    "medium",
    scope_note=SCOPE_889_TELECOM,
    aliases=[
        al("Sanechips", "short", "medium"),
        al("ZTE Microelectronics", "former", "medium"),
        al("中兴微电子", "cjk", "medium"),
    ],
    notes="ZX29xxxx cellular SoCs inside third-party modems: flag such modules for review.",
)
sub(
    "ZTE",
    "ZTE-USA",
    "ZTE USA Inc.",
    "subsidiary",
    ZTE_AFF,
    C_889,
    "medium",
    country="US",
    scope_note=SCOPE_889_TELECOM,
    derive_core=False,
)

# ======================================================================================================
# Hytera
# ======================================================================================================
HYT_AFF = [lst("NDAA-889", "2018-08-13", affiliate=True), lst("FCC-CL", "2021-03-12", affiliate=True)]
ent(
    "HYTERA",
    "Hytera Communications Corporation Limited",
    [lst("NDAA-889", "2018-08-13"), lst("FCC-CL", "2021-03-12")],
    C_889,
    "high",
    scope_note=SCOPE_889_VIDEO,
    aliases=[
        al("Hytera", "short"),
        al("Hytera Communications Corporation", "legal"),
        al("海能达通信股份有限公司", "cjk", "medium"),
        al("海能达", "cjk", "medium"),
        al("HYT", "brand", "medium", review=True),
    ],
    patterns=[
        pat(
            r"(?<![A-Z0-9])(?:PD|HP|BD|MD|RD|PT|HM|HR|MT|VM)[0-9]{3}[0-9]?[A-Z]{0,2}(?![0-9])",
            ["PD782 Hytera", "HP782 (Hytera)", "BD502 HYT"],
            ["PD782 Motorola", "MD5 hash", "PT100 sensor"],
            "low",
            "Radio prefixes are far too generic alone: Hytera/HYT must appear in the cell or row.",
            context=["hytera", "hyt", "海能达"],
            context_mode="require",
            label="radio model pattern PD/HP/BD…",
        )
    ],
    near_miss=["Hydra"],
    notes="Not on the Entity List in the sources reviewed.",
)
for sid, sname, rel, country, aliases_, snote, conf in [
    (
        "SEPURA",
        "Sepura Ltd",
        "subsidiary",
        "GB",
        [al("Sepura", "short"), al("Sepura plc", "legal")],
        "TETRA radios; acquired 2017-05-25. Check for later divestiture before relying on ownership.",
        "high",
    ),
    (
        "TELTRONIC",
        "Teltronic S.A.U.",
        "subsidiary",
        "ES",
        [al("Teltronic", "short"), al("PowerTrunk", "brand")],
        "TETRA infrastructure, via Sepura (2017).",
        "high",
    ),
    (
        "NORSAT",
        "Norsat International Inc.",
        "subsidiary",
        "CA",
        [al("Norsat", "short")],
        "Satellite terminals, RF and microwave components; acquired 2017-07-20.",
        "high",
    ),
    (
        "SINCLAIR",
        "Sinclair Technologies",
        "subsidiary",
        "CA",
        [],
        "Antennas, filters, RF conditioning; via Norsat (2017).",
        "medium",
    ),
    ("AMERICA", "Hytera America Inc.", "subsidiary", "US", [], "", "medium"),
]:
    pats = []
    if sid == "SEPURA":
        pats = [
            pat(
                r"(?<![A-Z0-9])(?:SC2[0-9]|STP[89][0-9]{3}|SRG39[0-9]{2}|SRH3[0-9]{3})(?![0-9])",
                ["SC20 Sepura", "SC21 (Sepura)", "STP9000 Sepura", "SRG3900 sepura"],
                ["SC2016", "SC20"],
                "low",
                "TETRA model names are short and common: Sepura must appear in the cell or row.",
                context=["sepura"],
                context_mode="require",
                label="TETRA radio pattern SC2x/STP…",
            )
        ]
    sub(
        "HYTERA",
        f"HYTERA-{sid}",
        sname,
        rel,
        HYT_AFF,
        C_889,
        conf,
        country=country,
        scope_note=SCOPE_889_VIDEO,
        aliases=aliases_,
        patterns=pats,
        derive_core=sid not in ("SINCLAIR", "AMERICA"),
        notes=snote,
    )

# ======================================================================================================
# FCC Covered List (other), NDAA 5949, 2020-2021 Entity List rules, UFLPA
# ======================================================================================================
ent(
    "KASPERSKY",
    "AO Kaspersky Lab",
    [lst("FCC-CL", "2022-03-25")],
    C_FCC,
    "high",
    country="RU",
    scope_note="FCC Covered List: information security products and services, incl. successors, parents, "
    "subsidiaries and affiliates.",
    aliases=[al("Kaspersky Lab", "short"), al("Kaspersky", "short")],
)
sub(
    "KASPERSKY",
    "KASPERSKY-INC",
    "Kaspersky Lab, Inc.",
    "subsidiary",
    [lst("FCC-CL", "2024-07-23")],
    C_FCC,
    "high",
    country="US",
    derive_core=False,
)
for eid, name, date, country, conf, extra_aliases, note in [
    (
        "CHINAMOBILE",
        "China Mobile International USA Inc.",
        "2022-03-25",
        "US",
        "high",
        [],
        "Parent China Mobile Ltd is on the DoD 1260H list.",
    ),
    ("CHINATELECOM", "China Telecom (Americas) Corp.", "2022-03-25", "US", "high", [], ""),
    ("CHINAUNICOM", "China Unicom (Americas) Operations Limited", "2022-09-20", "US", "high", [], ""),
    ("PACNET", "Pacific Networks Corp.", "2022-09-20", "US", "high", [], ""),
    (
        "DIGITALSYSTEM",
        "Digitalsystem Technology Inc.",
        "2026-07-07",
        "US",
        "low",
        [],
        "Seen only in a 2026 mirror of the FCC table; verify on fcc.gov.",
    ),
]:
    ent(
        eid,
        name,
        [lst("FCC-CL", date)],
        C_FCC,
        conf,
        country=country,
        scope_note=SCOPE_FCC_SVC,
        aliases=extra_aliases,
        derive_core=False,
        notes=note,
    )
sub(
    "PACNET",
    "PACNET-COMNET",
    "ComNet (USA) LLC",
    "subsidiary",
    [lst("FCC-CL", "2022-09-20")],
    C_FCC,
    "high",
    country="US",
    scope_note=SCOPE_FCC_SVC,
    derive_core=False,
)

ent(
    "FCC-UAS",
    "Foreign-produced UAS and UAS critical components (FCC category entry)",
    [lst("FCC-CL", "2025-12-22", "category entry")],
    C_FCC,
    "medium",
    country="",
    scope_note="Category entry: foreign UAS and critical components generally, with Blue UAS / Buy American / "
    "conditional-approval exceptions, plus equipment named in FY2025 NDAA s.1709 (DJI, Autel).",
    matchable=False,
    notes="Not name-matchable; the brands below are.",
)
sub(
    "FCC-UAS",
    "DJI",
    "SZ DJI Technology Co., Ltd.",
    "brand",
    [
        lst("FCC-CL", "2025-12-22", "category entry"),
        lst("NDAA-1709", "2024-12-23"),
        lst("DOD-1260H", "2022-10-05"),
        lst("BIS-EL", "2020-12-22"),
    ],
    C_FCC + " " + C_1260H + " BIS-EL date from recall (85 FR 83416).",
    "medium",
    aliases=[
        al("DJI", "brand", "medium"),
        al("Da-Jiang Innovations", "legal", "medium"),
        al("大疆", "cjk", "medium"),
    ],
)
sub(
    "FCC-UAS",
    "AUTEL",
    "Autel Robotics Co., Ltd.",
    "brand",
    [
        lst("FCC-CL", "2025-12-22", "category entry"),
        lst("NDAA-1709", "2024-12-23"),
        lst("DOD-1260H", "2025-01-07"),
    ],
    C_FCC + " " + C_1260H,
    "medium",
    aliases=[al("Autel Robotics", "short", "medium")],
    derive_core=False,
    notes="Match 'Autel Robotics', not bare 'Autel' (Autel Intelligent makes car diagnostics).",
)
for eid, label, date in [
    ("FCC-ROUTERS", "Foreign-produced routers (FCC category entry)", "2026-03-23"),
    ("FCC-INVERTERS", "Foreign-produced power inverters (FCC category entry)", "2026-07-28"),
    ("FCC-ROBOTS", "Foreign-produced advanced robotic devices (FCC category entry)", "2026-07-28"),
]:
    ent(
        eid,
        label,
        [lst("FCC-CL", date, "category entry")],
        C_FCC,
        "low",
        country="",
        scope_note="Category entry, not name-matchable; conditional-approval exceptions apply.",
        matchable=False,
        notes="Seen only in a 2026 mirror of the FCC table; verify on fcc.gov.",
    )

for eid, name, short, lists_, cjk in [
    (
        "SMIC",
        "Semiconductor Manufacturing International Corporation",
        "SMIC",
        [lst("NDAA-5949", "2022-12-23"), lst("DOD-1260H")],
        "中芯国际",
    ),
    ("CXMT", "ChangXin Memory Technologies", "CXMT", [lst("NDAA-5949", "2022-12-23")], "长鑫存储"),
    (
        "YMTC",
        "Yangtze Memory Technologies Corp.",
        "YMTC",
        [lst("NDAA-5949", "2022-12-23"), lst("DOD-1260H")],
        "长江存储",
    ),
]:
    ent(
        eid,
        name,
        lists_,
        C_5949 + (" " + C_1260H if len(lists_) > 1 else ""),
        "high",
        scope_note=SCOPE_5949,
        aliases=[al(short, "short"), al(cjk, "cjk", "medium")],
        derive_core=False,
        notes="SMIC and YMTC are believed to be on the Entity List too (not verified).",
    )

EL_0722 = [lst("BIS-EL", "2020-07-22")]
ent(
    "OFILM",
    "Nanchang O-Film Tech Co., Ltd.",
    EL_0722,
    C_EL2020_07,
    "high",
    scope_note=SCOPE_EL,
    aliases=[al("OFILM", "short", "medium", review=True), al("O-Film", "short", "medium", review=True)],
    derive_core=False,
    notes="Only the Nanchang entity is listed; other OFILM group entities are a review item.",
)
ent(
    "BITLAND",
    "Hefei Bitland Information Technology Co., Ltd.",
    EL_0722 + [lst("UFLPA", "2022-06-21"), lst("CBP-WRO", "2020-09-14")],
    C_EL2020_07 + " " + C_UFLPA,
    "high",
    scope_note=SCOPE_EL + " " + SCOPE_UFLPA,
    aliases=[al("Bitland", "short", "medium")],
    notes="Laptop/Chromebook ODM, graphics cards, LCM modules.",
)
ent(
    "MEILING",
    "Hefei Meiling Co., Ltd.",
    EL_0722 + [lst("UFLPA", "2022-06-21")],
    C_EL2020_07,
    "medium",
    scope_note=SCOPE_EL,
    derive_core=False,
    notes="Appliances (Changhong group). UFLPA from recall.",
)
ent(
    "KTK",
    "KTK Group Co., Ltd.",
    EL_0722 + [lst("UFLPA", "2022-06-21")],
    C_EL2020_07,
    "medium",
    scope_note=SCOPE_EL,
    aliases=[al("KTK Group", "short", "medium")],
    derive_core=False,
    notes="Rail-vehicle interiors and electrical equipment. UFLPA from recall.",
)
ent(
    "TANYUAN",
    "Tanyuan Technology Co., Ltd.",
    EL_0722 + [lst("UFLPA", "2022-06-21")],
    C_EL2020_07,
    "medium",
    scope_note=SCOPE_EL,
    notes="Carbon fibre / materials. UFLPA from recall.",
)

ent(
    "FIBERHOME",
    "FiberHome Technologies Group",
    [lst("BIS-EL", "2020-06-05")],
    C_EL2020_06,
    "medium",
    scope_note=SCOPE_EL,
    aliases=[al("FiberHome", "short", "medium"), al("烽火通信", "cjk", "low")],
    notes="Optical fibre and telecom equipment.",
)
sub(
    "FIBERHOME",
    "FIBERHOME-STARRYSKY",
    "Nanjing FiberHome Starrysky Communication Development Co., Ltd.",
    "subsidiary",
    [lst("BIS-EL", "2020-06-05")],
    C_EL2020_06,
    "low",
    scope_note=SCOPE_EL,
    derive_core=False,
    notes="Listed per recall; verify.",
)
ent(
    "NETPOSA",
    "NetPosa Technologies, Ltd.",
    [lst("BIS-EL", "2020-06-05"), lst("NS-CMIC", "2021-12-16"), lst("DOD-1260H", "2024-01-31")],
    C_EL2020_06 + " " + C_CMIC + " " + C_1260H,
    "high",
    scope_note=SCOPE_EL,
    aliases=[al("NetPosa", "short")],
    notes="Video surveillance software and hardware.",
)
ent(
    "CLOUDWALK",
    "CloudWalk Technology Co., Ltd.",
    [lst("BIS-EL", "2020-06-05"), lst("NS-CMIC", "2021-12-16"), lst("DOD-1260H", "2022-10-05")],
    C_EL2020_06 + " " + C_CMIC + " " + C_1260H,
    "high",
    scope_note=SCOPE_EL,
    aliases=[al("CloudWalk", "short"), al("云从科技", "cjk", "medium")],
    notes="Face recognition.",
)
ent(
    "LEON",
    "Leon Technology Co., Ltd.",
    [lst("BIS-EL", "2021-07-12"), lst("NS-CMIC", "2021-12-16")],
    "BIS Entity List rule of 2021-07-12 (14 Xinjiang entities). " + C_CMIC,
    "high",
    scope_note=SCOPE_EL,
    aliases=[al("Leon Technology Company Limited", "legal")],
    derive_core=False,
    notes="Surveillance/security integrator. Bare 'Leon' is far too common to match.",
)

UF_EL = [lst("UFLPA", "2022-06-21"), lst("BIS-EL", "2021-06-24")]
ent(
    "HOSHINE",
    "Hoshine Silicon Industry Co., Ltd.",
    UF_EL + [lst("CBP-WRO", "2021-06-24")],
    C_UFLPA + " " + C_EL2021_06,
    "high",
    scope_note=SCOPE_UFLPA + " " + SCOPE_EL,
    aliases=[al("Hoshine Silicon", "short"), al("合盛硅业", "cjk", "medium")],
    notes="Metallurgical silicon and silicones (SSE 603260). UFLPA and WRO cover its subsidiaries.",
)
sub(
    "HOSHINE",
    "HOSHINE-SHANSHAN",
    "Hoshine Silicon Industry (Shanshan) Co., Ltd.",
    "subsidiary",
    [lst("BIS-EL", "2021-06-24"), lst("UFLPA", "2022-06-21")],
    C_EL2021_06,
    "high",
    scope_note=SCOPE_EL,
    derive_core=False,
    notes="The Entity-List-named entity.",
)
ent(
    "DAQO-XJ",
    "Xinjiang Daqo New Energy Co., Ltd.",
    UF_EL,
    C_UFLPA + " " + C_EL2021_06,
    "high",
    scope_note=SCOPE_UFLPA + " " + SCOPE_EL,
    aliases=[
        al("Xinjiang Great New Energy Co., Ltd.", "former"),
        al("Xinjiang Daxin Energy Co., Ltd.", "former"),
        al("Xinjiang Daqin Energy Co., Ltd.", "former"),
    ],
    derive_core=False,
    notes="Polysilicon. Aliases added to the UFLPA list 2024-11-25.",
)
sub(
    "DAQO-XJ",
    "DAQO-PARENT",
    "Daqo New Energy Corp.",
    "affiliate",
    [],
    "Parent of the listed Xinjiang entity (NYSE: DQ); not itself shown as listed.",
    "medium",
    scope_note="REVIEW: polysilicon from the Daqo group is likely of Xinjiang origin.",
    review=True,
    derive_core=False,
)
ent(
    "EASTHOPE-XJ",
    "Xinjiang East Hope Nonferrous Metals Co., Ltd.",
    UF_EL,
    C_UFLPA + " " + C_EL2021_06,
    "high",
    scope_note=SCOPE_UFLPA + " " + SCOPE_EL,
    derive_core=False,
    near_miss=["Xinjiang Nonferrous"],
    notes="Aluminium / silicon metal. 'Xinjiang Nonferrous' is NOT an alias (removed 2024-11).",
)
ent(
    "GCL-XJ",
    "Xinjiang GCL New Energy Material Technology Co., Ltd.",
    UF_EL,
    C_UFLPA + " " + C_EL2021_06,
    "high",
    scope_note=SCOPE_UFLPA + " " + SCOPE_EL,
    derive_core=False,
    notes="Polysilicon. Parent GCL Technology Holdings not shown as listed: review.",
)
ent(
    "XPCC",
    "Xinjiang Production and Construction Corps",
    [lst("UFLPA", "2022-06-21"), lst("BIS-EL", "2021-06-24"), lst("OFAC-SDN", "2020-07-31")],
    C_UFLPA + " " + C_EL2021_06 + " OFAC Global Magnitsky 2020-07-31.",
    "high",
    scope_note=SCOPE_UFLPA + " " + SCOPE_EL,
    aliases=[
        al("XPCC", "short"),
        al("Bingtuan", "short", "medium"),
        al("China Xinjian Group", "trade", "medium"),
        al("新疆生产建设兵团", "cjk", "medium"),
    ],
    derive_core=False,
    notes="Many XPCC subsidiaries exist; OFAC 50% rule applies to the SDN listing.",
)
ent(
    "CAMEL",
    "Camel Group Co., Ltd.",
    [lst("UFLPA", "2023-08-02")],
    C_UFLPA,
    "high",
    scope_note=SCOPE_UFLPA,
    aliases=[al("骆驼集团", "cjk", "medium")],
    derive_core=False,
    notes="Lead-acid automotive batteries. Bare 'Camel' is a common word: full name only.",
)
ent(
    "NINESTAR",
    "Ninestar Corporation",
    [lst("UFLPA", "2023-06-12")],
    C_UFLPA,
    "high",
    scope_note=SCOPE_UFLPA,
    aliases=[al("Ninestar", "short"), al("纳思达", "cjk", "medium")],
    notes="Printers, cartridges and chips; eight subsidiaries listed (names from recall).",
)
for sid, sname, conf, extra, pats, note in [
    (
        "PANTUM",
        "Zhuhai Pantum Electronics Co., Ltd.",
        "medium",
        [al("Pantum", "brand", "medium")],
        [],
        "Printer brand.",
    ),
    (
        "APEX",
        "Zhuhai Apex Microelectronics Co., Ltd.",
        "medium",
        [al("Apex Microelectronics", "short", "medium")],
        [],
        "MCU/SoC and printer-consumable chips. Bare 'Apex' is far too common.",
    ),
    (
        "GEEHY",
        "Geehy Semiconductor Co., Ltd.",
        "low",
        [al("Geehy", "brand", "low"), al("极海半导体", "cjk", "low")],
        [
            pat(
                r"(?<![A-Z0-9])APM32[A-Z][0-9]{3}[A-Z0-9]*",
                ["APM32F103C8T6", "APM32F003F6P6"],
                ["STM32F103C8T6", "AT32F403A"],
                "low",
                "Geehy APM32 MCUs; Geehy's listing is from recall.",
                label="MCU pattern APM32…",
            )
        ],
        "APM32 MCUs (STM32-compatible). Membership in the listed eight from recall: VERIFY.",
    ),
    ("INFOTECH", "Zhuhai Ninestar Information Technology Co., Ltd.", "low", [], [], ""),
    ("MANAGEMENT", "Zhuhai Ninestar Management Co., Ltd.", "low", [], [], ""),
    ("SEINE-PRINTING", "Zhuhai Seine Printing Technology Co., Ltd.", "low", [], [], ""),
    ("SEINE", "Zhuhai Seine Technology Co., Ltd.", "low", [], [], ""),
    ("CHIPJET", "Zhuhai Chipjet Technology Co., Ltd.", "low", [al("Chipjet", "short", "low")], [], ""),
]:
    sub(
        "NINESTAR",
        f"NINESTAR-{sid}",
        sname,
        "subsidiary",
        [lst("UFLPA", "2023-06-12")],
        C_UFLPA,
        conf,
        scope_note=SCOPE_UFLPA,
        aliases=extra,
        patterns=pats,
        derive_core=False,
        notes=(note + " Verify the exact listed name on dhs.gov.").strip(),
    )
ent(
    "ZHONGTAI-XJ",
    "Xinjiang Zhongtai Chemical Co., Ltd.",
    [lst("UFLPA", "2023-06-12")],
    C_UFLPA,
    "high",
    scope_note=SCOPE_UFLPA,
    derive_core=False,
    notes="PVC and chemicals.",
)
ent(
    "JWD",
    "Sichuan Jingweida Technology Group Co., Ltd.",
    [lst("UFLPA", "2023-12-11")],
    C_UFLPA,
    "high",
    scope_note=SCOPE_UFLPA,
    aliases=[
        al("Sichuan Mianyang Jingweida Technology Co., Ltd.", "legal"),
        al("JWD Technology", "trade"),
        al("Jingweida", "short", "medium"),
        al("Mianyang High-tech Zone Jingweida Technology Co., Ltd.", "former"),
    ],
    near_miss=["JWD Inc"],
    notes="Magnetics: network transformers, filters, inductors. Match on name, not part numbers.",
)
ent(
    "JOINWORLD",
    "Xinjiang Zhonghe Co., Ltd.",
    [lst("UFLPA", "2024-11-25")],
    C_UFLPA,
    "high",
    scope_note=SCOPE_UFLPA,
    aliases=[al("Xinjiang Joinworld Co., Ltd.", "legal")],
    derive_core=False,
    notes="High-purity aluminium and electrode foil: aluminium electrolytic capacitor supply chains.",
)
ent(
    "XJNONFERROUS",
    "Xinjiang Nonferrous Metals Industry Group Co., Ltd.",
    [lst("UFLPA", "2024-11-25")],
    C_UFLPA,
    "high",
    scope_note=SCOPE_UFLPA,
    derive_core=False,
    notes="Mining/processing. Subsidiaries Western Gold Co., Ltd. and its Hami and Karamay Hatu gold mines "
    "also listed.",
)
ent(
    "SHENHUO-XJ",
    "Xinjiang Shenhuo Coal and Electricity Co., Ltd.",
    [lst("UFLPA", "2024-06-12")],
    C_UFLPA,
    "high",
    scope_note=SCOPE_UFLPA,
    derive_core=False,
    notes="Electrolytic aluminium, graphite carbon.",
)
ent(
    "JASOLAR-DH",
    "Donghai JA Solar Technology Co., Ltd.",
    [lst("UFLPA", "2025-01-15")],
    C_UFLPA,
    "high",
    scope_note=SCOPE_UFLPA,
    derive_core=False,
    notes="Only the Donghai entity is named; the JA Solar parent is a review item.",
)
sub(
    "JASOLAR-DH",
    "JASOLAR-PARENT",
    "JA Solar Technology Co., Ltd.",
    "affiliate",
    [],
    "Parent of the listed Donghai plant; only Donghai is on the UFLPA list (Jan-2025 additions).",
    "high",
    scope_note="REVIEW, not a hit: ask for the plant of origin.",
    aliases=[al("JA Solar", "short", "high")],
    review=True,
    derive_core=False,
)
ent(
    "HYSOLAR",
    "Hongyuan Green Energy Co., Ltd.",
    [lst("UFLPA", "2025-01-15")],
    C_UFLPA,
    "high",
    scope_note=SCOPE_UFLPA,
    aliases=[
        al("HY Solar", "short"),
        al("Hoyuan Green Energy Co., Ltd.", "legal"),
        al("Wuxi Shangji CNC Co., Ltd.", "former"),
        al("Wuxi Shangji Automation Co., Ltd.", "former"),
        al("Wuxi Shangji Grinding Machine Co., Ltd.", "former"),
    ],
    notes="Crystalline silicon, wafers, cells, modules.",
)
sub(
    "HYSOLAR",
    "HYSOLAR-BAOTOU",
    "Hongyuan New Materials (Baotou) Co., Ltd.",
    "subsidiary",
    [lst("UFLPA", "2025-01-15")],
    C_UFLPA,
    "high",
    scope_note=SCOPE_UFLPA,
    derive_core=False,
)

# ======================================================================================================
# Near misses: real, unrelated companies whose names look like listed ones
# ======================================================================================================
NEAR_MISSES = [
    (
        "Zetex Semiconductors plc",
        ["ZTE"],
        "Never flag; ZTE matches only as a whole word; ZX29… is not ZXT/ZXM/ZXCT.",
    ),
    ("Diodes Incorporated", ["ZTE"], "Never flag (Zetex-heritage ZX parts)."),
    (
        "Hua Hong Semiconductor",
        ["HUAWEI", "HUAWEI-HISILICON"],
        "Not Huawei; re-check the CSL for legacy fabs.",
    ),
    ("Shanghai Huahong Grace Semiconductor Manufacturing", ["HUAWEI"], "Not Huawei."),
    ("Shanghai Huali Microelectronics", ["HUAWEI"], "Not Huawei."),
    ("Holt Integrated Circuits", ["HUAWEI-HISILICON"], "HI-35xx ARINC-429 parts are not HiSilicon."),
    ("Goke Microelectronics", ["HUAWEI-HISILICON"], "Separate company; the camera maker may still matter."),
    ("Maxim Integrated", ["HIKVISION"], "DS-series ICs without a hyphen are not Hikvision."),
    ("Analog Devices", ["HIKVISION"], "DS-series ICs without a hyphen are not Hikvision."),
    (
        "IPC (Association Connecting Electronics Industries)",
        ["DAHUA", "HIKVISION-HILOOK"],
        "IPC-A-610 etc. are standards.",
    ),
    ("Aosong", ["DAHUA"], "DHT11/DHT22 sensors are not Dahua."),
    ("Xi'an Dahua Shidai Network Technology Co., Ltd.", ["DAHUA"], "Unrelated software firm."),
    ("Sensirion AG", ["SENSETIME"], "Never flag."),
    ("Megger Group Limited", ["MEGVII"], "Never flag."),
    ("HiKOKI", ["HIKVISION"], "Power tools (Koki Holdings); never a 'HIK' substring rule."),
    ("Hisense", ["HUAWEI-HISILICON", "HIKVISION"], "Never prefix-match 'Hi'."),
    ("Shenzhen Hi-Link Electronic", ["HUAWEI-HISILICON", "HIKVISION"], "Unrelated module maker."),
    ("Kirin Holdings", ["HUAWEI-HISILICON"], "Chip family names need a model number."),
    ("Ascend Performance Materials", ["HUAWEI-HISILICON"], "Chip family names need a model number."),
    (
        "Quectel Wireless Solutions",
        ["HUAWEI", "ZTE"],
        "Not a Huawei or ZTE company (a HiSilicon/ZTE die inside is a datasheet question); Quectel itself is on "
        "the DoD 1260H list since 2025-01-07 and is flagged as such.",
    ),
    (
        "Lierda Science & Technology",
        ["HUAWEI-HISILICON"],
        "Module maker not listed; the HiSilicon die inside may matter: REVIEW.",
    ),
    ("Honeywell", ["DAHUA"], "Model-level OEM question only; never flag by name."),
    ("IndigoVision", ["DAHUA"], "Pre-2021 relabelled models only."),
    ("Amcrest", ["DAHUA"], "Not Dahua-owned; model-level question."),
    ("JA Solar Technology Co., Ltd.", ["JASOLAR-DH"], "REVIEW: ask for the plant of origin."),
    ("Daqo New Energy Corp.", ["DAQO-XJ"], "REVIEW: polysilicon likely of Xinjiang origin."),
    ("Xinjiang Nonferrous", ["EASTHOPE-XJ", "XJNONFERROUS"], "Map only full names."),
    (
        "Hefei Meiya Optoelectronic Technology Inc.",
        ["MEIYAPICO"],
        "Match Meiya Pico only with 'Pico' or 美亚柏科.",
    ),
    ("Yixin (generic)", ["YIXIN"], "Require the full name 'Yixin Science and Technology'."),
]


def _hisilicon_first(entities: list[dict]) -> list[dict]:
    """Huawei's affiliates with HiSilicon first (the chip maker is what an electronics BOM names most)."""
    ids = [e["id"] for e in entities]
    if "HUAWEI" not in ids or "HUAWEI-HISILICON" not in ids:
        return entities
    hisilicon = entities[ids.index("HUAWEI-HISILICON")]
    rest = [e for e in entities if e is not hisilicon]
    at = [e["id"] for e in rest].index("HUAWEI") + 1
    return [*rest[:at], hisilicon, *rest[at:]]


# ======================================================================================================
# DoD section 1260H: every company of the latest edition, from tests/tools/watchlist_data/dod-1260h.csv
# (derived from the DoD's publication by derive_1260h.py); a company already above gains the membership.
# ======================================================================================================
DOD_1260H_TABLE = Path(__file__).resolve().parent / "watchlist_data" / "dod-1260h.csv"
_LEGAL_WORDS = {
    "co", "ltd", "company", "limited", "corp", "corporation", "inc", "group", "plc", "llc", "holding", "holdings"
}  # fmt: skip


def _name_key(name: str) -> str:
    """A spelling-blind key (case, apostrophes, a trailing '(ACRONYM)', legal forms) to find a company again."""
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name.replace("\u2019", "'"))
    return " ".join(w for w in re.findall(r"[a-z0-9]+", name.casefold()) if w not in _LEGAL_WORDS)


def _acronym(alias: str) -> bool:
    """Short letter codes ('BOE', 'CEC', 'CATL') also name unrelated firms: a match on one alone is for review."""
    return " " not in alias and len(alias) <= 5


def _slug(name: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", _name_key(name).upper()).strip("-")


def add_dod_1260h(entities: list[dict], table: Path = DOD_1260H_TABLE) -> None:
    """Bring the entities in line with the latest DoD 1260H edition: add the companies not yet present (under
    their listed parent when the list names one), give present ones the membership with its date and source,
    and take the membership from companies the DoD has since removed (their notes keep the dates)."""
    with table.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_key: dict[str, dict] = {}
    for e in entities:
        # The curated entities' letter codes (DJI, SMIC) were chosen by hand: a DoD row with the same code is
        # the same company. Codes the DoD gives new entries are not used to find others.
        for n in [e["name"], *(a["name"] for a in e["aliases"])]:
            by_key.setdefault(_name_key(n), e)

    curated = dict(by_key)

    def find(row: dict) -> dict | None:
        names = [n for n in [row["name"], *row["former_names"].split("; ")] if n]
        found = next((by_key[_name_key(n)] for n in names if _name_key(n) in by_key), None)
        if found is None:  # a DoD alias finds only a curated entity, never another DoD row's name
            aliases = [a for a in row["aliases"].split("; ") if a]
            found = next((curated[_name_key(a)] for a in aliases if _name_key(a) in curated), None)
        return found

    listed_now: set[str] = set()

    current = [r for r in rows if r["status"] == "current"]
    # Parents first, so a subsidiary finds its parent's entity.
    for row in sorted(current, key=lambda r: bool(r["parent"])):
        citation = f"DoD s.1260H list, edition {max(r['first_listed'] for r in current)}"
        url = row["source_url"] or next((r["source_url"] for r in current if r["source_url"]), "")
        listing = lst("DOD-1260H", row["first_listed"])
        found = find(row)
        if found is not None:
            listed_now.add(found["id"])
            if "DOD-1260H" not in [x["code"] for x in found["lists"]]:
                if found["review"] and not found["lists"]:
                    # A review row kept because the company was not named itself: now the DoD names it.
                    found["review"] = False
                    found["notes"] = (
                        found["notes"] + f" Named on the DoD 1260H list since {row['first_listed']}."
                    ).strip()
                found["lists"].append(listing)
                found["citation"] = (found["citation"] + " " + C_1260H).strip()
                found["scope_note"] = (found["scope_note"] + " " + SCOPE_1260H).strip()
            else:
                for x in found["lists"]:
                    if x["code"] == "DOD-1260H" and (not x["date"] or row["first_listed"] < x["date"]):
                        x["date"] = row["first_listed"]
            continue
        parent = by_key.get(_name_key(row["parent"])) if row["parent"] else None
        aliases = [al(a, "short", "medium", review=_acronym(a)) for a in row["aliases"].split("; ") if a]
        aliases += [al(f, "former", "medium") for f in row["former_names"].split("; ") if f]
        entity_id = "DOD1260H-" + _slug(row["name"])
        taken = {e["id"] for e in entities}
        while entity_id in taken:
            entity_id += "-2"
        ent(
            entity_id,
            row["name"],
            [listing],
            f"{citation} ({url})" if url else citation,
            "high",
            parent_id=parent["id"] if parent else None,
            relationship="subsidiary",
            aliases=aliases,
            derive_core=False,
            notes="Identified by the DoD as a Chinese military company"
            + (f"; parent named by the DoD: {row['parent']}" if row["parent"] else "")
            + ".",
        )
        new = entities[-1] if entities is ENTITIES else ENTITIES.pop()
        if entities is not ENTITIES:
            entities.append(new)
        listed_now.add(new["id"])
        for n in [row["name"], *row["former_names"].split("; ")]:
            if n:
                by_key.setdefault(_name_key(n), new)
    for row in rows:
        if row["status"] != "removed":
            continue
        found = find(row)
        if found is None or found["id"] in listed_now:
            continue
        kept = [x for x in found["lists"] if x["code"] != "DOD-1260H"]
        if len(kept) != len(found["lists"]):
            found["lists"] = kept
            found["notes"] = (
                found["notes"]
                + f" On the DoD 1260H list {row['first_listed']} to {row['left']}; not in later editions."
            ).strip()


def _dod_1260h_named(name: str, table: Path = DOD_1260H_TABLE) -> bool:
    """True when the latest DoD 1260H edition names this company itself: it is no look-alike any more."""
    with table.open(encoding="utf-8", newline="") as fh:
        names = [r["name"] for r in csv.DictReader(fh) if r["status"] == "current"]
    return _name_key(name) in {_name_key(n) for n in names}


def _with_dod_1260h(entities: list[dict]) -> list[dict]:
    import copy

    out = copy.deepcopy(entities)
    add_dod_1260h(out)
    return out


def build() -> dict:
    """Assemble the file content."""
    return {
        "format": "bom-auditor-watchlist/1",
        "name": "BOM Auditor built-in watchlist",
        "version": VERSION,
        "date": DATE,
        "description": (
            "Companies, brands, subsidiaries and government bodies named on, or covered through, the US Entity "
            "List (BIS-EL), NDAA section 889, the FCC Covered List, the UFLPA Entity List, the DoD 1260H list, "
            "the NS-CMIC list and NDAA section 5949, with Chinese-script names, part-number patterns and known "
            "near misses, for screening bills of materials."
        ),
        "caveats": [
            "A match is a finding for a person to judge, not a verdict: check which list applies and its scope.",
            "Section 889 and the FCC Covered List reach Hikvision, Dahua and Hytera only for public-safety, "
            "government-facility security and critical-infrastructure use.",
            "Names marked medium or low confidence come from secondary sources or recall; verify them against "
            "the Federal Register, fcc.gov, dhs.gov or the trade.gov Consolidated Screening List.",
            "Relabelled products (Honeywell, Amcrest, IndigoVision and others) are a model-level question; those "
            "brands are never flagged by name.",
            "The BIS 50% Affiliates Rule (eff. 2025-09-29) was suspended on 2025-11-10 for one year; re-check after "
            "2026-11-10, when entities 50%-owned by listed parties may become restricted without being named.",
            "FCC dates in late 2025 and 2026 come from a mirror and need checking against fcc.gov.",
        ],
        "list_codes": {
            "BIS-EL": "Commerce Entity List, 15 CFR 744 Supp. 4",
            "NDAA-889": "Pub. L. 115-232 section 889",
            "FCC-CL": "FCC Covered List, 47 CFR 1.50002",
            "UFLPA": "DHS Uyghur Forced Labor Prevention Act Entity List",
            "DOD-1260H": "DoD section 1260H list of Chinese military companies",
            "NS-CMIC": "Treasury Non-SDN Chinese Military-Industrial Complex Companies List",
            "NDAA-5949": "Pub. L. 117-263 section 5949 (semiconductors)",
            "NDAA-1709": "FY2025 NDAA section 1709 (UAS)",
            "OFAC-SDN": "Treasury Specially Designated Nationals list",
            "CBP-WRO": "CBP Withhold Release Order",
        },
        "entities": _hisilicon_first(_with_dod_1260h(ENTITIES)),
        "near_misses": [
            {"name": n, "resembles": r, "handling": h} for n, r, h in NEAR_MISSES if not _dod_1260h_named(n)
        ],
    }


def main() -> int:
    """Write the JSON file and say where."""
    ids = [e["id"] for e in ENTITIES]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        sys.stderr.write(f"duplicate ids: {sorted(dupes)}\n")
        return 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(build(), ensure_ascii=False, indent=1) + "\n"
    OUT.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {OUT} ({len(json.loads(text)['entities'])} entities)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
