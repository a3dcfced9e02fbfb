"""A deliberately boring, per-series, per-point XmR implementation to check the engine against.

Written straight from docs/spc.md and the methodology with plain loops and
no NumPy, so that a bug would have to be made twice, in two different ways.
"""

from __future__ import annotations

import itertools
import math
from typing import Any


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _side(y: float, centre: float | None) -> int:
    if centre is None:
        return 0
    return 1 if y > centre else (-1 if y < centre else 0)


def qbinom05(trials: int) -> int:
    """Smallest c with P(X <= c) >= 0.05, X ~ Binomial(trials, 1/2), by direct summation."""
    if trials <= 0:
        return 0
    total = 0
    for c in range(trials + 1):
        total += math.comb(trials, c)
        if total * 20 >= 2**trials:
            return c
    return trials


def anhoej(sides: list[int]) -> dict[str, Any]:
    useful = [s for s in sides if s != 0]
    if not useful:
        return {
            "n_useful": 0,
            "longest_run": None,
            "longest_run_max": None,
            "n_crossings": None,
            "n_crossings_min": None,
            "runs_signal": False,
        }
    runs = [1]
    for a, b in itertools.pairwise(useful):
        if a == b:
            runs[-1] += 1
        else:
            runs.append(1)
    n = len(useful)
    lmax = round(math.log2(n)) + 3
    cmin = qbinom05(n - 1)
    return {
        "n_useful": n,
        "longest_run": max(runs),
        "longest_run_max": lmax,
        "n_crossings": len(runs) - 1,
        "n_crossings_min": cmin,
        "runs_signal": max(runs) > lmax or len(runs) - 1 < cmin,
    }


def xmr_series(
    xs: list[Any],
    ys: list[float | None],
    direction: int = 1,
    target: float | None = None,
    rebase: tuple[Any, ...] = (),
    fix: int | None = None,
    screen: bool = True,
) -> tuple[dict[Any, dict[str, Any]], dict[str, Any]]:
    """Return ({x: point dict}, summary dict) for one series."""
    rows = sorted(zip(xs, ys, strict=True), key=lambda r: r[0])
    segments: list[list[tuple[Any, float | None]]] = []
    for x, y in rows:
        if not segments or x in rebase:
            segments.append([])
        segments[-1].append((x, y))
    out: dict[Any, dict[str, Any]] = {}
    last_runs: dict[str, Any] = {}
    for seg_no, seg in enumerate(segments):
        base = seg[:fix] if fix else seg
        mean = _mean([y for _, y in base if y is not None])
        mrs = []
        for i in range(1, len(base)):
            a, b = base[i - 1][1], base[i][1]
            if a is not None and b is not None:
                mrs.append(abs(b - a))
        amr = _mean(mrs)
        if screen and amr is not None and amr > 0:
            amr = _mean([m for m in mrs if m < 3.267 * amr])
        if mean is None or amr is None:
            lpl = upl = l1 = u1 = l2 = u2 = None
        else:
            lpl, upl = mean - 2.66 * amr, mean + 2.66 * amr
            l1, u1 = mean - (2.66 / 3) * amr, mean + (2.66 / 3) * amr
            l2, u2 = mean - (2 * (2.66 / 3)) * amr, mean + (2 * (2.66 / 3)) * amr
        obs = [(x, y) for x, y in seg if y is not None]
        n = len(obs)
        side = [_side(y, mean) for _, y in obs]
        outside = [upl is not None and (y > upl or y < lpl) for _, y in obs]
        close = [
            u2 is not None and not outside[i] and (y > u2 or y < l2) for i, (_, y) in enumerate(obs)
        ]
        shift = [False] * n
        up = [False] * n
        down = [False] * n
        two = [False] * n
        for i in range(n - 6):
            if side[i] != 0 and all(side[j] == side[i] for j in range(i, i + 7)):
                for j in range(i, i + 7):
                    shift[j] = True
            if all(obs[j][1] > obs[j - 1][1] for j in range(i + 1, i + 7)):
                for j in range(i, i + 7):
                    up[j] = True
            if all(obs[j][1] < obs[j - 1][1] for j in range(i + 1, i + 7)):
                for j in range(i, i + 7):
                    down[j] = True
        for i in range(n - 2):
            window = range(i, i + 3)
            if sum(close[j] for j in window) >= 2 and abs(sum(side[j] for j in window)) == 3:
                for j in window:
                    if close[j]:
                        two[j] = True
        for i, (x, y) in enumerate(obs):
            tdir = (1 if obs[i + 1][1] > y else -1) if up[i] and down[i] else 1 if up[i] else -1
            trend = up[i] or down[i]
            if outside[i]:
                d = side[i]
            elif trend:
                d = tdir
            elif two[i] or shift[i]:
                d = side[i]
            else:
                d = 0
            if d == 0:
                ptype = "common_cause"
            elif direction == 0:
                ptype = "special_cause_neutral_high" if d > 0 else "special_cause_neutral_low"
            else:
                ptype = "special_cause_improvement" if d == direction else "special_cause_concern"
            out[x] = {
                "y": y,
                "point_type": ptype,
                "rule_astronomical": outside[i],
                "rule_trend": trend,
                "rule_two_of_three": two[i],
                "rule_shift": shift[i],
            }
        for x, _y in seg:
            row = out.setdefault(
                x,
                {
                    "y": None,
                    "point_type": None,
                    "rule_astronomical": False,
                    "rule_trend": False,
                    "rule_two_of_three": False,
                    "rule_shift": False,
                },
            )
            row.update(
                mean=mean,
                lpl=lpl,
                upl=upl,
                lower_one_sigma=l1,
                upper_one_sigma=u1,
                lower_two_sigma=l2,
                upper_two_sigma=u2,
                segment=seg_no,
                short_segment=n < 12,
                target=target,
            )
            row["special_cause_flag"] = row["point_type"] not in (None, "common_cause")
        last_runs = anhoej(side)
    # icons
    last_x = rows[-1][0]
    observed_rows = [x for x, y in rows if y is not None]
    last_type = out[observed_rows[-1]]["point_type"] if observed_rows else None
    variation = None
    if last_type == "common_cause":
        variation = "common_cause"
    elif last_type == "special_cause_improvement":
        variation = (
            "special_cause_improvement_high" if direction > 0 else "special_cause_improvement_low"
        )
    elif last_type == "special_cause_concern":
        variation = "special_cause_concern_low" if direction > 0 else "special_cause_concern_high"
    elif last_type is not None:
        variation = last_type
    lim = out[last_x]
    assurance = None
    if target is not None and direction != 0 and lim["upl"] is not None:
        if target > lim["upl"]:
            assurance = "consistent_fail" if direction > 0 else "consistent_pass"
        elif target < lim["lpl"]:
            assurance = "consistent_pass" if direction > 0 else "consistent_fail"
        else:
            assurance = "inconsistent"
    summary = {"variation_icon": variation, "assurance_icon": assurance, **last_runs}
    return out, summary
