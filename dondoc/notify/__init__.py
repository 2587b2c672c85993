"""Reminders: an outbox of messages decided by the reminder job and delivered by SMTP."""
