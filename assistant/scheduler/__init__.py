"""Persistent scheduled jobs (briefings, digests, reminders) per customer time zone."""
