"""Charts drawn on the server as SVG by pygal, a charting library installed by `make setup`: the
page gets the chart in its own HTML (no script, nothing fetched from the internet), readable
without JavaScript and by screen readers (each chart has a title and its figures as a table
beside it in the page)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import pygal
from markupsafe import Markup
from pygal.style import Style

from dondoc.formatting import format_number

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#52606d",
    font_family="system-ui, 'Segoe UI', Roboto, Arial, sans-serif",
    colors=("#1b7f3b", "#d9822b", "#c23030", "#2b6cb0", "#7b61a8", "#6b7280", "#0f766e"),
    title_font_size=16,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    value_font_size=12,
)


def _config(title: str, **extra: object) -> dict:
    return {
        "title": title,
        "style": STYLE,
        "js": [],  # pygal's default tooltip script lives on the internet: none here
        "disable_xml_declaration": True,
        "show_legend": True,
        "legend_at_bottom": True,
        "truncate_legend": -1,  # Vietnamese labels are long; never cut them
        "truncate_label": 40,
        "value_formatter": lambda v: format_number(v, 1),
        "width": 640,
        "height": 320,
        "explicit_size": False,
        **extra,
    }


def _svg(chart: pygal.graph.graph.Graph) -> Markup:
    return Markup(chart.render(is_unicode=True))  # noqa: S704 — pygal escapes its labels


# A chart is a pure function of its title and figures, and pygal takes ~10 ms to draw one: the
# pages draw each distinct chart once (the figures change only when a report or a correction
# changes them) and keep the last CHARTS_KEPT drawn, ~20 kB each.
CHARTS_KEPT = 2048


def stacked_bars(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> Markup:
    return _stacked_bars(title, tuple(labels), tuple((name, tuple(values)) for name, values in series))


@lru_cache(maxsize=CHARTS_KEPT)
def _stacked_bars(
    title: str, labels: tuple[str, ...], series: tuple[tuple[str, tuple[int, ...]], ...]
) -> Markup:
    chart = pygal.HorizontalStackedBar(**_config(title, height=max(180, 60 + 40 * len(labels))))
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    return _svg(chart)


def bars(title: str, labels: Sequence[str], values: Sequence[float | None], unit: str = "") -> Markup:
    return _bars(title, tuple(labels), tuple(values), unit)


@lru_cache(maxsize=CHARTS_KEPT)
def _bars(title: str, labels: tuple[str, ...], values: tuple[float | None, ...], unit: str) -> Markup:
    chart = pygal.HorizontalBar(**_config(title, show_legend=False, height=max(180, 60 + 28 * len(labels))))
    chart.x_labels = list(labels)
    chart.add(unit or title, list(values))
    return _svg(chart)


def pie(title: str, parts: Sequence[tuple[str, int]]) -> Markup:
    return _pie(title, tuple(parts))


@lru_cache(maxsize=CHARTS_KEPT)
def _pie(title: str, parts: tuple[tuple[str, int], ...]) -> Markup:
    chart = pygal.Pie(**_config(title, inner_radius=0.45, height=300))
    for name, value in parts:
        chart.add(name, value)
    return _svg(chart)


def target_path(
    title: str,
    points: Sequence[tuple[float, float]],
    target: tuple[float, float] | None,
    forecast: tuple[float, float] | None,
) -> Markup:
    """Reported values over time, the target at its year and the forecast from the same rate."""
    return _target_path(title, tuple(points), target, forecast)


@lru_cache(maxsize=CHARTS_KEPT)
def _target_path(
    title: str,
    points: tuple[tuple[float, float], ...],
    target: tuple[float, float] | None,
    forecast: tuple[float, float] | None,
) -> Markup:
    # x is a (fractional) year: no thousands separator ("2025,5", not "2.025,5")
    chart = pygal.XY(**_config(title, dots_size=4, x_value_formatter=lambda x: f"{x:.1f}".replace(".", ",")))
    chart.add("Giá trị báo cáo", list(points))
    if points and forecast is not None:
        chart.add("Dự báo", [points[-1], forecast], stroke_style={"dasharray": "6, 4"})
    if target is not None:
        chart.add("Mục tiêu", [target], stroke=False, dots_size=7)
    return _svg(chart)
