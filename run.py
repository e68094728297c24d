"""Run the back-care bot: long polling with a token, the offline playground without one.

`python run.py --help` lists every command and setting.
"""

from bot.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
