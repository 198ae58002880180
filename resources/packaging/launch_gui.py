"""Frozen entry of the window (PyInstaller runs this file as the `bom-auditor` executable)."""

from guiapp.gui.app import main

raise SystemExit(main())
