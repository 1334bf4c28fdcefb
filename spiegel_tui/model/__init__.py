"""The session document and its logic. Never imports textual (a test enforces it)."""
