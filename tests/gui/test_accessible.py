"""Every control of the window and of each dialog has an accessible name a screen reader can say."""

from __future__ import annotations

from guihelpers import open_and_wait
from PySide6.QtWidgets import QDialog, QWidget

from guiapp.gui import accessible


def _unnamed(root: QWidget) -> list[str]:
    return [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in accessible.controls(root)
        if not w.accessibleName().strip()
    ]


def test_every_control_of_the_window_is_named(window, qtbot, bom_file):
    open_and_wait(qtbot, window, [bom_file])
    assert accessible.controls(window), "the walk found no control at all"
    assert _unnamed(window) == []
    # The ones a reviewer works in also say what their keys do.
    assert "C confirmed" in window.hits_view.accessibleDescription()
    assert window.view.findings.filter_edit.accessibleName() == "Filter findings"


def test_every_control_of_each_dialog_is_named(window, qtbot, bom_file, monkeypatch):
    open_and_wait(qtbot, window, [bom_file])
    seen: dict[str, list[str]] = {}

    def exec_(dlg: QDialog) -> int:
        dlg.show()  # named when shown, as when a person opens it
        seen[type(dlg).__name__] = _unnamed(dlg)
        dlg.hide()
        return 0

    monkeypatch.setattr(QDialog, "exec", exec_)
    for action in (window.settings_action, window.watchlists_action):
        action.trigger()
    window.sessions.show_about()
    window.batch_action.trigger()  # a modeless dialog, opened with open()
    batch = window.screening.batch_dialog
    seen[type(batch).__name__] = _unnamed(batch)
    batch.close()
    assert {"SettingsDialog", "WatchlistsDialog", "BatchDialog"} <= seen.keys()
    assert all(not unnamed for unnamed in seen.values()), seen
