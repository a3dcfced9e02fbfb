"""The 5 x 5 matrix and the escalation levels, without a database."""

from __future__ import annotations

import pytest

from qls.system.scoring import Band, Level, ScoreOutOfRangeError, band, is_escalation, rating


def _band_the_boring_way(value: int) -> str:
    if value <= 3:
        return "low"
    if value <= 6:
        return "moderate"
    if value <= 12:
        return "high"
    return "extreme"


def test_every_cell_of_the_matrix_has_the_band_its_rating_gives():
    cells = [(li, co) for li in range(1, 6) for co in range(1, 6)]
    assert len(cells) == 25
    for li, co in cells:
        assert rating(li, co) == li * co
        assert band(rating(li, co)) == _band_the_boring_way(li * co)


@pytest.mark.parametrize(
    ("likelihood", "consequence", "expected"),
    [(1, 3, Band.LOW), (2, 2, Band.MODERATE), (2, 3, Band.MODERATE), (2, 4, Band.HIGH),
     (3, 4, Band.HIGH), (3, 5, Band.EXTREME), (5, 5, Band.EXTREME)],
)  # fmt: skip
def test_band_edges(likelihood, consequence, expected):
    assert band(rating(likelihood, consequence)) == expected


@pytest.mark.parametrize(("likelihood", "consequence"), [(0, 3), (6, 3), (3, 0), (3, 6)])
def test_a_score_outside_one_to_five_is_refused_naming_the_axis(likelihood, consequence):
    axis = "Likelihood" if likelihood not in range(1, 6) else "Consequence"
    with pytest.raises(ScoreOutOfRangeError, match=axis):
        rating(likelihood, consequence)


@pytest.mark.parametrize("value", [0, 7, 13, 14, 26])
def test_a_rating_between_the_bands_has_no_band(value):
    with pytest.raises(ScoreOutOfRangeError):
        band(value)


def test_escalation_runs_routine_to_enhanced_to_intensive():
    assert is_escalation(Level.ROUTINE, Level.ENHANCED)
    assert is_escalation(Level.ENHANCED, Level.INTENSIVE)
    assert is_escalation(Level.ROUTINE, Level.INTENSIVE)
    assert not is_escalation(Level.INTENSIVE, Level.ENHANCED)
    assert not is_escalation(Level.ENHANCED, Level.ENHANCED)
