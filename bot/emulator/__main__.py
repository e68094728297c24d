"""Run the Telegram Bot API emulator on its own: `python -m bot.emulator [--host 127.0.0.1] [--port 8081]`.

Prints one line with its URL and serves until Ctrl-C (or SIGTERM), then exits cleanly.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys

from bot.emulator.server import EmulatorServer


async def serve_forever(host: str = "127.0.0.1", port: int = 8081) -> int:
    """Serve until cancelled (Ctrl-C) or SIGTERM; returns the exit code 0."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        loop.add_signal_handler(signal.SIGTERM, stop.set)
    async with EmulatorServer(host, port) as emulator:
        print(f"Telegram Bot API emulator on {emulator.base_url} "
              f"(set TELEGRAM_API_URL={emulator.base_url}; Ctrl-C stops it)", flush=True)
        with contextlib.suppress(asyncio.CancelledError):
            await stop.wait()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bot.emulator", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args(argv)
    # Ctrl-C stops it even when its parent ignored or blocked SIGINT (a background job, a test runner), which a
    # child inherits
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        return asyncio.run(serve_forever(args.host, args.port))
    except KeyboardInterrupt:
        return 0
    except OSError as error:  # e.g. the port is taken
        print(f"emulator: cannot listen on {args.host}:{args.port}: {error.strerror or error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
