"""Tip choice and rendering, as pure functions."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.content.models import Tip
from bot.core.content.tips import choose_tip

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def tips(n: int) -> list[Tip]:
    return [Tip(id=f"tip-{i}", title=f"Tip {i}", text="Text.", sources=["s"]) for i in range(n)]


def test_unseen_tips_come_first():
    pool = tips(3)
    chosen = choose_tip(pool, {"tip-0": T0, "tip-1": T0}, random.Random(1))
    assert chosen.id == "tip-2"


def test_when_all_seen_the_oldest_comes_next():
    pool = tips(3)
    seen = {"tip-0": T0 + timedelta(hours=2), "tip-1": T0, "tip-2": T0 + timedelta(hours=1)}
    assert choose_tip(pool, seen, random.Random(1)).id == "tip-1"


@pytest.mark.parametrize("seed", range(20))
def test_a_whole_category_is_seen_before_any_repeat_and_never_twice_in_a_row(seed):
    pool, seen, order = tips(7), {}, []
    rng = random.Random(seed)
    for step in range(21):
        chosen = choose_tip(pool, seen, rng)
        seen[chosen.id] = T0 + timedelta(minutes=step)
        order.append(chosen.id)
    assert len(set(order[:7])) == 7
    assert all(a != b for a, b in zip(order, order[1:]))


def test_no_tips_is_an_error():
    with pytest.raises(ValueError):
        choose_tip([], {}, random.Random())
