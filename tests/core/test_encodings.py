"""Text BOMs in legacy encodings: the decoded text is right on short and long BOM-like files, and a doubtful
guess gives a warning naming the file and the encoding, and the file is never reported as clear."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from guiapp.ingest.text_tables import decode_text

# Cells as BOMs hold them, per script: makers, descriptions, the listed names people type.
WORDS = {
    "zh_hans": [
        "大华",
        "华为技术有限公司",
        "电阻",
        "贴片电容",
        "深圳市电子科技有限公司",
        "连接器",
        "晶体振荡器",
        "二极管",
        "海康威视",
        "中兴通讯",
        "开关电源模块",
        "排针",
        "北京",
        "上海",
        "备注",
        "数量",
        "型号",
    ],
    "zh_hant": [
        "大華",
        "華為技術有限公司",
        "電阻",
        "貼片電容",
        "台灣電子股份有限公司",
        "連接器",
        "晶體振盪器",
        "二極體",
        "海康威視",
        "中興通訊",
        "開關電源模組",
        "排針",
        "台北",
        "新竹",
        "備註",
        "數量",
        "型號",
    ],
    "ja": [
        "村田製作所",
        "抵抗器",
        "コンデンサ",
        "株式会社",
        "東京",
        "コネクタ",
        "水晶振動子",
        "ダイオード",
        "部品",
        "品番",
        "数量",
        "メーカー",
        "セラミック",
        "チップ抵抗",
        "大阪",
        "日本電気",
        "トランジスタ",
    ],
    "ko": [
        "저항",
        "커패시터",
        "삼성전기",
        "주식회사",
        "서울",
        "커넥터",
        "다이오드",
        "부품",
        "수량",
        "제조사",
        "트랜지스터",
        "세라믹",
        "칩 저항",
        "엘지이노텍",
        "비고",
        "모듈",
        "스위치",
    ],
    "ru": [
        "Резистор",
        "Конденсатор",
        "Микросхема",
        "Разъём",
        "Диод",
        "Транзистор",
        "Кварцевый резонатор",
        "Производитель",
        "Количество",
        "ООО Ангстрем",
        "Москва",
        "керамический",
        "Примечание",
        "Модуль",
    ],
    "west": [
        "Widerstand",
        "Kondensator",
        "Müller GmbH",
        "Straße",
        "Résistance",
        "Condensateur",
        "Société Générale",
        "Schraube Ø3",
        "10µF ±10%",
        "Temp. −40…85°C",
        "Größe",
        "Français",
        "Niño",
        "Überspannungsschutz",
    ],
}
ENCODINGS = {
    "shift_jis": "ja",
    "euc_jp": "ja",
    "gb18030": "zh_hans",
    "gbk": "zh_hans",
    "big5": "zh_hant",
    "euc_kr": "ko",
    "cp1251": "ru",
    "koi8_r": "ru",
    "cp1252": "west",
    "latin-1": "west",
}
ASCII_PARTS = [
    "RC0603FR-0710KL",
    "GRM188R71H104KA93D",
    "EG25-G",
    "STM32F103C8T6",
    "10k",
    "100nF",
    "0603",
    "1%",
]


def sample_text(language: str, rows: int, seed: int) -> str:
    """A CSV BOM of `rows` rows whose maker or description cells are in `language`."""
    rng = random.Random(seed)
    words = WORDS[language]
    lines = ["Ref,Qty,Manufacturer,Part Number,Description"]
    for i in range(rows):
        lines.append(
            f"R{i + 1},{rng.randint(1, 20)},{rng.choice(words)},{rng.choice(ASCII_PARTS)},"
            f"{rng.choice(words)} {rng.choice(ASCII_PARTS)}"
        )
    return "\r\n".join(lines) + "\r\n"


def encodable(text: str, encoding: str) -> str | None:
    """The text when the encoding can hold it (latin-1 cannot hold '−' or '…'), else None."""
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return None
    return text


def cases():
    """(label, bytes, expected text) over every encoding, short (1-2 rows) and long (40 rows), many seeds."""
    out = []
    for encoding, language in ENCODINGS.items():
        for rows in (1, 2, 40):
            for seed in range(12):
                text = sample_text(language, rows, seed)
                if encoding in ("latin-1", "koi8_r", "cp1251", "cp1252"):
                    text = "".join(c if encodable(c, encoding) else "-" for c in text)
                out.append((f"{encoding}-{rows}-{seed}", text.encode(encoding), text))
    for language in ("zh_hans", "ja", "ru", "west"):
        for seed in range(4):
            text = sample_text(language, 2, seed)
            out.append((f"utf-8-{language}-{seed}", text.encode("utf-8"), text))
            out.append((f"utf-8-sig-{language}-{seed}", codecs.BOM_UTF8 + text.encode("utf-8"), text))
            out.append((f"utf-16-{language}-{seed}", text.encode("utf-16"), text))
            out.append((f"utf-16-le-{language}-{seed}", text.encode("utf-16-le"), text))
            out.append((f"utf-16-be-{language}-{seed}", text.encode("utf-16-be"), text))
    return out


def accuracy(decode) -> tuple[float, list[str]]:
    wrong = [label for label, data, text in cases() if decode(data) != text]
    return 1 - len(wrong) / len(cases()), wrong


def test_generated_samples_decode_right_in_every_encoding():
    rate, wrong = accuracy(lambda data: decode_text(data)[0])
    assert rate >= 0.98, (rate, wrong)


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_each_encoding_is_read_right_on_short_files(encoding):
    language = ENCODINGS[encoding]
    wrong = []
    for seed in range(12):
        text = sample_text(language, 1, seed)
        if encoding in ("latin-1", "koi8_r", "cp1251", "cp1252"):
            text = "".join(c if encodable(c, encoding) else "-" for c in text)
        if decode_text(text.encode(encoding))[0] != text:
            wrong.append(seed)
    assert len(wrong) <= 1, (encoding, wrong)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Manufacturer,Part\r\n大华,DH-IPC-HFW1230S\r\n", "gb18030"),
        ("Manufacturer,Part\r\n华为,ABC\r\n", "gbk"),
        ("廠商,料號\r\n台灣,ABC\r\n", "big5"),
        ("Производитель\r\nАнгстрем\r\n", "cp1251"),
    ],
)
def test_the_short_samples_of_the_issue(text, encoding):
    assert decode_text(text.encode(encoding))[0] == text


def test_plain_western_text_is_not_doubtful():
    text, name, doubtful = decode_text("Maker,Desc\r\nMüller GmbH,Schraube Ø3 10µF ±10%\r\n".encode("cp1252"))
    assert name == "cp1252" and not doubtful and "Müller" in text


def test_two_bytes_that_may_be_one_cjk_character_are_doubtful():
    _, name, doubtful = decode_text("Maker\r\n华\r\n".encode("gb18030"))
    assert doubtful, name


def test_a_doubtful_file_warns_and_is_not_clear(tmp_path: Path):
    from guiapp.lists.watchlist import load_builtin
    from guiapp.matching.matcher import Matcher
    from guiapp.model import ScreenOptions
    from guiapp.screening.screen import screen_file

    path = tmp_path / "short.csv"
    path.write_bytes("Manufacturer,Part\r\nAcme,X1\r\n华,Y2\r\n".encode("gb18030"))
    result = screen_file(path, Matcher([load_builtin()]), ScreenOptions())
    assert result.encoding_doubtful and not result.hits
    assert result.coverage == "partly screened"
    assert any("short.csv" in w and "doubtful" in w and "cp1252" in w for w in result.warnings), (
        result.warnings
    )


def test_the_cli_exits_2_on_a_doubtful_file_without_hits(tmp_path: Path, capsys):
    import json

    from guiapp.cli.main import main

    path = tmp_path / "short.csv"
    path.write_bytes("Manufacturer,Part\r\nAcme,X1\r\n华,Y2\r\n".encode("gb18030"))
    code = main(["screen", "--json", str(path)])
    doc = json.loads(capsys.readouterr().out)
    (entry,) = doc["files"]
    assert code == 2 and entry["coverage"] == "partly screened"
    assert any("short.csv" in w and "cp1252" in w for w in entry["warnings"])


def test_the_cli_finds_dahua_in_a_short_gb18030_file(tmp_path: Path, capsys):
    import json

    from guiapp.cli.main import main

    path = tmp_path / "gb.csv"
    path.write_bytes(
        "Manufacturer,Part\r\n浙江大华,DH-IPC-HFW1230S\r\nYAGEO,RC0402FR-0710KL\r\n".encode("gb18030")
    )
    code = main(["screen", "--json", str(path)])
    doc = json.loads(capsys.readouterr().out)
    (entry,) = doc["files"]
    assert code == 1
    assert any(h["parent_id"] == "DAHUA" and h["value"] == "浙江大华" for h in entry["hits"]), entry["hits"]


def test_a_long_file_cut_inside_a_character_for_the_guess_is_still_read_right():
    text = sample_text("zh_hans", 9000, 1)
    data = text.encode("gb18030")
    assert len(data) > 262_144
    for cut in range(4):  # move where the 256 KB sample ends relative to the two-byte characters
        padded = b"x" * cut + data
        decoded, name, _ = decode_text(padded)
        assert name == "gb18030" and decoded == "x" * cut + text


@pytest.mark.parametrize("word", ["0Xßßßß", "aßßßß", "Xßß", "MÜLLER", "Größe", "éa"])
def test_a_western_word_with_plain_letters_stays_western(word):
    data = f"0,0\r\n0,{word}\r\n".encode("cp1252")
    text, name, _ = decode_text(data)
    assert name == "cp1252" and word in text
