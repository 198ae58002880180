"""Word classes of company names, the weight each class carries, and abbreviations folded before comparing.

Legal forms and connecting words (GENERIC_WORDS) weigh almost nothing, domain words of electronics and
industry company names (DOMAIN_WORDS) little, leading places (PLACE_WORDS) some; any other word is
distinctive, and only a distinctive word can make a near match. ABBREVIATIONS folds short spellings ("tech",
"intl", "mfg") to one form; canon() and word_class_weight() apply the two tables to one token. The name
index and the part-number clearance read these tables; the module holds no state.
"""

from __future__ import annotations

from functools import cache

#: Legal forms and connecting words: almost no weight.
GENERIC_WORDS = frozenset(
    [
        "co",
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "company",
        "llc",
        "gmbh",
        "ag",
        "sa",
        "bv",
        "nv",
        "plc",
        "pte",
        "pty",
        "srl",
        "spa",
        "kg",
        "oy",
        "and",
        "of",
        "the",
        "a",
        "an",
        "for",
        "de",
        "la",
        "le",
        "et",
        "und",
        "y",
        "group",
        "holding",
        "holdings",
        "series",
        "products",
        "product",
        "brand",
        "parts",
        "components",
        "oem",
        "original",
        "genuine",
        "enterprise",
        "enterprises",
        "firm",
        "branch",
        "factory",
        "plant",
        "subsidiary",
        "international",
        "global",
        "worldwide",
        "intl",
    ]
)
#: Domain words of electronics/industry company names: low weight, never distinctive.
DOMAIN_WORDS = frozenset(
    [
        "technology",
        "technologies",
        "tech",
        "techn",
        "digital",
        "information",
        "info",
        "communication",
        "communications",
        "comm",
        "comms",
        "telecom",
        "telecommunication",
        "telecommunications",
        "network",
        "networks",
        "networking",
        "science",
        "sciences",
        "scientific",
        "electronic",
        "electronics",
        "electric",
        "electrical",
        "elec",
        "electro",
        "semiconductor",
        "semiconductors",
        "semi",
        "micro",
        "microelectronics",
        "optoelectronic",
        "optoelectronics",
        "system",
        "systems",
        "solution",
        "solutions",
        "intelligent",
        "intelligence",
        "smart",
        "software",
        "hardware",
        "device",
        "devices",
        "equipment",
        "instrument",
        "instruments",
        "industrial",
        "industry",
        "industries",
        "manufacturing",
        "manufacture",
        "trading",
        "trade",
        "import",
        "export",
        "development",
        "research",
        "institute",
        "engineering",
        "new",
        "energy",
        "materials",
        "material",
        "power",
        "vision",
        "video",
        "security",
        "services",
        "service",
        "computing",
        "cloud",
        "data",
        "memory",
        "silicon",
        "mechanics",
        "mechanical",
        "machinery",
        "automation",
        "components",
        "component",
        "integrated",
        "circuit",
        "circuits",
        "chip",
        "chips",
        "wireless",
        "mobile",
        "media",
        "display",
        "optical",
        "photonics",
        "precision",
        "innovation",
        "innovations",
        "labs",
        "lab",
        "works",
        "public",
        "bureau",
        "municipal",
        "municipality",
        "prefecture",
        "autonomous",
        "district",
        "region",
        "regional",
        "government",
        "people",
        "peoples",
        "department",
        "county",
        "city",
        "province",
        "provincial",
    ]
)
#: Places that often lead a company name: some weight, never distinctive alone.
PLACE_WORDS = frozenset(
    [
        "china",
        "chinese",
        "beijing",
        "shanghai",
        "shenzhen",
        "hangzhou",
        "zhejiang",
        "xiamen",
        "guangzhou",
        "guangdong",
        "jiangsu",
        "suzhou",
        "nanjing",
        "wuxi",
        "hefei",
        "anhui",
        "sichuan",
        "chengdu",
        "wuhan",
        "hubei",
        "tianjin",
        "chongqing",
        "dongguan",
        "zhuhai",
        "ningbo",
        "qingdao",
        "shandong",
        "fujian",
        "xian",
        "hunan",
        "changsha",
        "henan",
        "zhengzhou",
        "hebei",
        "liaoning",
        "dalian",
        "shenyang",
        "jilin",
        "harbin",
        "yunnan",
        "guangxi",
        "jiangxi",
        "shanxi",
        "shaanxi",
        "gansu",
        "inner",
        "mongolia",
        "hainan",
        "hong",
        "kong",
        "hongkong",
        "macau",
        "taiwan",
        "taipei",
        "usa",
        "us",
        "america",
        "american",
        "europe",
        "european",
        "eu",
        "asia",
        "asian",
        "pacific",
        "canada",
        "uk",
        "britain",
        "british",
        "japan",
        "korea",
        "germany",
        "india",
        "singapore",
        "netherlands",
        "france",
        "italy",
        "spain",
        "emea",
        "apac",
        "north",
        "south",
        "east",
        "west",
    ]
)
GEO_GENERIC = frozenset(
    {"international", "global", "worldwide", "intl", "europe", "european", "usa", "us", "emea"}
)

