"""The command line: argument parsing and printing around guiapp.app."""
