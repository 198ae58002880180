"""`python -m guiapp.cli` runs the command line."""

import sys

from guiapp.cli.main import main

sys.exit(main())
