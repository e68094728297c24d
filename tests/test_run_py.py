"""run.py as a user runs it: --help, configuration errors, the bot and the emulator as separate
processes, and a scripted playground session."""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.content.loader import load_content
from bot.emulator.client import EmulatorClient

ROOT = Path(__file__).resolve().parent.parent
TEXTS = load_content(ROOT / "content").texts


def clean_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env["NO_PROXY"] = "127.0.0.1,localhost"
    env["BOT_CONTENT_DIR"] = str(ROOT / "content")
    env["BOT_LISTEN"] = ""  # no /healthz server: bots started side by side would fight over one port
    env.update(extra)
    return env


def run_py(*args: str, env: dict, cwd: Path, stdin: str | None = None, timeout: float = 60):
    return subprocess.run([sys.executable, str(ROOT / "run.py"), *args], env=env, cwd=cwd,
                          input=stdin, capture_output=True, text=True, timeout=timeout)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_emulator(port: int, cwd: Path) -> subprocess.Popen:
    """The Bot API emulator as its own process on 127.0.0.1:port (its output discarded)."""
    return subprocess.Popen([sys.executable, str(ROOT / "run.py"), "emulator", "--port", str(port)],
                            env=clean_env(), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_help_describes_commands_and_settings(tmp_path):
    result = run_py("--help", env=clean_env(), cwd=tmp_path)
    assert result.returncode == 0
    for word in ("playground", "emulator", "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL", "BOT_DATABASE",
                 "BOT_CONTENT_DIR", "BOT_ADMIN_IDS", "BOT_DEFAULT_TIMEZONE", "--token"):
        assert word in result.stdout


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        ("BOT_ADMIN_IDS", "12,abc", "configuration error: BOT_ADMIN_IDS: 'abc' is not a numeric Telegram user id"),
        ("BOT_DEFAULT_TIMEZONE", "Europe/Atlantis", "configuration error: BOT_DEFAULT_TIMEZONE: unknown time zone 'Europe/Atlantis'"),
    ],
)
def test_malformed_setting_exits_2_with_one_line(tmp_path, setting, value, expected):
    env = clean_env(TELEGRAM_BOT_TOKEN="123456:TEST", TELEGRAM_API_URL="http://127.0.0.1:9", **{setting: value})
    result = run_py(env=env, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(expected)
    assert "Traceback" not in result.stderr
    assert "123456:TEST" not in result.stderr + result.stdout


def test_flag_overrides_environment(tmp_path):
    env = clean_env(TELEGRAM_BOT_TOKEN="123456:TEST", BOT_ADMIN_IDS="1")
    result = run_py("--admin-ids", "x1", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "BOT_ADMIN_IDS: 'x1'" in result.stderr


def test_broken_content_stops_start_up_with_file_and_line(tmp_path):
    content = tmp_path / "content"
    subprocess.run(["cp", "-r", str(ROOT / "content"), str(content)], check=True)
    (content / "tips" / "posture.yaml").write_text("category: posture\ntips: []\n")
    result = run_py(env=clean_env(BOT_CONTENT_DIR=str(content)), cwd=tmp_path)
    assert result.returncode == 2
    assert "tips/posture.yaml:2: category 'posture' has no tips" in result.stderr
    assert "Traceback" not in result.stderr


async def test_bot_process_serves_a_conversation_against_a_separate_emulator_process(tmp_path):
    port = free_port()
    token = "123456:TEST"
    emulator = start_emulator(port, tmp_path)
    bot = None
    try:
        client = EmulatorClient(f"http://127.0.0.1:{port}", token)
        await client.wait_until_up(timeout=15)
        env = clean_env(TELEGRAM_BOT_TOKEN=token, TELEGRAM_API_URL=f"http://127.0.0.1:{port}",
                        BOT_DATABASE=str(tmp_path / "bot.sqlite3"))
        bot = subprocess.Popen([sys.executable, str(ROOT / "run.py")], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        await client.send_message(55, "/start", first_name="Rita")
        [welcome] = await client.wait_events(55, after=0, count=1, timeout=20)
        assert welcome["text"].startswith("Hello Rita!")
        await client.press_button(55, welcome["message_id"], "consent")
        events = await client.wait_events(55, after=welcome["seq"], count=3, timeout=10)
        assert TEXTS("consented", first_name="Rita") in [e.get("text") for e in events]
        await client.send_message(55, "/tip hydration")
        [tip] = await client.wait_events(55, after=events[-1]["seq"], count=1, timeout=10)
        assert tip["text"]
        bot.send_signal(signal.SIGINT)
        out, err = bot.communicate(timeout=20)
        assert bot.returncode == 0
        assert "Traceback" not in err
        assert token not in out + err
        assert (tmp_path / "bot.sqlite3").exists()
        await client.aclose()
    finally:
        for process in (bot, emulator):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()


def test_playground_scripted_session(tmp_path):
    script = "\n".join([
        "/start",
        "1",             # the consent button
        "/help",
        "/tip stretching",
        "/about",
        "/stop",
        "/delete",
        "1",             # "Yes, erase everything"
        "/quit",
    ]) + "\n"
    result = run_py(env=clean_env(), cwd=tmp_path, stdin=script, timeout=90)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "@BotFather" in out
    assert "[1] " + TEXTS("consent_button") in out
    assert TEXTS("consented", first_name="You") in out
    assert "/tip: a tip now" in out
    assert TEXTS("tip_hold_label") in out and TEXTS("tip_stop_label") in out
    assert "NICE guideline NG59" in out
    assert TEXTS("stopped") in out
    assert "[1] " + TEXTS("delete_yes_button") in out
    assert TEXTS("deleted") in out
    assert out.index(TEXTS("consented", first_name="You")) < out.index(TEXTS("deleted"))
    assert "Traceback" not in result.stderr
    assert (tmp_path / "data" / "playground.sqlite3").exists()


def test_playground_stops_cleanly_on_ctrl_c(tmp_path):
    process = subprocess.Popen([sys.executable, str(ROOT / "run.py")], env=clean_env(), cwd=tmp_path,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = process.stdout.readline()
        assert "playground" in banner
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
        assert process.returncode == 0
        assert "Traceback" not in err
    finally:
        if process.poll() is None:
            process.kill()


def test_ask_previews_the_reply_and_top_three_candidates(tmp_path):
    result = run_py("ask", "stretchs for my lower back?", env=clean_env(), cwd=tmp_path)
    assert result.returncode == 0
    assert "Verdict:  answer: stretches-that-help" in result.stdout
    candidates = [line for line in result.stdout.splitlines() if line.startswith(("  1.", "  2.", "  3."))]
    assert len(candidates) == 3
    assert candidates[0].split()[1] == "stretches-that-help"


def test_ask_shows_when_there_is_no_answer_and_why(tmp_path):
    result = run_py("ask", "who won the eurovision song contest", env=clean_env(), cwd=tmp_path)
    assert result.returncode == 0
    assert "Verdict:  no answer" in result.stdout
    assert "Why:      low band: " in result.stdout
    assert TEXTS("no_answer").split(".")[0] in result.stdout


@pytest.mark.parametrize(("message", "verdict", "why"), [
    ("could it be a slipped disc rather than a spasm?", "Verdict:  a choice of topics: ", "Why:      middle band: "),
    ("stretchs for my lower back?", "Verdict:  answer: stretches-that-help", "Why:      high band: score "),
    ("thanks a lot!", "Verdict:  small talk (thanks)", "Why:      small talk: thanks"),
    ("my back is killing me today", "Verdict:  statement of pain", "Why:      a statement of pain"),
])
def test_ask_shows_the_route_the_band_and_why(tmp_path, message, verdict, why):
    result = run_py("ask", message, env=clean_env(), cwd=tmp_path)
    assert result.returncode == 0
    assert verdict in result.stdout and why in result.stdout