#: Abbreviations folded to one spelling before comparison (nomenklatura #245).
ABBREVIATIONS = {
    "tech": "technology", "techn": "technology", "technologies": "technology", "techs": "technology",
    "comm": "communications", "comms": "communications", "communication": "communications",
    "telecomm": "telecommunications", "telecommunication": "telecommunications",
    "grp": "group", "intl": "international", "int": "international", "elec": "electronics",
    "electronic": "electronics", "info": "information", "sci": "science", "sciences": "science",
    "mfg": "manufacturing", "dev": "development", "eqpt": "equipment", "equip": "equipment", "sys": "systems",
    "system": "systems", "corp": "corporation", "co": "company", "ltd": "limited", "inc": "incorporated",
    "semi": "semiconductor", "semiconductors": "semiconductor", "networks": "network", "devices": "device",
    # business abbreviations of registers and shipping lists
    "mgmt": "management", "mgt": "management", "svcs": "services", "svc": "services", "inst": "institute",
    "engg": "engineering", "eng": "engineering", "trdg": "trading", "indl": "industrial", "inds": "industries",
    "avn": "aviation", "natl": "national", "assn": "association", "univ": "university", "hldgs": "holdings",
    "shpg": "shipping", "invt": "investment", "bros": "brothers", "dept": "department", "ctr": "center",
    "centre": "center", "mfrs": "manufacturers", "agcy": "agency", "res": "research", "ent": "enterprise",
}  # fmt: skip

WEIGHT_GENERIC = 0.05
WEIGHT_GEO = 0.1
WEIGHT_DOMAIN = 0.15
WEIGHT_PLACE = 0.3
WEIGHT_COMMON = 0.35  # a token shared by many listed groups (not a place: a core keeps it)
WEIGHT_ORDINARY = 0.5  # an ordinary word of the language ('century', 'crystal'): weak evidence alone
WEIGHT_DISTINCTIVE = 1.0


def canon(token: str) -> str:
    return ABBREVIATIONS.get(token, token)


def word_class_weight(token: str) -> float:
    if token in GENERIC_WORDS or token in legal_tokens():
        return WEIGHT_GEO if token in GEO_GENERIC else WEIGHT_GENERIC
    if token in GEO_GENERIC:
        return WEIGHT_GEO
    if token in DOMAIN_WORDS:
        return WEIGHT_DOMAIN
    if token in PLACE_WORDS:
        return WEIGHT_PLACE
    if token.isdigit():
        return 0.5
    return WEIGHT_DISTINCTIVE


#: Legal forms written before or after a name, by language, as people type them (folded like any value: lower
#: case, punctuation as spaces). Cyrillic forms are folded at first use, since look-alike letters turn 'ООО'
#: into 'ooo' but 'ЗАО' into 'зao'.
LEGAL_FORMS_WRITTEN: tuple[str, ...] = (
    # English
    "co ltd", "co limited", "company limited", "co inc", "corp ltd", "corporation limited", "public company limited",
    "limited liability company", "limited liability partnership", "joint stock company", "open joint stock company",
    "closed joint stock company", "public joint stock company", "joint stock commercial bank",
    "co", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "company", "llc", "l l c", "llp", "lp",
    "plc", "pte ltd", "pte", "pty ltd", "pty", "pvt ltd", "pvt", "private limited", "sdn bhd", "bhd", "fze", "fzco",
    "fzc", "fz llc", "dmcc", "jsc", "ojsc", "cjsc", "pjsc", "joint stock", "public joint stock", "open joint stock",
    "closed joint stock", "limited liability", "limited liability partnership", "public limited company",
    # Russian and Ukrainian in Latin letters
    "ooo", "oao", "zao", "pao", "ao", "too", "tov", "pat", "fgup", "fgbu", "gup", "mup", "chao", "npo", "npp", "nao",
    "obshchestvo s ogranichennoy otvetstvennostyu", "obshchestvo s ogranichennoi otvetstvennostiu",
    "aktsionernoe obshchestvo", "aktsionernoye obshchestvo", "publichnoe aktsionernoe obshchestvo",
    "zakrytoe aktsionernoe obshchestvo", "otkrytoe aktsionernoe obshchestvo", "tovarystvo z obmezhenoiu vidpovidalnistiu",
    # German, French, Spanish, Italian, Dutch, Nordic
    "gmbh", "gmbh and co kg", "gmbh co kg", "gmbh and", "ag", "kg", "ug", "ohg", "e k", "sarl", "s a r l", "sas", "s a s", "sa",
    "s a", "societe anonyme", "societe", "sl", "s l", "slu", "s a u", "sau", "sa de cv", "s a de c v", "s de rl",
    "s de r l de c v", "sociedad anonima", "ltda", "srl", "s r l", "spa", "s p a", "bv", "b v", "nv", "n v", "oy",
    "ab", "as", "a s", "se", "c a", "ca", "e u", "sa de cv", "s a s", "sapi de cv", "cv",
    # Central and Eastern Europe, Turkey, South-East Asia
    "eood", "ood", "ead", "ad", "d o o", "doo", "d d", "dd", "kft", "zrt", "nyrt", "s r o", "sro", "spol s r o",
    "sp z o o", "sp zoo", "uab", "sia", "ou", "limited sirketi", "ltd sti", "anonim sirketi", "as", "pt", "tbk",
    "pt tbk", "sdn", "berhad", "jsc co", "group", "holding", "holdings",
    # Japanese and Korean in Latin letters
    "kabushiki kaisha", "kabushikigaisha", "kk", "k k", "godo kaisha", "yugen kaisha", "chusik hoesa",
    "jusik hoesa", "jusikhoesa", "yuhan hoesa",
)  # fmt: skip
LEGAL_FORMS_CYRILLIC = ("ООО", "ЗАО", "ПАО", "ОАО", "АО", "ФГУП", "ТОО", "ТОВ", "ЧАО", "ПАТ", "ФГБУ", "ГУП")
#: Legal forms in Chinese, Japanese and Korean script, longest first; they are often written onto the name.
LEGAL_FORMS_CJK = (
    "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司", "股份公司", "集团", "公司", "股份",
    "株式会社", "有限会社", "合同会社", "주식회사", "유한회사", "주",
    # what is left of them when normalising took '公司' off the end
    "股份有限", "有限责任", "有限",
)  # fmt: skip


