"""Inline keyboards and their button payloads: every callback prefix is defined in callbacks.py, each keyboard beside the handlers that read it."""
