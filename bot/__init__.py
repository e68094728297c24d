"""The back-care bot. Infrastructure here (config, clock, logs); the pure core in core/, the Telegram layer in tg/,
the command line in cli/, the local Bot API emulator in emulator/. Schedule maths lives in the top-level scheduler/."""
