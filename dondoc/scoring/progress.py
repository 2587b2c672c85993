"""Indicator progress against a numeric target by the Open SDG method (sdg-build
``ProgressMeasure``, methodology 2), as DESIGN.md "Rules from the field" writes it, plus the
weighted roll-up of children into a group.

Pure functions: no database, no I/O, standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

COMPARATORS = (">=", ">", "<=", "<", "=", "range", "text")

PROGRESS_STATUSES = (
    "target_achieved",
    "substantial",
    "moderate",
    "limited",
    "deterioration",
    "not_enough_data",
    "no_numeric_target",
)

LABELS_VI: dict[str, str] = {
    "target_achieved": "Đã đạt mục tiêu",
    "substantial": "Tiến bộ đáng kể",
    "moderate": "Tiến bộ vừa phải",
    "limited": "Tiến bộ hạn chế",
    "deterioration": "Đi xuống",
    "not_enough_data": "Chưa đủ dữ liệu",
    "no_numeric_target": "Chỉ tiêu định tính",
}

LABELS_EN: dict[str, str] = {
    "target_achieved": "Target achieved",
    "substantial": "Substantial progress",
    "moderate": "Moderate progress",
    "limited": "Limited progress",
    "deterioration": "Deterioration",
    "not_enough_data": "Not enough data",
    "no_numeric_target": "Qualitative target",
}

# sdg-build's default thresholds for a quantitative target ("high", "med", "low").
SUBSTANTIAL_AT = 0.95
MODERATE_AT = 0.6
LIMITED_AT = 0.0

# sdg-build replaces a zero base (and a zero target) by 0.001 because CAGR divides by the base.
ZERO_REPLACEMENT = 0.001

FORMULA_VI = (
    "Phương pháp Open SDG (sdg-build ProgressMeasure). Giá trị gốc v0 tại năm t0 (giá trị nền "
    "nếu có, nếu không là số liệu sớm nhất), giá trị hiện tại v1 tại năm t1 (số liệu mới nhất), "
    "chỉ tiêu T tại năm tT. Tốc độ tăng trưởng bình quân năm CAGR(a, b, ta, tb) = "
    "(a ÷ b)^(1 ÷ (ta − tb)) − 1. Tỷ số tiến độ p = hướng × CAGR(v1, v0, t1, t0) ÷ "
    "|CAGR(T, v0, tT, t0)|; hướng = +1 khi càng cao càng tốt (≥, >), −1 khi càng thấp càng tốt "
    "(≤, <, thứ hạng); với chỉ tiêu «=» và khoảng giá trị, hướng là từ giá trị gốc về phía chỉ "
    "tiêu (khoảng giá trị: về cận gần nhất, nằm trong khoảng là đạt). Nếu v1 đã đạt chỉ tiêu: "
    "Đã đạt mục tiêu; nếu không: p ≥ 0,95 Tiến bộ đáng kể; 0,6 ≤ p < 0,95 Tiến bộ vừa phải; "
    "0 ≤ p < 0,6 Tiến bộ hạn chế; p < 0 Đi xuống (cả khi giá trị gốc đã bằng chỉ tiêu mà v1 không "
    "còn đạt). Cần ít nhất hai thời điểm có số liệu; giá trị bằng 0 được tính là 0,001. Khi có "
    "giá trị âm, dùng tốc độ thay đổi tuyến tính (a − b) ÷ (ta − tb) thay cho CAGR. Dự báo tại "
    "năm tT = v0 × (1 + CAGR(v1, v0, t1, t0))^(tT − t0)."
)

FORMULA_EN = (
    "Open SDG method (sdg-build ProgressMeasure). Base value v0 in year t0 (the baseline if "
    "given, else the earliest observation), current value v1 in year t1 (the latest "
    "observation), target T in year tT. Compound annual growth rate CAGR(a, b, ta, tb) = "
    "(a / b)^(1 / (ta − tb)) − 1. Progress ratio p = direction × CAGR(v1, v0, t1, t0) / "
    "|CAGR(T, v0, tT, t0)|; direction = +1 when higher is better (≥, >), −1 when lower is better "
    "(≤, <, ranks); for '=' and range targets the direction is from the base towards the target "
    "(range: towards the nearest bound; inside the range counts as achieved). If v1 already meets "
    "the target: target achieved; otherwise p ≥ 0.95 substantial progress; 0.6 ≤ p < 0.95 "
    "moderate progress; 0 ≤ p < 0.6 limited progress; p < 0 deterioration (also when the base "
    "already equalled the target and v1 no longer meets it). Needs at least two points in time; "
    "a value of 0 is taken as 0.001. With negative values the linear rate (a − b) / (ta − tb) "
    "replaces CAGR. Forecast in year tT = v0 × (1 + CAGR(v1, v0, t1, t0))^(tT − t0)."
)


@dataclass(frozen=True)
class Observation:
    """One value of an indicator; ``t`` is the time in (fractional) years, e.g. 2024.5."""

    t: float
    value: float


@dataclass(frozen=True)
class Progress:
    """The progress status of one indicator, the ratio p behind it and the forecast."""

    status: str
    ratio: float | None
    forecast: float | None
    label_vi: str
    label_en: str


def _progress(status: str, ratio: float | None = None, forecast: float | None = None) -> Progress:
    return Progress(
        status=status,
        ratio=ratio,
        forecast=forecast,
        label_vi=LABELS_VI[status],
        label_en=LABELS_EN[status],
    )


def _finite_or_none(value: float) -> float | None:
    # inf or nan cannot be shown or stored as JSON; "not computed" is the honest answer.
    return value if math.isfinite(value) else None


def _power(base: float, exponent: float) -> float:
    # float ** raises instead of returning inf when the result overflows (tiny time spans
    # with a 0.001 base); inf still orders correctly against the thresholds.
    try:
        return base**exponent
    except OverflowError:
        return math.inf


def _nonzero(value: float) -> float:
    return ZERO_REPLACEMENT if value == 0 else value


def _annual_rate(later: float, earlier: float, t_later: float, t_earlier: float, geometric: bool) -> float:
    """CAGR of ``earlier`` -> ``later`` when geometric, else the linear change per year."""
    years = t_later - t_earlier
    if geometric:
        return _power(later / earlier, 1 / years) - 1
    return (later - earlier) / years


def _meets_target(value: float, comparator: str, target: float, target_max: float | None) -> bool:
    if comparator == ">=":
        return value >= target
    if comparator == ">":
        return value > target
    if comparator == "<=":
        return value <= target
    if comparator == "<":
        return value < target
    if comparator == "=":
        # Values come from decimal text; exact float equality would miss 0.1 + 0.2 == 0.3.
        return math.isclose(value, target, rel_tol=1e-9, abs_tol=1e-12)
    assert target_max is not None  # "range", checked by the caller
    return target <= value <= target_max


def _aim(comparator: str, base: float, target: float, target_max: float | None) -> tuple[float, int]:
    """The single target value the base is heading for and the good direction (+1 up, -1 down,
    0 when the base already sits on the target so no movement is required)."""
    if comparator in (">=", ">"):
        return target, 1
    if comparator in ("<=", "<"):
        return target, -1
    if comparator == "=":
        return target, (target > base) - (target < base)
    assert target_max is not None
    if base < target:
        return target, 1
    if base > target_max:
        return target_max, -1
    return base, 0


def _status_from_ratio(ratio: float) -> str:
    if ratio >= SUBSTANTIAL_AT:
        return "substantial"
    if ratio >= MODERATE_AT:
        return "moderate"
    if ratio >= LIMITED_AT:
        return "limited"
    return "deterioration"


def _base_and_current(
    observations: Sequence[Observation], baseline: Observation | None
) -> tuple[Observation, Observation] | None:
    """(v0, v1) or None when there are not two distinct points in time with the base first.

    Among observations sharing the latest time the last one given wins (a correction entered
    later); among those sharing the earliest time the first one given wins.
    """
    if not observations:
        return None
    latest = observations[0]
    earliest = observations[0]
    for observation in observations[1:]:
        if observation.t >= latest.t:
            latest = observation
        if observation.t < earliest.t:
            earliest = observation
    base = baseline if baseline is not None else earliest
    # sdg-build also refuses a base year after the current year: there is no observed rate.
    if latest.t <= base.t:
        return None
    return base, latest


def _check_finite(*numbers: float) -> None:
    if not all(math.isfinite(number) for number in numbers):
        raise ValueError("indicator values, times and targets must be finite numbers")


def indicator_progress(
    observations: Sequence[Observation],
    *,
    comparator: str,
    target: float | None,
    target_max: float | None = None,
    target_year: float,
    baseline: Observation | None = None,
) -> Progress:
    """Progress of one indicator towards its target by the Open SDG method (see FORMULA_EN).

    ``comparator`` is one of ">=", ">", "<=", "<", "=", "range" (``target``..``target_max``)
    or "text" (qualitative). v0/t0 is ``baseline`` if given, else the earliest observation;
    v1/t1 is the latest observation. A single value that already meets the target is "target
    achieved" (as sdg-build reports it: that needs no trend); otherwise fewer than two distinct
    points in time give "not_enough_data" — the rule is never to guess a trend.
    """
    if comparator not in COMPARATORS:
        raise ValueError(f"unknown comparator {comparator!r}; expected one of {COMPARATORS}")
    if comparator == "text" or target is None:
        return _progress("no_numeric_target")
    if comparator == "range":
        if target_max is None:
            raise ValueError("a range target needs target_max")
        if target_max < target:
            raise ValueError("a range target needs target <= target_max")
    _check_finite(target, target_year)
    if target_max is not None:
        _check_finite(target_max)
    for observation in [*observations, baseline] if baseline is not None else observations:
        _check_finite(observation.t, observation.value)

    points = _base_and_current(observations, baseline)
    if points is None:
        latest = max(observations, key=lambda o: o.t, default=baseline)
        if latest is not None and _meets_target(latest.value, comparator, target, target_max):
            return _progress("target_achieved")
        return _progress("not_enough_data")
    base, current = points
    achieved = _meets_target(current.value, comparator, target, target_max)
    aim, direction = _aim(comparator, base.value, target, target_max)

    v0, v1, goal = _nonzero(base.value), _nonzero(current.value), _nonzero(aim)
    # CAGR is a ratio of values and is undefined across or below zero (a negative ratio to a
    # fractional power), where sdg-build gives up. We fall back to the linear change per year,
    # which keeps p meaning "observed pace ÷ required pace" and handles negative balances.
    # The 0 -> 0.001 replacement exists only to keep the ratio defined, so the linear path
    # works on the values as given.
    geometric = v0 > 0 and v1 > 0 and goal > 0
    if geometric:
        observed_rate = _annual_rate(v1, v0, current.t, base.t, geometric)
        forecast = v0 * _power(v1 / v0, (target_year - base.t) / (current.t - base.t))
    else:
        observed_rate = _annual_rate(current.value, base.value, current.t, base.t, geometric)
        forecast = base.value + observed_rate * (target_year - base.t)
    forecast_shown = _finite_or_none(forecast)

    if target_year <= base.t:
        # No required rate exists when the target year is not after the base year.
        return _progress("target_achieved" if achieved else "not_enough_data", None, forecast_shown)

    if geometric:
        required_rate = _annual_rate(goal, v0, target_year, base.t, geometric)
    else:
        required_rate = _annual_rate(aim, base.value, target_year, base.t, geometric)
    if direction == 0 or required_rate == 0:
        # The base already sat on the target: any miss now is a step backwards, and p would
        # divide by zero.
        return _progress("target_achieved" if achieved else "deterioration", None, forecast_shown)

    ratio = direction * observed_rate / abs(required_rate)
    status = "target_achieved" if achieved else _status_from_ratio(ratio)
    return _progress(status, _finite_or_none(ratio), forecast_shown)


def rollup(children: Sequence[tuple[float, float]]) -> float | None:
    """Weighted mean of ``(value, weight)`` pairs with the weights normalised to sum to 1.

    Normalising matters: Decidim's accountability module adds value × weight without dividing
    by the total weight, so weights that do not sum to 1 inflate or shrink the parent.
    None when there are no children or the weights sum to 0.
    """
    if any(weight < 0 for _, weight in children):
        raise ValueError("roll-up weights must not be negative")
    total_weight = math.fsum(weight for _, weight in children)
    if total_weight == 0:
        return None
    mean = math.fsum(value * weight for value, weight in children) / total_weight
    # Division can land one ulp outside the children's range; a mean never should.
    values = [value for value, weight in children if weight > 0]
    return min(max(mean, min(values)), max(values))
