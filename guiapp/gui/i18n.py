"""The window's languages: which one to use, and the Qt translators that make it so.

Only the window is translated. What the core writes (hit reasons, the annotated copy, the report, the CLI's
output) stays English on purpose: it is evidence and must read the same for every examiner.

The translations live in resources/i18n (``bom_auditor_<lang>.qm``, made by ``./dev.sh i18n``); English
ships a file too, holding only the plural forms, so "%n finding(s)" reads "1 finding" and "5 findings".
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from guiapp.model import DECISION_LABELS
from guiapp.resources import resource_path
from guiapp.settings import LANGUAGES

log = logging.getLogger(__name__)

#: Overrides the language chosen in Settings (tests and screenshots): "en" or "de".
LANG_ENV = "BOM_AUDITOR_LANG"
LANGUAGE_NAMES = {
    "": QT_TRANSLATE_NOOP("Languages", "System default"),
    # A language's own name stays untranslated, so a person can find theirs in any language.
    "en": "English",
    "de": "Deutsch",
}

# The core's decision labels are evidence and stay English there; the window shows them translated.
_DECISION_LABELS_TR = (
    QT_TRANSLATE_NOOP("Decisions", "Pending"),
    QT_TRANSLATE_NOOP("Decisions", "Confirmed"),
    QT_TRANSLATE_NOOP("Decisions", "False positive"),
    QT_TRANSLATE_NOOP("Decisions", "Escalated"),
)

_installed: list[QTranslator] = []


# The core's other values (a column's role, a match method, a confidence, a relationship, a kind of party)
# are English words in the evidence and the JSON too; the window shows them in its language, in the short
# lower-case form a table cell uses ("part number", "fuzzy"). A value the core adds later reads as written.
_FIELDS = {
    "manufacturer": QT_TRANSLATE_NOOP("Values", "manufacturer"),
    "part_number": QT_TRANSLATE_NOOP("Values", "part number"),
    "description": QT_TRANSLATE_NOOP("Values", "description"),
    "supplier": QT_TRANSLATE_NOOP("Values", "supplier"),
    "text": QT_TRANSLATE_NOOP("Values", "free text"),
}
# "part number" as a method would read like the Field column beside it: a pattern is what matched.
_METHODS = {
    "exact": QT_TRANSLATE_NOOP("Values", "exact"),
    "alias": QT_TRANSLATE_NOOP("Values", "alias"),
    "fuzzy": QT_TRANSLATE_NOOP("Values", "fuzzy"),
    "part_number": QT_TRANSLATE_NOOP("Values", "pattern"),
    "description": QT_TRANSLATE_NOOP("Values", "description"),
}
_CONFIDENCES = {
    "high": QT_TRANSLATE_NOOP("Values", "high"),
    "medium": QT_TRANSLATE_NOOP("Values", "medium"),
    "low": QT_TRANSLATE_NOOP("Values", "low"),
}
_RELATIONSHIPS = {
    "self": QT_TRANSLATE_NOOP("Values", "listed itself"),
    "subsidiary": QT_TRANSLATE_NOOP("Values", "subsidiary"),
    "brand": QT_TRANSLATE_NOOP("Values", "brand"),
    "affiliate": QT_TRANSLATE_NOOP("Values", "affiliate"),
    "subordinate": QT_TRANSLATE_NOOP("Values", "subordinate"),
}
_PARTIES = {
    "organisation": QT_TRANSLATE_NOOP("Values", "organisations"),
    "person": QT_TRANSLATE_NOOP("Values", "persons"),
    "vessel": QT_TRANSLATE_NOOP("Values", "vessels"),
    "aircraft": QT_TRANSLATE_NOOP("Values", "aircraft"),
}


def _value(words: dict[str, str], value: str) -> str:
    return QCoreApplication.translate("Values", words.get(value, value.replace("_", " ")))


def decision_label(status: str) -> str:
    """The label of a decision status in the window's language (the core's English label, translated)."""
    return QCoreApplication.translate("Decisions", DECISION_LABELS.get(status, status))


def field_text(field: str) -> str:
    """A column role or hit field ("part_number") as the window says it ("part number", "Teilenummer")."""
    return _value(_FIELDS, field)


def method_text(method: str) -> str:
    """A match method as a short word for a table cell ("part_number" reads "pattern")."""
    return _value(_METHODS, method)


def confidence_text(confidence: str) -> str:
    """The confidence of list data ("high", "medium", "low") in the window's language."""
    return _value(_CONFIDENCES, confidence)


def relationship_text(relationship: str) -> str:
    """How a list entry relates to its parent ("subsidiary") in the window's language."""
    return _value(_RELATIONSHIPS, relationship)


def party_text(party: str) -> str:
    """A kind of listed party, plural as in "12 persons", in the window's language."""
    return _value(_PARTIES, party)


def resolve_language(setting: str = "") -> str:
    """The language to use: BOM_AUDITOR_LANG, else the setting, else the system's when we speak it."""
    for choice in (os.environ.get(LANG_ENV, ""), setting):
        code = choice.strip().lower()[:2]
        if code in LANGUAGES and code:
            return code
    for name in QLocale.system().uiLanguages():
        code = name.lower()[:2]
        if code in LANGUAGES and code:
            return code
        if code:
            break  # the system's first language is one we do not speak: English
    return "en"


def install_translators(language: str) -> str:
    """Install the window's translators for ``language`` ("" = system) on the running application.

    Replaces translators installed by an earlier call. Returns the language code in use.
    """
    app = QCoreApplication.instance()
    code = resolve_language(language)
    remove_translators()
    files = [(resource_path("i18n"), f"bom_auditor_{code}")]
    if code != "en":
        # Qt's own texts (standard buttons of message boxes and file dialogs) when Qt ships them.
        files.append((QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), f"qtbase_{code}"))
    for folder, name in files:
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.warning("no translation %s in %s", name, folder)
    QLocale.setDefault(QLocale(code))
    log.info("window language: %s", code)
    return code


def remove_translators() -> None:
    """Take back every translator install_translators installed (the window reads English again)."""
    app = QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
