"""An agency's completion score and the competition ranking of agencies."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dondoc.scoring.ranking import (
    SCORE_FORMULA_EN,
    SCORE_FORMULA_VI,
    completion_score,
    rank_agencies,
)


def test_score_with_tasks_and_reporting_rate() -> None:
    # task part 100 × (6 + 0.5 × 2) / (6 + 2 + 2) = 70; score 0.8 × 70 + 0.2 × 50 = 56 + 10 = 66
    assert completion_score(completed_on_time=6, completed_late=2, overdue=2, on_time_rate=50.0) == 66.0


def test_score_without_reporting_rate_is_the_task_part() -> None:
    # 100 × (6 + 1) / 10 = 70
    assert completion_score(completed_on_time=6, completed_late=2, overdue=2, on_time_rate=None) == 70.0


def test_score_with_only_the_reporting_rate_is_the_rate() -> None:
    assert completion_score(completed_on_time=0, completed_late=0, overdue=0, on_time_rate=87.5) == 87.5


def test_score_with_nothing_counted_is_none() -> None:
    assert completion_score(completed_on_time=0, completed_late=0, overdue=0, on_time_rate=None) is None


def test_score_rounds_to_one_decimal_half_up() -> None:
    # 100 × 1 / 3 = 33.333… -> 33.3
    assert completion_score(completed_on_time=1, completed_late=0, overdue=2, on_time_rate=None) == 33.3
    # task part 100 × 7 / 10 = 70; 0.8 × 70 + 0.2 × 61.25 = 56 + 12.25 = 68.25 -> 68.3
    # (Python's round(68.25, 1) would give 68.2)
    assert completion_score(completed_on_time=7, completed_late=0, overdue=3, on_time_rate=61.25) == 68.3


def test_score_refuses_negative_counts_and_rates() -> None:
    with pytest.raises(ValueError):
        completion_score(completed_on_time=-1, completed_late=0, overdue=0, on_time_rate=None)
    with pytest.raises(ValueError):
        completion_score(completed_on_time=1, completed_late=0, overdue=0, on_time_rate=-5.0)


def test_rank_agencies_with_ties_and_unscored() -> None:
    rows = [
        (1, 8, 0, 2, None),  # 100 × 8 / 10 = 80
        (2, 6, 2, 2, 100.0),  # 0.8 × 70 + 0.2 × 100 = 56 + 20 = 76
        (3, 10, 0, 0, None),  # 100 × 10 / 10 = 100
        (4, 7, 2, 1, None),  # 100 × (7 + 1) / 10 = 80
        (5, 0, 0, 0, None),  # nothing counted, no rate -> no score
        (6, 0, 0, 0, 76.0),  # rate only -> 76
    ]
    ranked = rank_agencies(rows)
    # 100 -> 1; 80, 80 -> 2, 2; 76, 76 -> 4, 4 (3 is skipped); unscored last
    assert [(a.agency_id, a.score, a.rank) for a in ranked] == [
        (3, 100.0, 1),
        (1, 80.0, 2),
        (4, 80.0, 2),
        (2, 76.0, 4),
        (6, 76.0, 4),
        (5, None, None),
    ]
    second = ranked[1]
    assert (second.counted, second.completed_on_time, second.completed_late, second.overdue) == (10, 8, 0, 2)


def test_rank_agencies_empty_and_duplicate() -> None:
    assert rank_agencies([]) == []
    with pytest.raises(ValueError):
        rank_agencies([(1, 1, 0, 0, None), (1, 0, 1, 0, None)])


def test_formulas_are_written_out() -> None:
    assert "0,8" in SCORE_FORMULA_VI and "0,5" in SCORE_FORMULA_VI and "1, 2, 2, 4" in SCORE_FORMULA_VI
    assert "0.8" in SCORE_FORMULA_EN and "1, 2, 2, 4" in SCORE_FORMULA_EN


counts = st.integers(min_value=0, max_value=50)
rates = st.none() | st.floats(min_value=0.0, max_value=100.0)


@given(st.lists(st.tuples(counts, counts, counts, rates), max_size=12))
def test_rank_is_one_plus_the_number_of_higher_scores(rows: list[tuple[int, int, int, float | None]]) -> None:
    ranked = rank_agencies([(agency_id, *row) for agency_id, row in enumerate(rows)])
    scores = [a.score for a in ranked if a.score is not None]
    for agency in ranked:
        if agency.score is None:
            assert agency.rank is None
        else:
            assert agency.rank == 1 + sum(score > agency.score for score in scores)
            assert 0.0 <= agency.score <= 100.0
    # scored agencies first, by rank then id
    keys = [(a.rank is None, a.rank or 0, a.agency_id) for a in ranked]
    assert keys == sorted(keys)
