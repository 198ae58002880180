"""Frozen entry of the command line (PyInstaller runs this file as the `bom-auditor-cli` executable)."""

from guiapp.cli.main import main

raise SystemExit(main())
