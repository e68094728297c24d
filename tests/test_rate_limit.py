"""The pacer every request passes through, as a pure function of the instants it is given (no clock, no sleeping)."""

from bisect import bisect_right

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.rate_limit import DECREASE, MIN_PER_SECOND, RECOVER_AFTER, Pacer


def run(pacer: Pacer, requests, start: float = 0.0) -> list[tuple[float, int | None, bool]]:
    """Issue (chat, scheduled, arrives-after) requests the way the limiter does: each waits as told, then is issued.
    Requests are handled in arrival order; returns (issued at, chat, scheduled)."""
    now, issued = start, []
    for chat, scheduled, gap in requests:
        now += gap
        at = now
        while (delay := pacer.wait(chat, at, scheduled)) > 0:
            at += delay
        pacer.issued(chat, at, scheduled)
        pacer.landed(at)  # answered at once
        issued.append((at, chat, scheduled))
        now = max(now, at) if scheduled else now
    return issued


def busiest_second(times: list[float]) -> int:
    ordered = sorted(times)
    return max((bisect_right(ordered, t + 1.0 - 1e-9) - i for i, t in enumerate(ordered)), default=0)


def test_a_request_counts_until_a_second_after_its_answer():
    pacer = Pacer(per_second=2)
    pacer.issued(1, 0.0, scheduled=False)
    pacer.issued(2, 0.0, scheduled=False)
    assert pacer.wait(3, 5.0, scheduled=False) == pytest.approx(1.0), "both still in flight: a second at least"
    pacer.landed(5.5)
    pacer.landed(5.6)
    assert pacer.wait(3, 5.6, scheduled=False) == pytest.approx(0.9)


def test_a_first_request_goes_at_once():
    assert Pacer().wait(1, now=100.0, scheduled=True) == 0.0


@given(st.lists(st.tuples(st.integers(-3, 40), st.booleans(), st.floats(min_value=0, max_value=0.3)),
                min_size=1, max_size=300))
def test_no_one_second_window_ever_holds_more_than_the_pace(requests):
    issued = run(Pacer(per_second=29), requests)
    assert busiest_second([at for at, _, _ in issued]) <= 29


@given(st.lists(st.tuples(st.integers(1, 5), st.floats(min_value=0, max_value=0.2)), min_size=1, max_size=150))
def test_a_private_chat_gets_one_scheduled_message_a_second(requests):
    issued = run(Pacer(), [(chat, True, gap) for chat, gap in requests])
    for chat in {chat for chat, _ in requests}:
        own = [at for at, c, _ in issued if c == chat]
        assert all(b - a >= 1.0 - 1e-9 for a, b in zip(own, own[1:]))


def test_replies_to_one_chat_are_not_spaced_a_second_apart():
    issued = run(Pacer(), [(7, False, 0.0)] * 3)
    assert [at for at, _, _ in issued] == [0.0, 0.0, 0.0]


def test_a_group_gets_twenty_messages_a_minute():
    issued = run(Pacer(), [(-100, False, 0.0)] * 21)
    assert issued[19][0] == 0.0 and issued[20][0] == pytest.approx(60.0)


def test_while_a_reply_waits_scheduled_sends_leave_it_room():
    pacer = Pacer(per_second=29, reply_room=3)
    for chat in range(26):
        pacer.issued(chat, 0.0, scheduled=True)
        pacer.landed(0.0)
    assert pacer.wait(100, 0.0, scheduled=True) == 0.0, "with no reply waiting a fan-out may use the whole pace"
    assert pacer.wait(100, 0.0, scheduled=True, reply_waiting=True) == pytest.approx(1.0)
    assert pacer.wait(101, 0.0, scheduled=False) == 0.0, "the reply goes at once"


def test_a_reply_in_a_full_window_takes_the_first_free_slot_not_a_queue():
    pacer = Pacer(per_second=29)
    for n in range(29):
        pacer.issued(n, n / 29, scheduled=False)
        pacer.landed(n / 29)
    assert pacer.wait(500, 0.99, scheduled=False) == pytest.approx(1.0 - 0.99)


def test_no_catch_up_burst_after_a_stall():
    """After ten seconds of silence (a stalled loop), the next second holds no more than the pace."""
    pacer = Pacer(per_second=29)
    run(pacer, [(n, True, 0.0) for n in range(100)])
    issued = run(pacer, [(1000 + n, True, 0.0) for n in range(100)], start=20.0)
    assert busiest_second([at for at, _, _ in issued]) <= 29


def test_a_429_pauses_everything_and_slows_the_pace():
    pacer = Pacer(per_second=29)
    pace = pacer.throttled(retry_after=3, now=10.0)
    assert pace == pytest.approx(29 * DECREASE)
    assert pacer.wait(1, 10.0, scheduled=False) == pytest.approx(3.0)
    assert pacer.wait(2, 10.0, scheduled=True) == pytest.approx(3.0)


def test_the_pace_recovers_one_a_second_per_calm_interval_up_to_the_ceiling():
    pacer = Pacer(per_second=29)
    slowed = pacer.throttled(retry_after=1, now=0.0)
    assert pacer.pace(1.0 + RECOVER_AFTER) == pytest.approx(slowed + 1)
    assert pacer.pace(1.0 + 100 * RECOVER_AFTER) == 29


def test_repeated_429s_never_slow_below_the_floor():
    pacer = Pacer(per_second=29)
    for _ in range(20):
        pacer.throttled(retry_after=1, now=0.0)
    assert pacer.pace(0.5) == MIN_PER_SECOND


def test_memory_stays_bounded():
    pacer = Pacer(per_second=1000)
    run(pacer, [(n, True, 0.0) for n in range(500)])
    assert pacer.tracked_chats() == 500
    pacer.wait(10_000, now=100.0, scheduled=True)
    assert pacer.tracked_chats() == 0


@pytest.mark.parametrize(("per_second", "interval"), [(0, 1), (-1, 1), (30, -1)])
def test_invalid_rates_are_refused(per_second, interval):
    with pytest.raises(ValueError):
        Pacer(per_second, per_chat_interval=interval)
