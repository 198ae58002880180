"""Normalisation: each folding step, legal forms, and properties that must always hold."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from guiapp.matching.normalize import fold, leet_key, normalize, strip_legal_forms


def test_full_width_and_math_letters_fold_with_a_reason():
    assert normalize("ＨＵＡＷＥＩ").name == "huawei"
    assert "full-width" in normalize("ＨＵＡＷＥＩ").tricks[0]
    n = normalize("Hikvisio𝗻")
    assert n.name == "hikvision"
    assert "mathematical" in n.tricks[0]


def test_zero_width_soft_hyphen_and_marks_are_removed():
    assert normalize("Dahu\u200ba").tricks == ("zero-width character removed",)
    assert normalize("Dahu\u200ba").name == "dahua"
    assert normalize("Hik\u00advision").name == "hikvision"
    assert normalize("Hikvisio\u0301n").name == "hikvision"
    assert normalize("Hikvisión").name == "hikvision"


def test_cyrillic_and_greek_look_alikes_read_as_latin():
    n = normalize("Hіkvision")  # Cyrillic i
    assert n.name == "hikvision"
    assert n.tricks == ("Cyrillic 'і' read as 'i'",)
    assert normalize("ΗΙΚVΙSΙΟΝ").name == "hikvision"
    assert normalize("ZТЕ").name == "zte"


def test_punctuation_spaces_and_spaced_letters():
    assert fold("Hik-Vision,  Co.")[0] == "hik vision co"
    assert normalize("H i k v i s i o n").name == "hikvision"
    assert normalize("Hi-Z buffer").name == "hi z buffer"


def test_legal_forms_removed_repeatedly_never_to_empty():
    assert strip_legal_forms("hello world co ltd") == "hello world"
    assert strip_legal_forms("acme group co ltd") == "acme"
    assert strip_legal_forms("co ltd")
    assert normalize("COOP").name == "coop"
    assert normalize("Co. Ltd.").name
    assert normalize("华为技术有限公司").name == "华为技术"
    assert normalize("浙江大华技术股份有限公司").name == "浙江大华技术"


def test_leet_key():
    assert leet_key("h1kv1si0n") == "hikvision"


@given(st.text(max_size=40))
@example("A::A::A::¼")  # 'a a a 14' once: single letters split off by wide gaps, joined on a second pass
def test_never_raises_and_idempotent(text):
    n = normalize(text)
    assert normalize(n.folded).folded == n.folded
    assert fold(n.folded)[0] == n.folded


@given(st.text(alphabet=st.characters(categories=("Lu", "Ll", "Nd")), min_size=1, max_size=30))
def test_never_empty_for_alphanumeric_input(text):
    assert normalize(text).name
