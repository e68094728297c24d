"""Pure chart rendering: plain data in, PNG bytes out (no Telegram, no database).

Matplotlib is used only through its object API (``Figure`` + ``FigureCanvasAgg``), never
pyplot: pyplot keeps global figure state, which leaks in a long-running bot and is not
thread-safe. Agg needs no display, so this works headless. Every chart has the same fixed
pixel size (``CHART_SIZE``). Each call builds its own figure, so calls may run in worker
threads (e.g. ``asyncio.to_thread``) without sharing state.

User-facing words (titles, axis and legend labels) are passed in by the caller; the only
built-in text is tick formatting (numbers and dates).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory

DPI = 100
CHART_SIZE: tuple[int, int] = (1000, 600)
POINT_COLOUR = "#d62728"  # check-in markers in history_chart only; nothing else uses it
LINE_COLOUR = "#7f8fa6"
ESCALATION_COLOURS: dict[int, str] = {1: "#f2b701", 2: "#ff7f0e", 3: "#7b2cbf"}
STATS_COLOURS = ("#1f77b4", "#2ca02c", "#ff7f0e")
DEFAULT_STATS_LABELS = ("subscribers", "nudges done", "escalations")

_MARKER_SIZE = 9  # points; about 12 px across at DPI 100
_PAIN_LIMITS = (-0.6, 10.6)  # room so markers at 0 and 10 are not clipped
_SINGLE_POINT_PAD = timedelta(hours=12)
_MIN_PAD = timedelta(hours=3)
_BAND_FRACTION = 0.008  # half-width of an escalation band, as a fraction of the x range
_PNG_METADATA = {"Software": None}  # keep the bytes independent of the matplotlib version


@dataclass(frozen=True)
class HistoryPoint:
    """One check-in: when it happened (aware, local zone), pain 0-10, outcome level 0-3."""

    when: datetime
    pain: int
    level: int


def _new_figure() -> Figure:
    """A fresh figure of exactly CHART_SIZE pixels, attached to an Agg canvas."""
    width, height = CHART_SIZE
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _to_png(fig: Figure) -> bytes:
    """Render the figure to PNG bytes (fixed size: no tight bounding box)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata=_PNG_METADATA)
    return buffer.getvalue()


def _check_points(points: Sequence[HistoryPoint]) -> None:
    """Raise ValueError for a naive time, or a pain or level out of range."""
    for index, point in enumerate(points):
        if point.when.tzinfo is None or point.when.utcoffset() is None:
            raise ValueError(f"history point {index}: 'when' must be timezone-aware, got {point.when!r}")
        if not 0 <= point.pain <= 10:
            raise ValueError(f"history point {index}: pain must be 0-10, got {point.pain!r}")
        if not 0 <= point.level <= 3:
            raise ValueError(f"history point {index}: level must be 0-3, got {point.level!r}")


def _style_pain_axis(ax: Axes, pain_label: str) -> None:
    """Y axis 0-10 with one tick per pain step and a light grid."""
    ax.set_ylim(*_PAIN_LIMITS)
    ax.set_yticks(range(0, 11))
    ax.set_ylabel(pain_label)
    ax.grid(True, axis="y", color="#e6e6e6", linewidth=0.8)
    ax.set_axisbelow(True)


