"""Fixtures shared by every test module: a running emulator, raw Bot API calls, a PTB Bot, a running bot."""

import itertools
import json
import os

os.environ["NO_PROXY"] = "127.0.0.1,localhost"

import httpx  # noqa: E402
import pytest  # noqa: E402
from telegram import Bot  # noqa: E402
from telegram.request import HTTPXRequest  # noqa: E402

from bot.emulator import EmulatorServer  # noqa: E402
from tests.harness import running_bot  # noqa: E402

_tokens = itertools.count(900001)


@pytest.fixture
async def bot(tmp_path):
    """The real Application polling a fresh emulator, with a manual clock and a fresh database."""
    async with running_bot(tmp_path) as running:
        yield running


@pytest.fixture
async def emu():
    """A running emulator."""
    async with EmulatorServer() as server:
        yield server


@pytest.fixture
async def http():
    """A plain HTTP client that ignores proxy settings."""
    async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
        yield client


@pytest.fixture
def token():
    """A fresh bot token."""
    return f"{next(_tokens)}:EMU-test_token"


@pytest.fixture
def state(emu, token):
    """The emulated bot of `token` (in-process control API)."""
    return emu.state.bot(token)


@pytest.fixture
def api(emu, http, token):
    """Call a Bot API method as form data (JSON inside values, like PTB); returns (status, body)."""
    async def call(method: str, **params):
        form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items() if v is not None}
        response = await http.post(f"{emu.base_url}/bot{token}/{method}", data=form)
        return response.status_code, response.json()
    return call


@pytest.fixture
async def ptb(emu, token):
    """A python-telegram-bot Bot talking to the emulator."""
    bot = Bot(token, base_url=f"{emu.base_url}/bot", base_file_url=f"{emu.base_url}/file/bot",
              get_updates_request=HTTPXRequest(connection_pool_size=2))  # two polls at once for the 409 test
    async with bot:
        yield bot
