"""Understanding a typed "since when?" answer: absolute dates, "3 weeks ago", "yesterday", "last monday",
"since Halloween", "the 6th".

English first, with a few common German, Spanish and French words. Dates are days, never in the
future; an answer that isn't understood gives None so the check-in can ask again.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, timedelta

from bot.core.checkins.holidays import day_of_month, holiday

SINCE_CHOICES: dict[str, int] = {"today": 0, "1-3d": 2, "4-7d": 5, "1-2w": 10, "over2w": 15}

EARLIEST = date(1900, 1, 1)
MAX_DAYS_BACK = 36_500

MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
        "january jan januar enero janvier", "february feb februar febrero fevrier",
        "march mar marz maerz marzo mars", "april apr abril avril", "may mai mayo",
        "june jun juni junio juin", "july jul juli julio juillet", "august aug agosto aout",
        "september sep sept septiembre septembre", "october oct oktober okt octubre octobre",
        "november nov noviembre novembre", "december dec dezember dez diciembre decembre"), start=1):
    MONTHS.update(dict.fromkeys(_names.split(), _number))

WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(("monday mon", "tuesday tue tues", "wednesday wed", "thursday thu thur thurs",
                                  "friday fri", "saturday sat", "sunday sun")):
    WEEKDAYS.update(dict.fromkeys(_names.split(), _number))

NUMBER_WORDS: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "couple of": 2, "a couple": 2,
    "a few": 3, "few": 3, "ein": 1, "eine": 1, "einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4,
    "funf": 5, "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "une": 1,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
}
UNITS: dict[str, str] = {
    **dict.fromkeys("day days d tag tage tagen dia dias jour jours".split(), "day"),
    **dict.fromkeys("week weeks wk wks w woche wochen semana semanas semaine semaines".split(), "week"),
    **dict.fromkeys(["fortnight", "fortnights"], "fortnight"),
    **dict.fromkeys("month months monat monate monaten mes meses mois".split(), "month"),
    **dict.fromkeys("year years yr yrs jahr jahre jahren ano anos an ans annee annees".split(), "year"),
}
HOURS = "hours|hour|hrs|hr|minutes|mins|stunden|stunde|horas|hora|heures|heure"
TODAY_WORDS = {"today", "this morning", "this afternoon", "this evening", "tonight", "earlier today", "just now",
               "heute", "hoy", "aujourd hui", "aujourdhui"}
YESTERDAY_WORDS = {"yesterday", "last night", "yesterday morning", "yesterday afternoon", "yesterday evening",
                   "gestern", "ayer", "anoche", "hier"}
TWO_DAYS_WORDS = {"the day before yesterday", "day before yesterday", "vorgestern", "anteayer", "avant hier"}

_FILLER_BEFORE = re.compile(
    r"^(?:(?:it |the pain |pain )?(?:started|began|begun|start|came on)(?: on| at)?|since|from|on|at|about|around|for"
    r"|roughly|approximately|approx|maybe|probably|i think|i guess|circa|ca|seit|desde|depuis|am|el|le|hace|vor"
    r"|il y a)\s+")
_FILLER_AFTER = re.compile(r"\s+(?:or so|ish|i think|i guess|approximately|roughly|maybe|probably|or something)$")
_NUMBER = "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{4}|\d{2}))?\.?")
_DAY_MONTH = re.compile(rf"(?:the )?(\d{{1,2}})(?:st|nd|rd|th|\.)?(?: of| de)? ({_MONTH})\.?(?:,? (\d{{4}}))?")
_MONTH_DAY = re.compile(rf"({_MONTH})\.? (?:the )?(\d{{1,2}})(?:st|nd|rd|th)?(?:,? (\d{{4}}))?")
_PART = r"start|beginning|early|first week|mid|middle|second week|third week|end|late|last week"
_MONTH_ONLY = re.compile(rf"(?:in |in the )?(?:the )?(?:({_PART}) (?:of |in )?)?({_MONTH}|last month)(?: (\d{{4}}))?")
_AGO = r"(?: ago| back| before| earlier| now)?"
_RELATIVE = re.compile(rf"(?:the )?(?:last |past )?(?:(\d+(?:[.,]\d+)?)\s*|({_NUMBER})\s+)({_UNIT})"
                       rf"( and a half)?{_AGO}")
_RANGE = re.compile(rf"(\d+) ?(?:-|to|or) ?(\d+) ({_UNIT}){_AGO}")
_HOURS = re.compile(rf"(?:(\d+)\s*|(?:{_NUMBER})\s+)(?:{HOURS}){_AGO}")
_WEEKDAY_RE = re.compile(rf"(last |this |past |on |on the )?({_WEEKDAY})")
_LAST = re.compile(r"(?:last|the last|past) (week|weekend|month|year)|(?:the |over the |at the )?(weekend)")


def parse_since(text: str, today: date) -> date | None:
    """A typed episode start ('20.11.2026', '20 Nov', '3 weeks ago', 'last monday'...); None if not understood
    or in the future."""
    phrase = _normalise(text)
    if not phrase:
        return None
    for parser in (_iso, _numeric, _day_month, _month_day, _month_only, _relative, _range, _hours, _words, _weekday,
                   _last, holiday, day_of_month):
        try:
            found = parser(phrase, today)
        except (ValueError, OverflowError):
            return None
        if found is not None:
            return found if EARLIEST <= found <= today else None
    return None


def _normalise(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    plain = re.sub(r"['’`-]", " ", plain) if not re.search(r"\d-\d", plain) else plain.replace("’", "'")
    plain = re.sub(r"\s+", " ", plain).strip()
    plain = re.sub(rf"^(?:{_WEEKDAY})\.?,? (?=(?:the )?\d)", "", plain)  # "Mon 2 Nov": the date says it all
    plain = re.sub(r"[!?,;]+$", "", plain).strip(" .")
    for _ in range(3):
        plain = _FILLER_AFTER.sub("", _FILLER_BEFORE.sub("", plain))
    return plain


def _year(text: str | None, today: date) -> int | None:
    if text is None:
        return None
    year = int(text)
    if len(text) == 2:
        year += 2000 if 2000 + year <= today.year else 1900
    return year


def _latest(month: int, day: int, year: int | None, today: date) -> date:
    """The date with that day and month: in the given year, or else the latest one not after today."""
    if year is not None:
        return date(year, month, day)
    for back in range(9):
        candidate_year = today.year - back
        if day <= calendar.monthrange(candidate_year, month)[1]:
            candidate = date(candidate_year, month, day)
            if candidate <= today:
                return candidate
    raise ValueError("no such day")


def _iso(phrase: str, today: date) -> date | None:
    match = _ISO.fullmatch(phrase)
    return date(int(match[1]), int(match[2]), int(match[3])) if match else None


def _numeric(phrase: str, today: date) -> date | None:
    match = _NUMERIC.fullmatch(phrase)
    if not match:
        return None
    first, second, year = int(match[1]), int(match[2]), _year(match[3], today)
    if second > 12 >= first:
        first, second = second, first      # month first, as in 11/20/2026
    return _latest(second, first, year, today)


def _day_month(phrase: str, today: date) -> date | None:
    match = _DAY_MONTH.fullmatch(phrase)
    return _latest(MONTHS[match[2]], int(match[1]), _year(match[3], today), today) if match else None


def _month_day(phrase: str, today: date) -> date | None:
    match = _MONTH_DAY.fullmatch(phrase)
    return _latest(MONTHS[match[1]], int(match[2]), _year(match[3], today), today) if match else None


def _month_only(phrase: str, today: date) -> date | None:
    match = _MONTH_ONLY.fullmatch(phrase)
    if not match:
        return None
    part = match[1]
    if match[2] == "last month" and part is None:
        return None                        # "last month" alone: a month back (_last)
    if match[2] == "last month":
        start = _months_back(today, 1).replace(day=1)
        month = start.month
    else:
        month = MONTHS[match[2]]
        start = _latest(month, 1, _year(match[3], today), today)
    if part in ("first week",):
        return start.replace(day=4)
    if part in ("second week", "third week"):
        return start.replace(day=11 if part == "second week" else 18)
    if part in ("mid", "middle"):
        return start.replace(day=15)
    if part in ("end", "late", "last week"):
        return start.replace(day=calendar.monthrange(start.year, month)[1])
    return start


def _relative(phrase: str, today: date) -> date | None:
    match = _RELATIVE.fullmatch(phrase)
    if not match:
        return None
    amount = NUMBER_WORDS[match[2]] if match[2] else float(match[1].replace(",", "."))
    amount += 0.5 if match[4] else 0
    unit = UNITS[match[3]]
    if unit in ("month", "year") and amount == int(amount):
        return _months_back(today, int(amount) * (12 if unit == "year" else 1))
    days = amount * {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}[unit]
    if days > MAX_DAYS_BACK:
        return None
    return today - timedelta(days=round(days))


def _range(phrase: str, today: date) -> date | None:
    """'3-4 days ago': the earlier end, so the episode is never taken as shorter than it was."""
    match = _RANGE.fullmatch(phrase)
    return _relative(f"{max(int(match[1]), int(match[2]))} {match[3]}", today) if match else None


def _hours(phrase: str, today: date) -> date | None:
    match = _HOURS.fullmatch(phrase)
    if not match:
        return None
    return today - timedelta(days=int(match[1]) // 24 if match[1] else 0)


def _months_back(today: date, months: int) -> date:
    if months > MAX_DAYS_BACK // 28:
        raise OverflowError("too far back")
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


def _words(phrase: str, today: date) -> date | None:
    for words, days in ((TODAY_WORDS, 0), (YESTERDAY_WORDS, 1), (TWO_DAYS_WORDS, 2)):
        if phrase in words:
            return today - timedelta(days=days)
    return None


def _weekday(phrase: str, today: date) -> date | None:
    match = _WEEKDAY_RE.fullmatch(phrase)
    if not match:
        return None
    back = (today.weekday() - WEEKDAYS[match[2]]) % 7
    if back == 0 and match[1] in ("last ", "past "):
        back = 7
    return today - timedelta(days=back)


def _last(phrase: str, today: date) -> date | None:
    match = _LAST.fullmatch(phrase)
    if not match:
        return None
    what = match[1] or match[2]
    if what == "week":
        return today - timedelta(days=7)
    if what == "weekend":
        return today - timedelta(days=(today.weekday() - 5) % 7 or 7)
    return _months_back(today, 1 if what == "month" else 12)
