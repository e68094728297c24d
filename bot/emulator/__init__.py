"""A local Telegram Bot API emulator for tests, the playground and benchmarks (no network, no token).

`EmulatorServer` serves api.telegram.org's methods on 127.0.0.1 for any number of bots; its `state`
(`EmulatorState` -> `BotState` per token) is the in-process control API, `EmulatorClient` the same
over HTTP from another process. `python -m bot.emulator` runs it standalone.
"""

from bot.emulator.objects import EmulatorError
from bot.emulator.server import EmulatorServer
from bot.emulator.state import BotState, EmulatorState

__all__ = ["BotState", "EmulatorError", "EmulatorServer", "EmulatorState"]
