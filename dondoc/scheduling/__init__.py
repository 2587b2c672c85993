"""Scheduled jobs run once per interval across every process of a deployment."""
