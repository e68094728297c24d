"""Nudges: planning each subscriber's next slots and summarising what they did with them. Pure: never imports telegram."""
