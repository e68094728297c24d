"""Days people date things by: holidays of many countries, the clock changes, and a bare day of the month.

"since Halloween", "since Diwali", "since Labor Day weekend", "since the clocks went back", "from the 6th":
each resolves to the latest such day not after today, so a typed start date or a message's "since …"
works out to a day. Public and religious holidays come from the `holidays` library (its calendars for
the countries below, lunar ones included); days no public calendar has are listed here.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

import holidays as public_holidays
from dateutil.easter import easter

COUNTRIES = {"US": None, "GB": None, "IE": None, "CA": None, "AU": "VIC", "NZ": None, "ZA": None, "NG": None,
             "PH": None, "IN": None, "DE": None, "FR": None, "ES": None, "TW": None}
STALE_DAYS = 330  # a holiday whose latest date is nearly a year back is more likely meant for this year: ask instead


def _fixed(month: int, day: int) -> Callable[[int], date]:
    return lambda year: date(year, month, day)


def _nth_weekday(month: int, weekday: int, nth: int) -> Callable[[int], date]:
    """nth (1-based; -1 for the last) weekday (0 = Monday) of the month."""
    def day(year: int) -> date:
        if nth > 0:
            first = date(year, month, 1)
            return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    return day


HOLIDAYS: dict[str, Callable[[int], date]] = {
    r"christmas eve": _fixed(12, 24),
    r"christmas|xmas|christmas day": _fixed(12, 25),
    r"boxing day": _fixed(12, 26),
    r"new year s eve|new years eve|hogmanay|silvester": _fixed(12, 31),
    r"new year s day|new years day|new year|new years": _fixed(1, 1),
    r"valentine s day|valentines day|valentine s|valentines": _fixed(2, 14),
    r"st patrick s day|st patricks day|paddy s day|st patrick s": _fixed(3, 17),
    r"halloween|hallowe en": _fixed(10, 31),
    r"bonfire night|guy fawkes(?: night)?|fireworks night": _fixed(11, 5),
    r"(?:the )?fourth of july|4th of july|july 4th|independence day": _fixed(7, 4),
    r"remembrance sunday": _nth_weekday(11, 6, 2),
    r"remembrance day|armistice day|veterans day": _fixed(11, 11),
    r"thanksgiving": _nth_weekday(11, 3, 4),
    r"black friday": lambda year: _nth_weekday(11, 3, 4)(year) + timedelta(days=1),
    r"easter(?: sunday)?": easter,
    r"good friday": lambda year: easter(year) - timedelta(days=2),
    r"easter monday": lambda year: easter(year) + timedelta(days=1),
    r"(?:the )?clocks (?:went|go|going) back|(?:the )?clocks changed": _nth_weekday(10, 6, -1),
    r"(?:the )?clocks (?:went|go|going) forward": _nth_weekday(3, 6, -1),
}
_HOLIDAY = [(re.compile(rf"(?:{names})"), day) for names, day in HOLIDAYS.items()]
_DAY_OF_MONTH = re.compile(r"(?:the )?(\d{1,2})(?:st|nd|rd|th)(?: of (?:the |this )?month)?"
                           r"|(?:the )?(first|second|third) of (?:the |this )?month")
_ORDINAL = {"first": 1, "second": 2, "third": 3}


def holiday(phrase: str, today: date) -> date | None:
    """The latest day this holiday fell on, not after today (None when the phrase is no holiday)."""
    phrase = re.sub(r"\b(?:the|weekend|holiday|holidays|festival)\b", " ", phrase).strip()
    phrase = re.sub(r"\s+", " ", phrase)
    explicit = phrase.startswith("last ")  # "since last Thanksgiving": a year back is meant
    phrase = phrase.removeprefix("last ")
    stale = STALE_DAYS * 2 if explicit else STALE_DAYS
    for regex, day in _HOLIDAY:
        if regex.fullmatch(phrase):
            for year in (today.year, today.year - 1):
                found = day(year)
                if found <= today:
                    return found if (today - found).days <= stale else None
    public = _public(today.year)
    # "since Thanksgiving" is "Thanksgiving Day", "Mid-Autumn" the festival; a short word ("children") is not a holiday
    names = [phrase, f"{phrase} festival"] + ([f"{phrase} day"] if len(phrase) > 8 else [])
    days = [day for name in names for day in public.get(name, ()) if day <= today]
    latest = max(days, default=None)
    return latest if latest is not None and (today - latest).days <= stale else None


@lru_cache(maxsize=4)
def _public(year: int) -> dict[str, tuple[date, ...]]:
    """Holiday names (and their short forms: 'cup day', 'labor') to the days they fell on, this year and last."""
    names: dict[str, set[date]] = {}
    for country, subdivision in COUNTRIES.items():
        calendar_ = public_holidays.country_holidays(country, subdiv=subdivision, years=[year - 1, year],
                                                     language="en_US")
        for day, label in calendar_.items():
            for name in re.split(r"[;,]", label):
                name = re.sub(r"\(.*?\)|'s?\b", "", name.lower()).replace("-", " ")
                words = re.sub(r"[^a-z ]", "", name).split()
                for form in {" ".join(words), " ".join(words[1:]) if len(words) > 2 else ""}:
                    if form and form not in ("day", "holiday", "bank"):
                        names.setdefault(form, set()).add(day)
    return {name: tuple(sorted(days)) for name, days in names.items()}


def day_of_month(phrase: str, today: date) -> date | None:
    """'the 6th', '3rd', 'the first of the month': that day of this month, or of last month if still to come."""
    match = _DAY_OF_MONTH.fullmatch(phrase)
    if not match:
        return None
    day = int(match[1]) if match[1] else _ORDINAL[match[2]]
    year, month = today.year, today.month
    for _ in range(2):
        if day <= calendar.monthrange(year, month)[1] and date(year, month, day) <= today:
            return date(year, month, day)
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None


@lru_cache(maxsize=4)
def holiday_heads(year: int) -> frozenset[str]:
    """The first words of every holiday name known for this year and last ("diwali", "labor", "cup")."""
    table = {name.split()[0] for names in HOLIDAYS for name in re.sub(r"[()?:]", " ", names).split("|") if name.strip()}
    return frozenset(table | {name.split()[0] for name in _public(year)})
