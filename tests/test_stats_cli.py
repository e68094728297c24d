"""`run.py stats` and `--chart` on a database filled by a real bot session through the emulator."""

from datetime import timedelta

from bot.core.content.loader import load_content
from bot.core.reports.charts import CHART_SIZE
from bot.tg.sending.nudges import dispatch_due
from tests.harness import CONTENT, running_bot
from tests.png_checks import is_not_blank, png_size
from tests.test_run_py import clean_env, run_py

TEXTS = load_content(CONTENT).texts


async def fill_database(tmp_path):
    """Three subscribers, a nudge done, an unanswered question and an emergency typed in chat."""
    async with running_bot(tmp_path) as bot:
        for user in (1, 2, 3):
            chat = bot.chat(user)
            await chat.send("/start")
            await chat.press(TEXTS("consent_button"), expect=4)
        bot.clock.set(bot.clock.now().replace(hour=9, minute=30))
        await dispatch_due(bot.app)
        chat = bot.chat(1)
        chat.catch_up()
        await chat.press(TEXTS("nudge_done_button"), expect=2)
        await bot.chat(2).send("how do I fix my knee?")
        await bot.chat(3).send("I peed myself and my back hurts")
        bot.clock.set(bot.clock.now() + timedelta(minutes=1))
        return bot.clock.now()


async def test_stats_prints_the_figures_of_a_test_run(tmp_path):
    await fill_database(tmp_path)
    result = run_py("stats", "--as-of", "2026-03-02", env=clean_env(BOT_DATABASE=str(tmp_path / "bot.sqlite3")), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Subscribers: 3 (active 3)" in out
    assert "emergency 1" in out
    assert "how do i fix my knee?" in out
    assert "Scheduled sends late, today: 3 sent, p50 " in out
    assert "Scheduled sends late, last 7 days: 3 sent, p50 " in out


async def test_stats_chart_writes_a_real_png(tmp_path):
    await fill_database(tmp_path)
    chart = tmp_path / "stats.png"
    result = run_py("stats", "--chart", str(chart), "--as-of", "2026-03-02", env=clean_env(BOT_DATABASE=str(tmp_path / "bot.sqlite3")),
                    cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = chart.read_bytes()
    assert png_size(data) == CHART_SIZE and is_not_blank(data)


def test_stats_without_a_database_says_so(tmp_path):
    result = run_py("stats", "--as-of", "2026-03-02", env=clean_env(BOT_DATABASE=str(tmp_path / "nothing.sqlite3")), cwd=tmp_path)
    assert result.returncode == 2 and "no database at" in result.stderr
