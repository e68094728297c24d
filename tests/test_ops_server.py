"""The operators' endpoints served by the running bot: /healthz and /metrics, and a busy port."""

import logging
import socket
import time

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.config import ConfigError, load_config
from bot.core.content.loader import load_content
from bot.tg.reload import reload_content
from bot.tg.sending.nudges import dispatch_due
from tests.harness import CONTENT, running_bot
from tests.test_run_py import free_port

TEXTS = load_content(CONTENT).texts


async def get(listen: str, path: str) -> tuple[int, str]:
    """GET http://{listen}{path}: the status and the body."""
    async with aiohttp.ClientSession() as session, session.get(f"http://{listen}{path}") as response:
        return response.status, await response.text()


async def get_json(listen: str, path: str) -> tuple[int, dict]:
    """GET a JSON endpoint: the status and the document."""
    async with aiohttp.ClientSession() as session, session.get(f"http://{listen}{path}") as response:
        return response.status, await response.json()


async def samples(listen: str) -> dict[tuple[str, tuple], float]:
    """/metrics parsed: (sample name, sorted labels) -> value."""
    status, text = await get(listen, "/metrics")
    assert status == 200
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


@pytest.fixture
def listen() -> str:
    return f"127.0.0.1:{free_port()}"


async def test_healthz_is_ok_with_every_field(tmp_path, listen):
    async with running_bot(tmp_path, listen=listen) as running:
        await running.chat().send("/help")  # polling has reached the emulator
        status, document = await get_json(listen, "/healthz")
        assert status == 200
        assert document["status"] == "ok" and "problems" not in document
        assert document["database"] == "writable"
        assert document["dispatcher_tick_age_s"] is None  # no pass yet
        assert document["telegram"] == "reachable"
        assert "tips" in document["content"] and "answers" in document["content"]
        await dispatch_due(running.app)
        status, document = await get_json(listen, "/healthz")
        assert status == 200 and 0 <= document["dispatcher_tick_age_s"] < 5


async def test_a_halted_database_fails_healthz_naming_it(tmp_path, listen):
    async with running_bot(tmp_path, listen=listen) as running:
        running.storage.halt("test")
        status, document = await get_json(listen, "/healthz")
        assert status == 503
        assert document["status"] == "fail" and document["database"] == "not writable"
        assert any("database" in problem and "test" in problem for problem in document["problems"])


async def test_a_stale_dispatcher_fails_healthz(tmp_path, listen):
    async with running_bot(tmp_path, listen=listen) as running:
        s = running.app.bot_data["services"]
        s.dispatch_interval = 2.0
        s.last_tick = time.monotonic() - 60
        status, document = await get_json(listen, "/healthz")
        assert status == 503
        assert any(problem.startswith("dispatcher stale") for problem in document["problems"])
        await dispatch_due(running.app)
        assert (await get_json(listen, "/healthz"))[0] == 200


async def test_metrics_count_updates_subscribers_and_reloads(tmp_path, listen):
    async with running_bot(tmp_path, listen=listen) as running:
        before = await samples(listen)
        assert before.get(("backcare_updates_total", (("kind", "message"),)), 0) == 0
        chat = running.chat()
        await chat.send("/start")
        await chat.press(TEXTS("consent_button"), expect=4)
        await chat.send("should I put ice or heat on my back?")
        await reload_content(running.app)
        after = await samples(listen)
        assert after[("backcare_updates_total", (("kind", "message"),))] == 2
        assert after[("backcare_updates_total", (("kind", "callback_query"),))] == 1
        assert after[("backcare_update_handling_seconds_count", ())] == 3
        assert after[("backcare_subscribers", (("status", "active"),))] == 1
        assert after[("backcare_content_reloads_total", (("result", "ok"),))] == 1
        assert after[("backcare_telegram_throttles_total", (("kind", "reply"),))] == 0
        assert ("backcare_skipped_updates_total", ()) in after


async def test_each_application_has_its_own_registry(tmp_path, listen):
    other = f"127.0.0.1:{free_port()}"
    async with running_bot(tmp_path / "a", listen=listen) as first, running_bot(tmp_path / "b", listen=other):
        await first.chat().send("/help")
        assert (await samples(listen))[("backcare_updates_total", (("kind", "message"),))] == 1
        assert ("backcare_updates_total", (("kind", "message"),)) not in await samples(other)


async def test_a_busy_port_is_a_warning_and_the_bot_still_answers(tmp_path, caplog):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        listen = f"127.0.0.1:{taken.getsockname()[1]}"
        with caplog.at_level(logging.WARNING, logger="bot.tg.ops_server"):
            async with running_bot(tmp_path, listen=listen) as running:
                [reply] = await running.chat().send("/help")
                assert reply["text"]
        assert any(record.levelno == logging.WARNING and listen in record.getMessage() for record in caplog.records)


def test_listen_must_be_host_and_port_or_empty(monkeypatch):
    monkeypatch.delenv("BOT_LISTEN", raising=False)
    base = {"BOT_CONTENT_DIR": str(CONTENT)}
    assert load_config(base, env_file=None).listen_address == ("127.0.0.1", 8080)
    assert load_config({**base, "BOT_LISTEN": " "}, env_file=None).listen_address is None
    assert load_config({**base, "BOT_LISTEN": "0.0.0.0:9100"}, env_file=None).listen_address == ("0.0.0.0", 9100)
    for bad in ("8080", "localhost:http", "host:70000"):
        with pytest.raises(ConfigError, match="^BOT_LISTEN: "):
            load_config({**base, "BOT_LISTEN": bad}, env_file=None)


def test_a_database_that_cannot_be_written_is_reported(tmp_path):
    """The health check's write probe: a connection made read-only (SQLite's query_only) is named."""
    from bot.core.storage.store import Storage

    storage = Storage.open(tmp_path / "bot.sqlite3")
    assert storage.write_problem() is None
    storage.db.conn.execute("pragma query_only = ON")
    assert "cannot be written" in (storage.write_problem() or "")
    storage.close()
