"""Review: decisions, their memory across BOMs, the audit session file and carry-over from an earlier audit."""
