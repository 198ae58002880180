"""GUI fixtures: small BOM workbooks built in code and a window with a reviewer already named."""

from __future__ import annotations

from pathlib import Path

import pytest
from guihelpers import make_bom

from guiapp.settings import Settings, save_settings


@pytest.fixture
def bom_file(tmp_path) -> Path:
    return make_bom(tmp_path / "board-a.xlsx")


@pytest.fixture
def reviewer(_app_home) -> str:
    save_settings(Settings(reviewer="Tess Tester"))
    return "Tess Tester"


@pytest.fixture
def make_window(qtbot, reviewer):
    from guiapp.gui.mainwindow import MainWindow

    made = []

    def make(offer_resume: bool = False) -> MainWindow:
        w = MainWindow(offer_resume=offer_resume)
        qtbot.addWidget(w)
        w.show()
        made.append(w)
        return w

    yield make
    for w in made:
        w.shutdown()


@pytest.fixture
def window(make_window):
    return make_window()


#: The reason the stand-in for the clearing dialog gives (tests of the dialog itself use the real one).
TEST_CLEAR_REASON = "Another company with a similar name: checked in the test"


@pytest.fixture(autouse=True)
def _clear_reason(request, monkeypatch):
    """F on a confident hit asks for a reason in a modal dialog; GUI tests answer it like a reviewer would.

    Tests marked ``real_reason_dialog`` drive the real dialog with keys instead.
    """
    if request.node.get_closest_marker("real_reason_dialog"):
        return
    from guiapp.gui import reason_dialog

    monkeypatch.setattr(reason_dialog, "ask_clearing_reason", lambda *a, **k: TEST_CLEAR_REASON)


@pytest.fixture(autouse=True, scope="session")
def _english_window(qapp):
    """The window reads English, plurals included ("1 finding", "5 findings"), as the app installs it at start."""
    from guiapp.gui.i18n import install_translators, remove_translators

    install_translators("en")
    yield
    remove_translators()
