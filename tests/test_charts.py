"""Tests for bot.core.reports.charts: fixed-size, non-blank PNGs and one marker per check-in."""

from __future__ import annotations

import gc
import io
import os
import subprocess
import sys
import weakref
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from PIL import Image, ImageDraw

from bot.core.reports import charts
from bot.core.reports.charts import (CHART_SIZE, ESCALATION_COLOURS, POINT_COLOUR, HistoryPoint,
                             history_chart, stats_chart)
from tests.png_checks import (count_markers, decode_png, is_not_blank, pixels, png_size)

TZ = ZoneInfo("Europe/Berlin")
START = datetime(2025, 3, 20, 8, 30, tzinfo=TZ)  # spans the 30 March DST change
ROOT = Path(__file__).resolve().parents[1]


def make_points(count: int, span_days: float, pains=None, levels=None) -> list[HistoryPoint]:
    """count check-ins spread evenly over span_days, with varied pain and some escalations."""
    step = timedelta(days=span_days) / max(count - 1, 1)
    pains = pains or [(3 * i + 2) % 11 for i in range(count)]
    levels = levels or [(0, 0, 1, 0, 2, 3)[i % 6] for i in range(count)]
    return [HistoryPoint(START + step * i, pains[i], levels[i]) for i in range(count)]


def make_stats(n: int = 30):
    """n days of plausible operator numbers."""
    days = [date(2025, 3, 1) + timedelta(days=i) for i in range(n)]
    return days, [40 + i for i in range(n)], [(i * 17) % 60 for i in range(n)], [i % 4 for i in range(n)]


# --- the helpers themselves must be able to say "no" -------------------------------------


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_helpers_count_blobs_and_detect_blank_images():
    image = Image.new("RGB", (200, 100), "white")
    draw = ImageDraw.Draw(image)
    for x in (20, 80, 140):
        draw.ellipse((x, 40, x + 12, 52), fill=POINT_COLOUR)
    draw.ellipse((170, 40, 182, 52), fill="#1f77b4")
    draw.line((0, 90, 199, 90), fill="black")
    data = _png(image)
    assert count_markers(data, POINT_COLOUR) == 3
    assert count_markers(data, "#1f77b4") == 1
    assert not is_not_blank(_png(Image.new("RGB", (200, 100), "white")))
    with pytest.raises(AssertionError):
        decode_png(b"GIF89a not a png")


# --- history_chart ------------------------------------------------------------------------


@pytest.mark.parametrize("count, span_days", [(1, 2), (3, 2), (7, 10), (12, 40), (5, 0.5)])
def test_history_has_one_point_marker_per_checkin(count, span_days):
    points = make_points(count, span_days)
    png = history_chart(points, "title", "pain")
    assert png_size(png) == CHART_SIZE
    assert is_not_blank(png)
    assert count_markers(png, POINT_COLOUR) == count


def test_history_markers_with_equal_pain_are_not_merged_by_the_line():
    points = make_points(7, 30, pains=[5] * 7)
    assert count_markers(history_chart(points, "t", "p"), POINT_COLOUR) == 7


def test_history_extreme_pains_are_not_clipped_away():
    points = make_points(4, 6, pains=[0, 10, 0, 10])
    assert count_markers(history_chart(points, "t", "p"), POINT_COLOUR) == 4


def test_escalations_are_marked_without_hiding_points():
    calm = make_points(6, 12, levels=[0] * 6)
    urgent = make_points(6, 12, levels=[0, 3, 0, 3, 2, 1])
    calm_png, urgent_png = history_chart(calm, "t", "p"), history_chart(urgent, "t", "p")
    assert count_markers(calm_png, POINT_COLOUR) == count_markers(urgent_png, POINT_COLOUR) == 6
    assert count_markers(calm_png, ESCALATION_COLOURS[3]) == 0
    assert count_markers(urgent_png, ESCALATION_COLOURS[3]) == 2
    assert not np.array_equal(pixels(calm_png), pixels(urgent_png))


def test_empty_history_is_still_a_valid_chart():
    png = history_chart([], "no check-ins yet", "pain")
    assert png_size(png) == CHART_SIZE
    assert is_not_blank(png)
    assert count_markers(png, POINT_COLOUR) == 0


def test_many_points_render_and_roughly_count():
    points = make_points(65, 30)
    png = history_chart(points, "t", "p")
    assert png_size(png) == CHART_SIZE
    assert 0.8 * 65 <= count_markers(png, POINT_COLOUR) <= 65


def test_many_points_on_one_day_are_spread_by_time():
    points = [HistoryPoint(START + timedelta(hours=2 * i), 4, 0) for i in range(6)]
    assert count_markers(history_chart(points, "t", "p"), POINT_COLOUR) == 6


