"""Typed "since when?" answers: what parse_since understands, and what it refuses."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.checkins.dates import SINCE_CHOICES, parse_since

TODAY = date(2026, 11, 25)   # a Wednesday


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-11-20", date(2026, 11, 20)),
    ("2026/11/20", date(2026, 11, 20)),
    ("20.11.2026", date(2026, 11, 20)),
    ("20.11.26", date(2026, 11, 20)),
    ("20.11.", date(2026, 11, 20)),
    ("20-11-2026", date(2026, 11, 20)),
    ("20/11", date(2026, 11, 20)),
    ("11/20/2026", date(2026, 11, 20)),
    ("3/11", date(2026, 11, 3)),
    ("20 Nov", date(2026, 11, 20)),
    ("20th November", date(2026, 11, 20)),
    ("the 20th of November", date(2026, 11, 20)),
    ("Nov 20", date(2026, 11, 20)),
    ("November 20th, 2025", date(2025, 11, 20)),
    ("20. November", date(2026, 11, 20)),
    ("20 de noviembre", date(2026, 11, 20)),
    ("20 novembre", date(2026, 11, 20)),
    ("3 weeks ago", date(2026, 11, 4)),
    ("three weeks ago", date(2026, 11, 4)),
    ("10 days ago", date(2026, 11, 15)),
    ("a week ago", date(2026, 11, 18)),
    ("a couple of days ago", date(2026, 11, 23)),
    ("a few days ago", date(2026, 11, 22)),
    ("3-4 days ago", date(2026, 11, 21)),
    ("a week and a half ago", date(2026, 11, 15)),
    ("a fortnight ago", date(2026, 11, 11)),
    ("a month ago", date(2026, 10, 25)),
    ("2 months ago", date(2026, 9, 25)),
    ("a year ago", date(2025, 11, 25)),
    ("for the past 3 weeks", date(2026, 11, 4)),
    ("3 weeks", date(2026, 11, 4)),
    ("since about 3 weeks ago", date(2026, 11, 4)),
    ("about 10 days ago I think", date(2026, 11, 15)),
    ("an hour ago", TODAY),
    ("today", TODAY),
    ("this morning", TODAY),
    ("Yesterday", date(2026, 11, 24)),
    ("yesterday evening", date(2026, 11, 24)),
    ("last night", date(2026, 11, 24)),
    ("the day before yesterday", date(2026, 11, 23)),
    ("last monday", date(2026, 11, 23)),
    ("monday", date(2026, 11, 23)),
    ("on Thursday", date(2026, 11, 19)),
    ("last wednesday", date(2026, 11, 18)),
    ("wednesday", TODAY),
    ("last week", date(2026, 11, 18)),
    ("the weekend", date(2026, 11, 21)),
    ("last month", date(2026, 10, 25)),
    ("last year", date(2025, 11, 25)),
    ("October", date(2026, 10, 1)),
    ("since October", date(2026, 10, 1)),
    ("mid October", date(2026, 10, 15)),
    ("end of October", date(2026, 10, 31)),
    ("started on 20 nov", date(2026, 11, 20)),
    ("gestern", date(2026, 11, 24)),
    ("vor 3 Wochen", date(2026, 11, 4)),
    ("hace 3 semanas", date(2026, 11, 4)),
    ("ayer", date(2026, 11, 24)),
    ("il y a 3 semaines", date(2026, 11, 4)),
    ("aujourd'hui", TODAY),
    ("  20 Nov!  ", date(2026, 11, 20)),
])
def test_understood_answers(text, expected):
    assert parse_since(text, TODAY) == expected


@pytest.mark.parametrize("text", [
    "2026-11-26", "26.11.2026", "1 Dec 2026", "Dec 1, 2026", "31/12/2026", "tomorrow", "next monday", "in 3 days",
    "2027-01-01", "3 days from now",
])
def test_future_dates_are_refused(text):
    assert parse_since(text, TODAY) is None


@pytest.mark.parametrize("text", [
    "", "   ", "blah", "sometime", "a while ago", "the other day", "when I lifted the sofa", "31.02.2026",
    "29.02.2026", "2026-13-01", "32 Nov", "00.11.2026", "99999999 days ago", "1850-01-01", "13/13",
])
def test_garbage_and_impossible_dates_are_refused(text):
    assert parse_since(text, TODAY) is None


@pytest.mark.parametrize(("text", "today", "expected"), [
    ("yesterday", date(2027, 1, 1), date(2026, 12, 31)),
    ("30 Dec", date(2027, 1, 5), date(2026, 12, 30)),
    ("Dec 31", date(2027, 1, 1), date(2026, 12, 31)),
    ("last monday", date(2027, 1, 1), date(2026, 12, 28)),
    ("a month ago", date(2026, 3, 31), date(2026, 2, 28)),
    ("a month ago", date(2028, 3, 31), date(2028, 2, 29)),
    ("2 weeks ago", date(2026, 3, 3), date(2026, 2, 17)),
    ("29 Feb", date(2026, 3, 1), date(2024, 2, 29)),
    ("29.02.2028", date(2028, 3, 1), date(2028, 2, 29)),
    ("end of February", date(2028, 3, 10), date(2028, 2, 29)),
    ("20 Nov", date(2026, 11, 10), date(2025, 11, 20)),
    ("December", date(2026, 11, 25), date(2025, 12, 1)),
    ("last year", date(2028, 2, 29), date(2027, 2, 28)),
])
def test_month_and_year_ends(text, today, expected):
    assert parse_since(text, today) == expected


def test_the_date_itself_is_not_in_the_future():
    assert parse_since("25.11.2026", TODAY) == TODAY
    assert parse_since("25.11.2026", date(2026, 11, 24)) is None


def test_since_choices():
    assert SINCE_CHOICES == {"today": 0, "1-3d": 2, "4-7d": 5, "1-2w": 10, "over2w": 15}
    assert SINCE_CHOICES["over2w"] > 14 >= SINCE_CHOICES["1-2w"]
