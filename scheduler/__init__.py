"""Pure schedule maths and settings parsing: local times, weekdays, quiet hours, pauses, follow-ups, progress
streaks and the send rate limiter. Imports neither telegram nor storage."""
