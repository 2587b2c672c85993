"""Reading signed plans: pure functions from a file's text to the extraction contract (no database)."""
