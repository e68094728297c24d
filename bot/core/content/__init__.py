"""Operators' content: loading and validating content/, the texts, answer topics and their search, tips, and previews. Pure: never imports telegram."""
