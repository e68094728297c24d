"""The send rate limiter, as a pure function of booked times (no clock, no sleeping)."""

import random
from bisect import bisect_right

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.rate_limit import SendRateLimiter


def book(limiter: SendRateLimiter, chats, now: float = 0.0) -> list[float]:
    """Book sends for chats at one instant; return the instants they may go out."""
    return [now + limiter.reserve(chat, now) for chat in chats]


def test_first_send_goes_at_once():
    assert SendRateLimiter().reserve(1, now=100.0) == 0.0


def test_overall_rate_is_spaced():
    times = book(SendRateLimiter(per_second=30), range(90))
    assert times[-1] == pytest.approx(89 / 30)
    assert all(b - a == pytest.approx(1 / 30) for a, b in zip(times, times[1:]))


def test_one_chat_gets_one_message_per_second():
    times = book(SendRateLimiter(per_second=30, per_chat_interval=1.0), [7, 7, 7])
    assert times == pytest.approx([0.0, 1.0, 2.0])


def test_other_chats_are_not_held_back_by_a_busy_chat():
    limiter = SendRateLimiter(per_second=30)
    book(limiter, [7, 7])
    assert limiter.reserve(8, now=0.0) == pytest.approx(1 / 30)


def test_429_pauses_everything_for_retry_after():
    limiter = SendRateLimiter(per_second=30)
    limiter.pause(retry_after=5, now=10.0)
    assert limiter.reserve(1, now=10.0) == pytest.approx(5.0)
    assert limiter.reserve(2, now=10.0) == pytest.approx(5.0 + 1 / 30)


def test_idle_chats_are_forgotten():
    limiter = SendRateLimiter(per_second=1000, per_chat_interval=1.0)
    book(limiter, range(500))
    assert limiter.tracked_chats() == 500
    limiter.reserve(10_000, now=5.0)
    assert limiter.tracked_chats() == 1


@pytest.mark.parametrize(("per_second", "interval"), [(0, 1), (-1, 1), (30, -1)])
def test_invalid_rates_are_refused(per_second, interval):
    with pytest.raises(ValueError):
        SendRateLimiter(per_second, interval)


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=200),
       st.lists(st.floats(min_value=0, max_value=0.2), min_size=1, max_size=200))
def test_no_window_ever_exceeds_either_limit(chats, gaps):
    limiter, now, sent = SendRateLimiter(per_second=30, per_chat_interval=1.0), 0.0, []
    for chat, gap in zip(chats, gaps * (len(chats) // len(gaps) + 1)):
        now += gap
        sent.append((now + limiter.reserve(chat, now), chat))
    times = sorted(t for t, _ in sent)
    assert all(b - a >= 1 / 30 - 1e-9 for a, b in zip(times, times[1:]))
    for chat in set(chats):
        own = sorted(t for t, c in sent if c == chat)
        assert all(b - a >= 1.0 - 1e-9 for a, b in zip(own, own[1:]))


@pytest.mark.parametrize("jitter", [0.0, 0.005, 0.015])
def test_default_rate_keeps_every_one_second_window_within_30_despite_arrival_jitter(jitter: float) -> None:
    """Booked sends that arrive up to `jitter` late (seeded random delays) never put 31 in one second."""
    delays = random.Random(7)
    times = book(SendRateLimiter(), range(300))
    arrivals = sorted(at + delays.uniform(0.0, jitter) for at in times)
    busiest = max(bisect_right(arrivals, start + 1.0 - 1e-9) - index for index, start in enumerate(arrivals))
    assert busiest <= 30
