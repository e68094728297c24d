"""`python run.py stats [--chart FILE.png]`: the operators' figures on the command line, read from
the configured database, and optionally the 30-day chart."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path


from bot.core.reports.charts import stats_chart
from bot.core.reports.stats import chart_series, collect_stats, format_stats
from bot.core.storage.store import Storage


def run_stats(database: Path, chart: Path | None, now: datetime | None = None) -> int:
    """Print the figures (and write the chart); return the exit code."""
    if not database.is_file():
        print(f"error: no database at {database} (set BOT_DATABASE or --database)", file=sys.stderr)
        return 2
    storage = Storage.open(database)
    try:
        now = now or datetime.now(UTC)
        print(format_stats(collect_stats(storage, now)))
        if chart is not None:
            days, subscribers, done, escalations = chart_series(storage, now)
            chart.write_bytes(stats_chart(days, subscribers, done, escalations,
                                          title=f"Last 30 days to {now:%Y-%m-%d} (UTC)"))
            print(f"chart written to {chart}")
    finally:
        storage.close()
    return 0
