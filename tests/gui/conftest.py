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
