"""Lists: the built-in watchlist, importers for published list files, and the store of kept lists."""
