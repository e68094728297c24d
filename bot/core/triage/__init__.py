"""Red-flag triage: the levels and rules, and the two-tier screening of typed messages (patterns, concepts, context, durations, questions). Pure: never imports telegram."""
