"""Telegram's HTML formatting, parsed and validated as Telegram's server does it (shared by the content checks and the emulator). Pure: never imports telegram."""
