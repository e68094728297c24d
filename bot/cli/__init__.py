"""The command line: run.py's commands (run, playground, check-content, tip, ask, stats) and the runner that starts the bot."""
