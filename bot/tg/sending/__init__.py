"""Sending scheduled messages: the rate-limited sender, the due-messages dispatcher and what it sends (nudges, follow-ups, broadcasts)."""
