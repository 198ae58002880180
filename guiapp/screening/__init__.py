"""Screening: a Bom and a Matcher in, a FileResult with explained Hits and coverage out."""
