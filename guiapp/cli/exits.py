"""Exit statuses of bom-auditor-cli."""

EXIT_CLEAN = 0  # every file fully screened, nothing found
EXIT_HITS = 1  # hits found
EXIT_ERROR = 2  # a usage error, or a file that could not be (fully) screened or written
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports SIGINT
