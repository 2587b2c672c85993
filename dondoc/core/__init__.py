"""Cross-domain infrastructure: settings, database engine and sessions, the model base."""