def history_chart(points: Sequence[HistoryPoint], title: str, pain_label: str) -> bytes:
    """A subscriber's pain over time as a PNG: one POINT_COLOUR marker per check-in, escalations banded."""
    _check_points(points)
    ordered = sorted(points, key=lambda p: p.when)
    fig = _new_figure()
    ax = fig.add_subplot()
    ax.set_title(title)
    _style_pain_axis(ax, pain_label)
    if not ordered:
        ax.set_xticks([])
        return _to_png(fig)

    tz = ordered[-1].when.tzinfo
    first, last = ordered[0].when, ordered[-1].when
    pad = _SINGLE_POINT_PAD if first == last else max((last - first) * 0.05, _MIN_PAD)
    xmin, xmax = mdates.date2num(first - pad), mdates.date2num(last + pad)
    ax.set_xlim(xmin, xmax)
    locator = mdates.AutoDateLocator(tz=tz, minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, tz=tz))

    xs = [mdates.date2num(p.when) for p in ordered]
    pains = [p.pain for p in ordered]
    half_band = (xmax - xmin) * _BAND_FRACTION
    top = blended_transform_factory(ax.transData, ax.transAxes)
    for x, point in zip(xs, ordered):
        if point.level <= 0:
            continue
        colour = ESCALATION_COLOURS[point.level]
        ax.axvspan(x - half_band, x + half_band, color=colour, alpha=0.25, linewidth=0, zorder=0.5)
        ax.plot([x], [0.985], transform=top, marker="v", markersize=8, color=colour,
                linestyle="none", clip_on=False, zorder=2.5)

    ax.plot(xs, pains, color=LINE_COLOUR, linewidth=1.5, zorder=2)
    # Drawn last and on top; the white edge keeps neighbouring markers apart.
    ax.plot(xs, pains, linestyle="none", marker="o", markersize=_MARKER_SIZE,
            markerfacecolor=POINT_COLOUR, markeredgecolor="white", markeredgewidth=1.5, zorder=3)
    return _to_png(fig)


def _check_stats(days: Sequence[date], series: dict[str, Sequence[int]], labels: Sequence[str]) -> None:
    """Raise ValueError unless every series matches days in length, is non-negative, and 3 labels."""
    lengths = {name: len(values) for name, values in series.items()}
    if any(length != len(days) for length in lengths.values()):
        detail = ", ".join(f"{name}={length}" for name, length in lengths.items())
        raise ValueError(f"stats_chart: series lengths must all equal len(days)={len(days)}; got {detail}")
    for name, values in series.items():
        negative = [v for v in values if v < 0]
        if negative:
            raise ValueError(f"stats_chart: {name} must be non-negative, got {negative[0]!r}")
    if len(labels) != 3:
        raise ValueError(f"stats_chart: labels must have 3 entries, got {len(labels)}")


def stats_chart(days: Sequence[date], subscribers: Sequence[int], nudges_done: Sequence[int],
                escalations: Sequence[int], title: str, *,
                labels: Sequence[str] = DEFAULT_STATS_LABELS) -> bytes:
    """Operators' daily chart as a PNG: active subscribers, nudges done and escalations, with a legend."""
    _check_stats(days, {"subscribers": subscribers, "nudges_done": nudges_done,
                        "escalations": escalations}, labels)
    fig = _new_figure()
    fig.suptitle(title)
    ax_subs, ax_nudges, ax_esc = fig.subplots(3, 1, sharex=True, height_ratios=(1.2, 1, 1))
    sub_colour, nudge_colour, esc_colour = STATS_COLOURS
    xs = [mdates.date2num(d) for d in days]

    ax_subs.plot(xs, list(subscribers), color=sub_colour, linewidth=2, marker="o", markersize=3)
    if xs:
        ax_subs.fill_between(xs, list(subscribers), color=sub_colour, alpha=0.12, linewidth=0)
    ax_nudges.bar(xs, list(nudges_done), width=0.8, color=nudge_colour)
    ax_esc.bar(xs, list(escalations), width=0.8, color=esc_colour)

    for ax, values in ((ax_subs, subscribers), (ax_nudges, nudges_done), (ax_esc, escalations)):
        ax.set_ylim(0, max(1, max(values, default=0)) * 1.12)  # never a 0-0 axis
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4, min_n_ticks=2))
        ax.grid(True, axis="y", color="#e6e6e6", linewidth=0.8)
        ax.set_axisbelow(True)
    if xs:
        ax_esc.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
        short = max(xs) - min(xs) <= 10
        if short:  # one tick per day; the concise formatter would show "00:00" for a lone day
            ax_esc.xaxis.set_major_locator(mdates.DayLocator())
            ax_esc.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
        else:
            locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
            ax_esc.xaxis.set_major_locator(locator)
            ax_esc.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    else:
        ax_esc.set_xticks([])

    handles = [Line2D([], [], color=sub_colour, linewidth=2, marker="o", markersize=3),
               Patch(color=nudge_colour), Patch(color=esc_colour)]
    fig.legend(handles, list(labels), loc="outside lower center", ncols=3, frameon=False)
    return _to_png(fig)
