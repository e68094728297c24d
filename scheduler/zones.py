"""Likely time zones for a new subscriber, from the language their Telegram app uses. Pure.

A guess to save typing, never a decision: the subscriber confirms by the local time, shares a location,
or types any zone with /timezone. Languages spoken across many zones list the most populous ones.
"""

from __future__ import annotations

MAX_OFFERED = 4

_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "en": ("Europe/London", "America/New_York", "America/Chicago", "America/Los_Angeles", "Australia/Sydney"),
    "es": ("Europe/Madrid", "America/Mexico_City", "America/Bogota", "America/Argentina/Buenos_Aires"),
    "de": ("Europe/Berlin", "Europe/Vienna", "Europe/Zurich"),
    "fr": ("Europe/Paris", "Europe/Brussels", "America/Toronto", "Africa/Casablanca"),
    "it": ("Europe/Rome", "Europe/Zurich"),
    "pt": ("Europe/Lisbon", "America/Sao_Paulo"),
    "nl": ("Europe/Amsterdam", "Europe/Brussels"),
    "pl": ("Europe/Warsaw",),
    "uk": ("Europe/Kyiv",),
    "ru": ("Europe/Moscow", "Asia/Yekaterinburg", "Asia/Almaty"),
    "tr": ("Europe/Istanbul",),
    "ar": ("Asia/Riyadh", "Africa/Cairo", "Asia/Dubai"),
    "he": ("Asia/Jerusalem",),
    "hi": ("Asia/Kolkata",),
    "id": ("Asia/Jakarta",),
    "ja": ("Asia/Tokyo",),
    "ko": ("Asia/Seoul",),
    "zh": ("Asia/Shanghai", "Asia/Taipei", "Asia/Hong_Kong"),
}
_BY_REGION: dict[str, str] = {
    "br": "America/Sao_Paulo", "pt": "Europe/Lisbon", "gb": "Europe/London", "us": "America/New_York",
    "au": "Australia/Sydney", "ca": "America/Toronto", "mx": "America/Mexico_City", "ar": "America/Argentina/Buenos_Aires",
    "es": "Europe/Madrid", "at": "Europe/Vienna", "ch": "Europe/Zurich", "be": "Europe/Brussels", "tw": "Asia/Taipei",
    "hk": "Asia/Hong_Kong", "in": "Asia/Kolkata", "ie": "Europe/Dublin", "nz": "Pacific/Auckland",
}


def likely_zones(language_code: str | None, clinic_zone: str) -> tuple[str, ...]:
    """Up to four zones to offer: the one a region tag names ('pt-br'), the language's, then the clinic's."""
    language, _, region = (language_code or "").lower().replace("_", "-").partition("-")
    found: list[str] = []
    for zone in ((_BY_REGION[region],) if region in _BY_REGION else ()) + _BY_LANGUAGE.get(language, ()):
        if zone not in found:
            found.append(zone)
    offered = found[:MAX_OFFERED - 1] if clinic_zone not in found else found[:MAX_OFFERED]
    if clinic_zone not in offered:
        offered.append(clinic_zone)
    return tuple(offered)
