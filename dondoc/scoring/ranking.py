"""An agency's completion score from its tasks and on-time reports, and the agencies' ranks.

Pure functions: no database, no I/O, standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from fractions import Fraction

TASK_WEIGHT = Fraction(4, 5)
REPORTING_WEIGHT = Fraction(1, 5)
LATE_CREDIT = Fraction(1, 2)

SCORE_FORMULA_VI = (
    "Điểm nhiệm vụ = 100 × (số nhiệm vụ hoàn thành đúng hạn + 0,5 × số nhiệm vụ hoàn thành "
    "quá hạn) ÷ (số hoàn thành đúng hạn + số hoàn thành quá hạn + số quá hạn chưa hoàn thành); "
    "nhiệm vụ chưa hoàn thành còn trong hạn không được tính. Điểm = 0,8 × điểm nhiệm vụ + 0,2 × "
    "tỷ lệ báo cáo đúng hạn (%) khi có tỷ lệ này, nếu không thì điểm = điểm nhiệm vụ; khi chưa "
    "có nhiệm vụ nào được tính thì điểm = tỷ lệ báo cáo đúng hạn, và không có điểm nếu cả hai "
    "đều chưa có. Làm tròn đến một chữ số thập phân. Xếp hạng theo điểm từ cao xuống thấp; các "
    "cơ quan bằng điểm cùng hạng và hạng kế tiếp bị bỏ qua (1, 2, 2, 4); cơ quan chưa có điểm "
    "không xếp hạng."
)

SCORE_FORMULA_EN = (
    "Task score = 100 × (tasks completed on time + 0.5 × tasks completed late) ÷ (completed on "
    "time + completed late + overdue and not completed); tasks not completed but still within "
    "their deadline are not counted. Score = 0.8 × task score + 0.2 × on-time reporting rate (%) "
    "when that rate is known, else the task score alone; with no counted task the score is the "
    "on-time reporting rate, and there is no score when neither is known. Rounded to one "
    "decimal. Ranked by score, highest first; equal scores share a rank and the next rank is "
    "skipped (1, 2, 2, 4); agencies without a score are not ranked."
)


@dataclass(frozen=True)
class AgencyScore:
    """One agency's counts, completion score and rank (None when it has no score)."""

    agency_id: int
    score: float | None
    rank: int | None
    counted: int
    completed_on_time: int
    completed_late: int
    overdue: int
    on_time_rate: float | None


def _round_half_up(value: Fraction) -> float:
    # Python's round() goes half-to-even on binary floats (72.25 -> 72.2); people reading a
    # score table expect 72.25 -> 72.3, so round the exact fraction half up.
    return math.floor(value * 10 + Fraction(1, 2)) / 10


def completion_score(
    *, completed_on_time: int, completed_late: int, overdue: int, on_time_rate: float | None
) -> float | None:
    """The completion score of SCORE_FORMULA_EN, rounded half up to one decimal."""
    if min(completed_on_time, completed_late, overdue) < 0:
        raise ValueError("task counts must not be negative")
    if on_time_rate is not None and not (math.isfinite(on_time_rate) and on_time_rate >= 0):
        raise ValueError("the on-time reporting rate must be a finite percentage >= 0")
    counted = completed_on_time + completed_late + overdue
    # Exact fractions so that the rounding at one decimal is not swayed by float noise.
    task_part = 100 * (completed_on_time + LATE_CREDIT * completed_late) / counted if counted else None
    rate = Fraction(on_time_rate) if on_time_rate is not None else None
    if task_part is None and rate is None:
        return None
    if task_part is None:
        assert rate is not None
        return _round_half_up(rate)
    if rate is None:
        return _round_half_up(task_part)
    return _round_half_up(TASK_WEIGHT * task_part + REPORTING_WEIGHT * rate)


def rank_agencies(rows: Iterable[tuple[int, int, int, int, float | None]]) -> list[AgencyScore]:
    """Score and rank agencies from ``(agency_id, on_time, late, overdue, on_time_rate)`` rows.

    Standard competition ranking on the rounded score (what people see is what ties): an
    agency's rank is 1 + the number of agencies with a higher score. Agencies without a score
    get rank None and come last. Ordered by rank, then agency_id.
    """
    scored: list[AgencyScore] = []
    seen: set[int] = set()
    for agency_id, on_time, late, overdue, on_time_rate in rows:
        if agency_id in seen:
            raise ValueError(f"agency {agency_id} appears twice")
        seen.add(agency_id)
        score = completion_score(
            completed_on_time=on_time, completed_late=late, overdue=overdue, on_time_rate=on_time_rate
        )
        scored.append(
            AgencyScore(
                agency_id=agency_id,
                score=score,
                rank=None,
                counted=on_time + late + overdue,
                completed_on_time=on_time,
                completed_late=late,
                overdue=overdue,
                on_time_rate=on_time_rate,
            )
        )

    scores_high_first = sorted((item.score for item in scored if item.score is not None), reverse=True)
    first_rank_of: dict[float, int] = {}
    for position, score in enumerate(scores_high_first, start=1):
        first_rank_of.setdefault(score, position)

    ranked = [
        replace(item, rank=first_rank_of[item.score]) if item.score is not None else item for item in scored
    ]
    return sorted(ranked, key=lambda item: (item.rank is None, item.rank or 0, item.agency_id))