def test_history_order_of_input_does_not_matter():
    points = make_points(8, 9)
    shuffled = points[1::2] + points[::2]
    assert np.array_equal(pixels(history_chart(points, "t", "p")),
                          pixels(history_chart(shuffled, "t", "p")))


def test_history_title_and_label_are_drawn():
    points = make_points(3, 3)
    assert not np.array_equal(pixels(history_chart(points, "one", "p")),
                              pixels(history_chart(points, "two", "p")))
    assert not np.array_equal(pixels(history_chart(points, "t", "one")),
                              pixels(history_chart(points, "t", "two")))


@pytest.mark.parametrize("bad, message", [
    (HistoryPoint(datetime(2025, 3, 1, 9, 0), 3, 0), "timezone-aware"),
    (HistoryPoint(START, 11, 0), "pain"),
    (HistoryPoint(START, -1, 0), "pain"),
    (HistoryPoint(START, 3, 4), "level"),
])
def test_history_rejects_bad_points(bad, message):
    with pytest.raises(ValueError, match=message):
        history_chart(make_points(2, 2) + [bad], "t", "p")


# --- stats_chart --------------------------------------------------------------------------


@pytest.mark.parametrize("n", [30, 1, 0])
def test_stats_chart_size_and_content(n):
    png = stats_chart(*make_stats(n), "last 30 days")
    assert png_size(png) == CHART_SIZE
    assert is_not_blank(png)


def test_stats_chart_all_zero_values():
    days = make_stats(10)[0]
    png = stats_chart(days, [0] * 10, [0] * 10, [0] * 10, "t")
    assert png_size(png) == CHART_SIZE and is_not_blank(png)


@pytest.mark.parametrize("short", ["subscribers", "nudges_done", "escalations", "days"])
def test_stats_chart_rejects_mismatched_lengths(short):
    days, subs, nudges, escs = make_stats(30)
    series = {"days": days, "subscribers": subs, "nudges_done": nudges, "escalations": escs}
    series[short] = series[short][:-1]
    with pytest.raises(ValueError, match="lengths"):
        stats_chart(series["days"], series["subscribers"], series["nudges_done"],
                    series["escalations"], "t")


def test_stats_chart_rejects_negative_values_and_wrong_label_count():
    days, subs, nudges, escs = make_stats(5)
    with pytest.raises(ValueError, match="non-negative"):
        stats_chart(days, subs, nudges, [0, 0, -1, 0, 0], "t")
    with pytest.raises(ValueError, match="labels"):
        stats_chart(days, subs, nudges, escs, "t", labels=("a", "b"))


def test_stats_chart_uses_passed_labels_and_never_the_point_colour():
    data = make_stats(30)
    default = stats_chart(*data, "t")
    custom = stats_chart(*data, "t", labels=("A", "B", "C"))
    assert not np.array_equal(pixels(default), pixels(custom))
    assert count_markers(default, POINT_COLOUR) == 0


# --- determinism, headless rendering, no leaks --------------------------------------------


def test_renders_are_deterministic():
    points = make_points(12, 40)
    first, second = history_chart(points, "t", "p"), history_chart(points, "t", "p")
    assert png_size(first) == png_size(second) == CHART_SIZE
    assert np.array_equal(pixels(first), pixels(second))
    data = make_stats(30)
    assert np.array_equal(pixels(stats_chart(*data, "t")), pixels(stats_chart(*data, "t")))


def test_charts_render_headless_without_pyplot():
    script = (
        "import sys\n"
        "from datetime import date, datetime, timezone\n"
        "from bot.core.reports.charts import HistoryPoint, history_chart, stats_chart\n"
        "p = [HistoryPoint(datetime(2025, 1, d, tzinfo=timezone.utc), d % 11, 0) for d in (1, 5)]\n"
        "assert history_chart(p, 't', 'p')[:4] == b'\\x89PNG'\n"
        "assert stats_chart([date(2025, 1, 1)], [1], [1], [0], 't')[:4] == b'\\x89PNG'\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
        "print('ok')\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["MPLBACKEND"] = "TkAgg"  # an interactive default must not matter: we never select one
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_figures_are_released_after_rendering(monkeypatch):
    made: list[weakref.ref] = []

    class TrackedFigure(charts.Figure):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(weakref.ref(self))

    monkeypatch.setattr(charts, "Figure", TrackedFigure)
    history_chart(make_points(5, 5), "t", "p")
    history_chart([], "t", "p")
    stats_chart(*make_stats(7), "t")
    gc.collect()
    assert len(made) == 3
    assert all(ref() is None for ref in made), "a figure outlived its render"
