"""Matching: normalise names, index the lists, and score BOM cell values against them with a reason."""
