"""The audit log: who changed what, when, with the state before and after. Append-only."""
