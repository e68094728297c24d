"""The pure core: content, triage, check-ins, nudges, reports, markup and storage. Nothing here imports telegram
(tests/test_layers.py enforces it for every module); the Telegram layer calls into it."""
