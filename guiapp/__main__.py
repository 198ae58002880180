"""`python -m guiapp` opens the window (the CLI is `bom-auditor-cli`)."""

from guiapp.gui.app import main

raise SystemExit(main())
