"""One outgoing pipeline through the real Application and an emulator that enforces 30 messages a second
strictly (429 with retry_after 3 past it): during a 600-subscriber fan-out, typed messages (one of them
red-flag symptoms) are answered within a second with no 429, and the fan-out keeps 90% of the ceiling,
losing and repeating nothing."""

import asyncio
import time as wallclock
from datetime import time, timedelta

from bot.core.content.loader import load_content
from bot.tg.sending.nudges import dispatch_due
from tests.harness import CONTENT, running_bot

TEXTS = load_content(CONTENT).texts
SUBSCRIBERS = 600
TALKERS = (9001, 9002)


def due_now(bot, users) -> None:
    """Subscribers with one posture nudge each, due a minute ago, and nothing else due for hours."""
    storage, now = bot.storage, bot.clock.now()
    later = (now + timedelta(hours=12)).time().replace(second=0, microsecond=0)
    with storage.atomically():
        for user in users:
            storage.subscribe(user, "U", "en", "UTC", now)
            storage.set_schedule(user, now, quiet=(time(0), time(0)))
            storage.set_category(user, "posture", now, times=(later,))
            for category in ("hydration", "stretching"):
                storage.set_category(user, category, now, enabled=False)
            due_at = now - timedelta(minutes=1)
            storage.schedule(user, "nudge", f"posture:{due_at:%Y-%m-%d:%H:%M}", due_at, now)
    bot.emulated_bot.register_chats(users)


async def test_replies_during_a_fanout_are_prompt_and_the_fanout_keeps_pace(tmp_path):
    async with running_bot(tmp_path) as bot:
        due_now(bot, range(1, SUBSCRIBERS + 1))
        chats = [bot.chat(user) for user in TALKERS]
        for chat in chats:
            await chat.send("/start")
            await chat.press(TEXTS("consent_button"), expect=4)
        bot.emulated_bot.set_faults(rate_limit=30, retry_after=3)
        fanout = asyncio.create_task(dispatch_due(bot.app))
        await asyncio.sleep(5)  # well into the fan-out
        latencies = []
        for chat, text in ((chats[0], "how should I sit at my desk all day?"),
                           (chats[1], "I suddenly can't feel anything between my legs and I wet myself"),
                           (chats[0], "thanks!")):
            asked = wallclock.monotonic()
            await chat.send(text)
            latencies.append(wallclock.monotonic() - asked)
            await asyncio.sleep(1.5)
        assert await fanout == SUBSCRIBERS
        limiter = bot.app.bot.rate_limiter
        per_chat = {chat: len([e for e in bot.emulated_bot.events(chat) if e["kind"] == "message"])
                    for chat in range(1, SUBSCRIBERS + 1)}
        sent_at = sorted(e["t"] for chat in range(1, SUBSCRIBERS + 1) for e in bot.emulated_bot.events(chat)
                         if e["kind"] == "message")
        lateness = bot.storage.lateness(bot.clock.now() - timedelta(days=1))
    assert max(latencies) < 1.0, latencies
    assert limiter.throttles["reply"] == 0, "no 429 on any reply"
    emergency = [e for e in bot.emulated_bot.events(TALKERS[1]) if "emergency" in (e.get("text") or "").lower()]
    assert emergency, "the red-flag message got its emergency reply"
    assert set(per_chat.values()) == {1}, "every subscriber got the nudge exactly once"
    rate = (len(sent_at) - 1) / (sent_at[-1] - sent_at[0])
    print(f"fan-out {rate:.1f} messages a second, replies {[round(x, 3) for x in latencies]} s, 429s {limiter.throttles}")
    assert rate >= 27, f"{rate:.1f} messages a second"
    assert limiter.throttles["scheduled"] <= 1, limiter.throttles
    # all but the first second's sends were held by the pace (the harness's clock stands still: each is a minute late)
    assert lateness.sent == SUBSCRIBERS and lateness.held_by_rate_limit >= SUBSCRIBERS - 60
