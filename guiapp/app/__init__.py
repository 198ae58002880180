"""Application layer: every use case once (open, lists, screen, decide, re-screen, export, batch) for the window, the CLI and batch alike; no Qt."""
