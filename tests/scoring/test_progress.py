"""Indicator progress by the Open SDG method (sdg-build ProgressMeasure) and the normalised
roll-up, with expected values worked out by hand in the comments."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dondoc.scoring.progress import (
    FORMULA_EN,
    FORMULA_VI,
    LABELS_EN,
    LABELS_VI,
    PROGRESS_STATUSES,
    Observation,
    indicator_progress,
    rollup,
)

Obs = Observation

# 100 in 2020 -> 121 in 2022: CAGR = (121/100)^(1/2) - 1 = 1.1 - 1 = 0.1 a year.
GROWING = [Obs(2020.0, 100.0), Obs(2022.0, 121.0)]


def test_substantial_when_growing_exactly_at_the_required_rate() -> None:
    # target 146.41 = 100 × 1.1^4 by 2024: required CAGR = 0.1, p = 0.1 / 0.1 = 1.0 >= 0.95
    result = indicator_progress(GROWING, comparator=">=", target=146.41, target_year=2024.0)
    assert result.status == "substantial"
    assert result.ratio == pytest.approx(1.0)
    assert (result.label_vi, result.label_en) == ("Tiến bộ đáng kể", "Substantial progress")


def test_forecast_uses_the_observed_growth_rate() -> None:
    # forecast 2024 = 100 × 1.1^(2024 - 2020) = 100 × 1.4641 = 146.41
    result = indicator_progress(GROWING, comparator=">=", target=146.41, target_year=2024.0)
    assert result.forecast == pytest.approx(146.41)


def test_moderate() -> None:
    # target 100 × 1.125^4 = 160.1806640625 by 2024: required CAGR = 0.125, p = 0.1 / 0.125 = 0.8
    result = indicator_progress(GROWING, comparator=">=", target=160.1806640625, target_year=2024.0)
    assert result.status == "moderate"
    assert result.ratio == pytest.approx(0.8)
    assert result.label_vi == "Tiến bộ vừa phải"


def test_limited() -> None:
    # target 100 × 1.2^4 = 207.36 by 2024: required CAGR = 0.2, p = 0.1 / 0.2 = 0.5 (0 <= p < 0.6)
    result = indicator_progress(GROWING, comparator=">", target=207.36, target_year=2024.0)
    assert result.status == "limited"
    assert result.ratio == pytest.approx(0.5)
    assert result.label_vi == "Tiến bộ hạn chế"


def test_deterioration() -> None:
    # 100 -> 81 over 2 years: CAGR = 0.9 - 1 = -0.1; required +0.1; p = -0.1 / 0.1 = -1.0
    result = indicator_progress(
        [Obs(2020.0, 100.0), Obs(2022.0, 81.0)], comparator=">=", target=146.41, target_year=2024.0
    )
    assert result.status == "deterioration"
    assert result.ratio == pytest.approx(-1.0)
    assert (result.label_vi, result.label_en) == ("Đi xuống", "Deterioration")


def test_target_achieved_still_reports_the_ratio() -> None:
    # 150 >= 146.41 already; p = (1.5^(1/2) - 1) / 0.1 = 0.2247449 / 0.1 = 2.247449
    result = indicator_progress(
        [Obs(2020.0, 100.0), Obs(2022.0, 150.0)], comparator=">=", target=146.41, target_year=2024.0
    )
    assert result.status == "target_achieved"
    assert result.ratio == pytest.approx(2.247449, rel=1e-6)
    assert result.label_vi == "Đã đạt mục tiêu"


def test_rank_lower_is_better_25_to_22_against_at_most_20() -> None:
    # 25 (2020) -> 22 (2023), target ≤ 20 by 2025, direction -1:
    # observed CAGR = (22/25)^(1/3) - 1 = 0.9582840 - 1 = -0.0417160
    # required CAGR = (20/25)^(1/5) - 1 = 0.9563525 - 1 = -0.0436475
    # p = -1 × -0.0417160 / 0.0436475 = 0.955748 >= 0.95 -> substantial
    # forecast 2025 = 25 × 0.88^(5/3) = 20.20278
    result = indicator_progress(
        [Obs(2020.0, 25.0), Obs(2023.0, 22.0)], comparator="<=", target=20.0, target_year=2025.0
    )
    assert result.status == "substantial"
    assert result.ratio == pytest.approx(0.955748, rel=1e-6)
    assert result.forecast == pytest.approx(20.20278, rel=1e-6)


def test_rank_getting_worse_is_deterioration_and_reaching_it_is_achieved() -> None:
    # 25 -> 27 is a higher (worse) rank: CAGR > 0, direction -1 -> p < 0
    worse = indicator_progress(
        [Obs(2020.0, 25.0), Obs(2023.0, 27.0)], comparator="<=", target=20.0, target_year=2025.0
    )
    assert worse.status == "deterioration"
    reached = indicator_progress(
        [Obs(2020.0, 25.0), Obs(2023.0, 19.0)], comparator="<", target=20.0, target_year=2025.0
    )
    assert reached.status == "target_achieved"


def test_range_16_to_18_from_below_aims_at_the_lower_bound() -> None:
    # 12 (2020) -> 14 (2022), target 16–18 by 2025, aim 16, direction +1:
    # observed (14/12)^(1/2) - 1 = 0.0801234; required (16/12)^(1/5) - 1 = 0.0592238
    # p = 0.0801234 / 0.0592238 = 1.352892 -> substantial
    result = indicator_progress(
        [Obs(2020.0, 12.0), Obs(2022.0, 14.0)],
        comparator="range",
        target=16.0,
        target_max=18.0,
        target_year=2025.0,
    )
    assert result.status == "substantial"
    assert result.ratio == pytest.approx(1.352892, rel=1e-6)


def test_range_16_to_18_from_above_aims_at_the_upper_bound() -> None:
    # 24 (2020) -> 22 (2022), aim 18, direction -1:
    # observed (22/24)^(1/2) - 1 = -0.0425729; required (18/24)^(1/5) - 1 = -0.0559125
    # p = -1 × -0.0425729 / 0.0559125 = 0.761420 -> moderate
    result = indicator_progress(
        [Obs(2020.0, 24.0), Obs(2022.0, 22.0)],
        comparator="range",
        target=16.0,
        target_max=18.0,
        target_year=2025.0,
    )
    assert result.status == "moderate"
    assert result.ratio == pytest.approx(0.761420, rel=1e-6)


def test_range_inside_is_achieved_and_leaving_it_is_deterioration() -> None:
    inside = indicator_progress(
        [Obs(2020.0, 12.0), Obs(2022.0, 17.0)],
        comparator="range",
        target=16.0,
        target_max=18.0,
        target_year=2025.0,
    )
    assert inside.status == "target_achieved"
    # base 17 already inside: required rate 0, so p is undefined and any miss is a step back
    left = indicator_progress(
        [Obs(2020.0, 17.0), Obs(2022.0, 19.0)],
        comparator="range",
        target=16.0,
        target_max=18.0,
        target_year=2025.0,
    )
    assert left.status == "deterioration"
    assert left.ratio is None


def test_equals_target_heads_from_the_base_towards_it() -> None:
    # 10 -> 12 over 2 years, target = 20 by 2025 (above the base, so direction +1):
    # observed 1.2^(1/2) - 1 = 0.0954451; required 2^(1/5) - 1 = 0.1486984; p = 0.641871
    result = indicator_progress(
        [Obs(2020.0, 10.0), Obs(2022.0, 12.0)], comparator="=", target=20.0, target_year=2025.0
    )
    assert result.status == "moderate"
    assert result.ratio == pytest.approx(0.641871, rel=1e-6)
    hit = indicator_progress(
        [Obs(2020.0, 10.0), Obs(2022.0, 20.0)], comparator="=", target=20.0, target_year=2025.0
    )
    assert hit.status == "target_achieved"


def test_zero_target_rate_when_base_already_met_the_target_is_deterioration() -> None:
    # base 50 = target 50: required CAGR = (50/50)^(1/5) - 1 = 0; 45 no longer meets >= 50
    result = indicator_progress(
        [Obs(2020.0, 50.0), Obs(2022.0, 45.0)], comparator=">=", target=50.0, target_year=2025.0
    )
    assert result.status == "deterioration"
    assert result.ratio is None
    # forecast 2025 = 50 × 0.9^(5/2) = 50 × 0.7684335 = 38.42167
    assert result.forecast == pytest.approx(38.42167, rel=1e-6)


def test_base_zero_is_taken_as_0_001() -> None:
    # 0 -> 5 over 2 years, >= 10 by 2025; v0 = 0.001:
    # observed (5/0.001)^(1/2) - 1 = 70.7106781 - 1 = 69.7106781
    # required (10/0.001)^(1/5) - 1 = 6.3095734 - 1 = 5.3095734
    # p = 69.7106781 / 5.3095734 = 13.129243; forecast = 0.001 × 5000^(5/2) = 1767766.95
    result = indicator_progress(
        [Obs(2020.0, 0.0), Obs(2022.0, 5.0)], comparator=">=", target=10.0, target_year=2025.0
    )
    assert result.status == "substantial"
    assert result.ratio == pytest.approx(13.129243, rel=1e-6)
    assert result.forecast == pytest.approx(1767766.95, rel=1e-6)


def test_zero_target_is_taken_as_0_001_but_zero_still_meets_it() -> None:
    # 10 (2020) -> 5 (2025), ≤ 0 by 2030; T = 0.001:
    # observed 0.5^(1/5) - 1 = -0.1294494; required (0.001/10)^(1/10) - 1 = 0.3981072 - 1 = -0.6018928
    # p = -1 × -0.1294494 / 0.6018928 = 0.215071 -> limited
    result = indicator_progress(
        [Obs(2020.0, 10.0), Obs(2025.0, 5.0)], comparator="<=", target=0.0, target_year=2030.0
    )
    assert result.status == "limited"
    assert result.ratio == pytest.approx(0.215071, rel=1e-5)
    done = indicator_progress(
        [Obs(2020.0, 10.0), Obs(2025.0, 0.0)], comparator="<=", target=0.0, target_year=2030.0
    )
    assert done.status == "target_achieved"


def test_negative_values_fall_back_to_a_linear_rate() -> None:
    # -10 (2020) -> -6 (2024), >= -2 by 2030: observed (−6 − −10) / 4 = 1 a year,
    # required (−2 − −10) / 10 = 0.8 a year; p = 1 / 0.8 = 1.25; forecast −10 + 1 × 10 = 0
    result = indicator_progress(
        [Obs(2020.0, -10.0), Obs(2024.0, -6.0)], comparator=">=", target=-2.0, target_year=2030.0
    )
    assert result.status == "substantial"
    assert result.ratio == pytest.approx(1.25)
    assert result.forecast == pytest.approx(0.0)


def test_baseline_counts_as_the_first_point_and_latest_observation_wins() -> None:
    # baseline 100 (2020); observations out of order, latest is 121 (2022): p = 0.1 / 0.1 = 1.0
    result = indicator_progress(
        [Obs(2022.0, 121.0), Obs(2021.5, 999.0)],
        comparator=">=",
        target=146.41,
        target_year=2024.0,
        baseline=Obs(2020.0, 100.0),
    )
    assert result.ratio == pytest.approx(1.0)


def test_fractional_years() -> None:
    # 100 (2020.0) -> 110 (2021.0) is 10 % a year; required 100 -> 121 by 2022.0 is also
    # 1.21^(1/2) - 1 = 10 % a year; p = 0.1 / 0.1 = 1.0
    result = indicator_progress(
        [Obs(2020.0, 100.0), Obs(2021.0, 110.0)], comparator=">=", target=121.0, target_year=2022.0
    )
    assert result.ratio == pytest.approx(1.0)
    # forecast 2022.5 = 100 × 1.1^2.5 = 126.9059
    later = indicator_progress(
        [Obs(2020.0, 100.0), Obs(2021.0, 110.0)], comparator=">=", target=500.0, target_year=2022.5
    )
    assert later.forecast == pytest.approx(126.9059, rel=1e-6)


def test_one_value_that_meets_the_target_is_achieved() -> None:
    # As sdg-build reports it: achieving the target needs no trend.
    result = indicator_progress([Obs(2022.0, 95.0)], comparator=">=", target=90.0, target_year=2025.0)
    assert result.status == "target_achieved" and result.ratio is None


@pytest.mark.parametrize(
    ("observations", "baseline"),
    [
        ([Obs(2022.0, 85.0)], None),  # one value short of the target: no trend to judge by
        ([], None),
        ([], Obs(2020.0, 50.0)),  # the baseline alone is one point
        ([Obs(2020.0, 50.0)], Obs(2020.0, 40.0)),  # same time as the baseline
        ([Obs(2022.0, 50.0), Obs(2022.0, 60.0)], None),  # two values, one time
        ([Obs(2019.0, 50.0)], Obs(2020.0, 40.0)),  # the latest value comes before the base
    ],
)
def test_not_enough_data(observations: list[Observation], baseline: Observation | None) -> None:
    result = indicator_progress(
        observations, comparator=">=", target=90.0, target_year=2025.0, baseline=baseline
    )
    assert result.status == "not_enough_data"
    assert (result.ratio, result.forecast) == (None, None)
    assert (result.label_vi, result.label_en) == ("Chưa đủ dữ liệu", "Not enough data")


def test_target_year_not_after_the_base_has_no_required_rate() -> None:
    result = indicator_progress(GROWING, comparator=">=", target=200.0, target_year=2020.0)
    assert result.status == "not_enough_data"
    assert result.ratio is None


def test_qualitative_targets() -> None:
    text = indicator_progress(GROWING, comparator="text", target=None, target_year=2025.0)
    assert text.status == "no_numeric_target"
    assert (text.label_vi, text.label_en) == ("Chỉ tiêu định tính", "Qualitative target")
    no_value = indicator_progress(GROWING, comparator=">=", target=None, target_year=2025.0)
    assert no_value.status == "no_numeric_target"


def test_invalid_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        indicator_progress(GROWING, comparator="≥", target=1.0, target_year=2025.0)
    with pytest.raises(ValueError):
        indicator_progress(GROWING, comparator="range", target=16.0, target_year=2025.0)
    with pytest.raises(ValueError):
        indicator_progress(GROWING, comparator="range", target=18.0, target_max=16.0, target_year=2025.0)
    with pytest.raises(ValueError):
        indicator_progress(
            [Obs(2020.0, float("nan")), Obs(2021.0, 1.0)], comparator=">=", target=1.0, target_year=2025.0
        )


def test_labels_and_formulas_cover_every_status() -> None:
    assert set(LABELS_VI) == set(LABELS_EN) == set(PROGRESS_STATUSES)
    assert "CAGR" in FORMULA_VI and "0,95" in FORMULA_VI and "0,001" in FORMULA_VI
    assert "CAGR" in FORMULA_EN and "0.95" in FORMULA_EN


def test_rollup_normalises_weights() -> None:
    # (50 × 1 + 100 × 3) / (1 + 3) = 350 / 4 = 87.5; weights 2 and 6: (100 + 600) / 8 = 87.5
    assert rollup([(50.0, 1.0), (100.0, 3.0)]) == pytest.approx(87.5)
    # (Decidim, which does not normalise, would give 50 × 2 + 100 × 6 = 700)
    assert rollup([(50.0, 2.0), (100.0, 6.0)]) == pytest.approx(87.5)
    # zero-weight children do not pull the mean: (70 × 1) / 1 = 70
    assert rollup([(40.0, 0.0), (80.0, 0.0), (70.0, 1.0)]) == pytest.approx(70.0)


def test_rollup_without_weight_is_none() -> None:
    assert rollup([]) is None
    assert rollup([(50.0, 0.0), (70.0, 0.0)]) is None
    with pytest.raises(ValueError):
        rollup([(50.0, -1.0)])


values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
weights = st.floats(min_value=0.0, max_value=1e6, allow_nan=False)


@given(st.lists(st.tuples(values, weights), min_size=1, max_size=20))
def test_rollup_lies_between_the_children(children: list[tuple[float, float]]) -> None:
    result = rollup(children)
    weighted = [value for value, weight in children if weight > 0]
    if not weighted:
        assert result is None
    else:
        assert result is not None
        assert min(weighted) <= result <= max(weighted)


@given(
    st.lists(st.tuples(values, st.floats(min_value=0.01, max_value=1e3)), min_size=1, max_size=10),
    st.floats(min_value=0.01, max_value=100.0),
)
def test_rollup_ignores_the_scale_of_the_weights(children: list[tuple[float, float]], factor: float) -> None:
    scaled = [(value, weight * factor) for value, weight in children]
    assert rollup(scaled) == pytest.approx(rollup(children), rel=1e-9, abs=1e-6)


@given(
    st.lists(
        st.builds(Obs, st.floats(min_value=2000, max_value=2040), st.floats(min_value=-1e4, max_value=1e4)),
        max_size=6,
    ),
    st.sampled_from([">=", ">", "<=", "<", "=", "range", "text"]),
    st.floats(min_value=-1e4, max_value=1e4),
    st.floats(min_value=2000, max_value=2050),
)
def test_progress_always_gives_a_known_status(
    observations: list[Observation], comparator: str, target: float, target_year: float
) -> None:
    result = indicator_progress(
        observations,
        comparator=comparator,
        target=target,
        target_max=target + 2.0,
        target_year=target_year,
    )
    assert result.status in PROGRESS_STATUSES
    assert result.label_vi == LABELS_VI[result.status]
    if result.status in ("not_enough_data", "no_numeric_target"):
        assert result.ratio is None