#: Written after a name only: 'Group Lotus' keeps its 'group'.
_END_ONLY = frozenset({("group",), ("holding",), ("holdings",)})


@cache
def legal_form_table() -> dict[str, list[tuple[str, ...]]]:
    """Legal forms as token tuples, keyed by their first and by their last token (longest first)."""
    from guiapp.matching.normalize import fold

    forms = {tuple(f.split()) for f in LEGAL_FORMS_WRITTEN}
    forms.update(tuple(fold(f)[0].split()) for f in LEGAL_FORMS_CYRILLIC)
    forms.update((f,) for f in LEGAL_FORMS_CJK)
    forms.update((canon(f[0]),) for f in list(forms) if len(f) == 1)  # 'co' is folded to 'company' too
    forms.update(tuple(canon(t) for t in f) for f in list(forms))
    table: dict[str, list[tuple[str, ...]]] = {}
    for form in sorted(forms, key=len, reverse=True):
        if form not in _END_ONLY:
            table.setdefault("<" + form[0], []).append(form)
        table.setdefault(">" + form[-1], []).append(form)
    return table


def _split_cjk_suffix(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """A CJK legal form written onto a Latin name ('avtodizel有限会社') becomes its own token."""
    if all(t.isascii() for t in tokens):
        return tokens
    out: list[str] = []
    for t in tokens:
        if t.isascii():
            out.append(t)
            continue
        for form in LEGAL_FORMS_CJK:
            if len(t) > len(form) and t.endswith(form) and t[: -len(form)].isascii():
                out.extend((t[: -len(form)], form))
                break
            if len(t) > len(form) and t.startswith(form) and t[len(form) :].isascii():
                out.extend((form, t[len(form) :]))
                break
        else:
            out.append(t)
    return tuple(out)


def strip_legal(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The name's tokens without legal forms before or after it, in any of the languages above.

    Removes forms repeatedly from both ends ("OOO Romashka", "Romashka GmbH & Co. KG", "株式会社 RIM") but
    never down to nothing: a name that is only legal forms stays as it is.
    """
    if not tokens:
        return tokens
    table = legal_form_table()
    if (
        ("<" + tokens[0]) not in table
        and (">" + tokens[-1]) not in table
        and tokens[-1].isascii()
        and tokens[0].isascii()
    ):
        return tokens
    toks = _split_cjk_suffix(tokens)
    changed = True
    while changed and len(toks) > 1:
        changed = False
        for form in table.get(">" + toks[-1], ()):
            n = len(form)
            if n < len(toks) and toks[-n:] == form:
                toks, changed = toks[:-n], True
                break
        if changed or len(toks) < 2:
            continue
        for form in table.get("<" + toks[0], ()):
            n = len(form)
            if n < len(toks) and toks[:n] == form:
                toks, changed = toks[n:], True
                break
    return toks


@cache
def legal_tokens() -> frozenset[str]:
    """Tokens that are a legal form on their own ('jsc', 'ooo', 'gmbh', 'sarl', '有限公司')."""
    return frozenset(form[0] for forms in legal_form_table().values() for form in forms if len(form) == 1)


@cache
def ordinary_words() -> frozenset[str]:
    """Ordinary words of English and other languages (resources/matching/common-words.txt).

    The background the name index weighs listed words against: a listed name made of one such word
    ('Century', 'Crystal') is evidence of nothing alone. An empty set when the file is missing.
    """
    from guiapp.resources import resource_path

    try:
        text = resource_path("matching", "common-words.txt").read_text(encoding="utf-8")
    except (OSError, FileNotFoundError):
        return frozenset()
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))
