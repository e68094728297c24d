"""The bot's Prometheus metrics: counts only, never who. One registry per Application (tests build many).

Counters and the histogram are bumped where things happen (update_processor.py, sending/delivery.py,
reload.py); subscribers by status, escalations by level, 429s and skipped updates are read at scrape time
by StateCollector, from the database and the rate limiter, so nothing else needs to count them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.core.storage.store import Storage

logger = logging.getLogger(__name__)

UPDATE_KINDS = ("message", "edited_message", "callback_query", "channel_post")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # escalations since: all of them


def update_kind(update: object) -> str:
    """message, edited_message, callback_query, channel_post or other: the kind of an update, for counting."""
    return next((kind for kind in UPDATE_KINDS if getattr(update, kind, None) is not None), "other")


class Metrics:
    """The registry of one Application and the metrics bumped as things happen."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter("backcare_updates", "Updates handled, by kind", ["kind"], registry=self.registry)
        self.handling = Histogram("backcare_update_handling_seconds", "Time handling one update (its handlers)",
                                  registry=self.registry)
        self.scheduled_sends = Counter("backcare_scheduled_sends", "Scheduled messages sent or not, by kind and outcome",
                                       ["kind", "outcome"], registry=self.registry)
        self.reloads = Counter("backcare_content_reloads", "Content reloads, by result (ok, refused)", ["result"],
                               registry=self.registry)

    def watch(self, storage: Callable[[], Storage], throttles: Callable[[], Mapping[str, int]],
              skipped: Callable[[], int]) -> None:
        """Also report, at each scrape, what these read: the storage, the rate limiter's 429s, skipped updates."""
        self.registry.register(StateCollector(storage, throttles, skipped))

    def render(self) -> bytes:
        """Every metric in Prometheus' text format."""
        return generate_latest(self.registry)


class StateCollector(Collector):
    """Figures read when scraped: subscribers by status and escalations by level (from the database), 429s
    by kind of send, updates skipped as unparsable."""

    def __init__(self, storage: Callable[[], Storage], throttles: Callable[[], Mapping[str, int]],
                 skipped: Callable[[], int]) -> None:
        self.storage, self.throttles, self.skipped = storage, throttles, skipped

    def collect(self) -> Iterable[Metric]:
        """The figures as they are now; the database's are left out if it cannot be read."""
        throttled = CounterMetricFamily("backcare_telegram_throttles", "429 answers from Telegram, by kind of send",
                                        labels=["kind"])
        for kind, count in sorted(self.throttles().items()):
            throttled.add_metric([kind], count)
        yield throttled
        yield CounterMetricFamily("backcare_skipped_updates", "Updates skipped: the library could not parse them",
                                  value=self.skipped())
        try:
            storage = self.storage()
            statuses, levels = storage.count_by_status(), storage.escalations_by_level(EPOCH)
        except Exception as error:  # a scrape must never fail because of the database
            logger.warning("metrics: the database could not be read: %s", error)
            return
        subscribers = GaugeMetricFamily("backcare_subscribers", "Subscribers, by status", labels=["status"])
        for status, count in sorted(statuses.items()):
            subscribers.add_metric([status], count)
        yield subscribers
        escalations = CounterMetricFamily("backcare_escalations", "Safety escalations, by level", labels=["level"])
        for level, count in sorted(levels.items()):
            escalations.add_metric([str(level)], count)
        yield escalations
