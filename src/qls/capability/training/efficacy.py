"""The self-efficacy report: pre- and post-course confidence by group, with the paired change.

A row per group (site, staff group, course, cohort or everyone): how many
surveys were sent and answered, and the mean change of those who answered
both (``efficacy_stats``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg

from qls.capability.models import Enrolment, SurveyAnswer, SurveyResponse
from qls.capability.training import efficacy_stats
from qls.capability.training.reports import PARTNERS, STAFF_GROUP_LABELS, Filters


@dataclass
class EfficacyRow:
    group: str
    pre_sent: int
    pre_answered: int
    post_sent: int
    post_answered: int
    change: efficacy_stats.PairedChange

    @property
    def pre_rate(self) -> float | None:
        return efficacy_stats.rate(self.pre_answered, self.pre_sent)

    @property
    def post_rate(self) -> float | None:
        return efficacy_stats.rate(self.post_answered, self.post_sent)

    @property
    def paired_rate(self) -> float | None:
        return efficacy_stats.rate(self.change.n, self.post_sent)

    def as_list(self) -> list[Any]:
        c = self.change
        return [
            self.group,
            self.pre_sent,
            self.pre_answered,
            _round(self.pre_rate and 100 * self.pre_rate),
            self.post_sent,
            self.post_answered,
            _round(self.post_rate and 100 * self.post_rate),
            c.n,
            _round(self.paired_rate and 100 * self.paired_rate),
            _round(c.mean_pre, 2),
            _round(c.mean_post, 2),
            _round(c.mean_change, 2),
            _round(c.ci_low, 2),
            _round(c.ci_high, 2),
            _round(c.p_value, 4),
        ]


EFFICACY_HEADERS = [
    "Group",
    "Pre surveys sent",
    "Pre answered",
    "Pre response %",
    "Post surveys sent",
    "Post answered",
    "Post response %",
    "Pairs",
    "Paired %",
    "Mean before",
    "Mean after",
    "Mean change",
    "95% CI low",
    "95% CI high",
    "Wilcoxon p",
]


def _round(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def _group_key(by: str) -> Callable[[dict[str, Any]], str]:
    def key(r: dict[str, Any]) -> str:
        if by == "all":
            return "All participants"
        if by == "cohort":
            return r["enrolment__cohort__name"]
        if by == "course":
            return r["enrolment__cohort__course__name"]
        if by == "site":
            return r["enrolment__participant__staff__site__name"] or PARTNERS
        group = r["enrolment__participant__staff__staff_group"]
        return STAFF_GROUP_LABELS.get(group, group) if group else PARTNERS

    return key


_GROUP_FIELDS = [
    "enrolment_id",
    "phase",
    "enrolment__cohort__name",
    "enrolment__cohort__course__name",
    "enrolment__participant__staff__site__name",
    "enrolment__participant__staff__staff_group",
]


def self_efficacy(filters: Filters, by: str) -> list[EfficacyRow]:
    """Paired pre/post change and response rates per cohort, course, site or staff group.

    ``by="all"`` gives one row for everyone who matches the filters.
    """
    conditions: dict[str, object] = {}
    if filters.course is not None:
        conditions["enrolment__cohort__course"] = filters.course
    if filters.site_id:
        conditions["enrolment__participant__staff__site_id"] = filters.site_id
    if filters.staff_group:
        conditions["enrolment__participant__staff__staff_group"] = filters.staff_group
    if filters.start:
        conditions["enrolment__cohort__start_date__gte"] = filters.start
    if filters.end:
        conditions["enrolment__cohort__start_date__lte"] = filters.end
    responses = SurveyResponse.objects.exclude(enrolment__status=Enrolment.Status.CANCELLED).filter(
        **conditions
    )
    # The same conditions as joins, not "response IN (subquery)": PostgreSQL
    # planned that as a nested loop over every answer and took minutes.
    scores = dict(
        SurveyAnswer.objects.exclude(response__enrolment__status=Enrolment.Status.CANCELLED)
        .filter(**{f"response__{name}": value for name, value in conditions.items()})
        .order_by()
        .values("response_id")
        .annotate(s=Avg("score"))
        .values_list("response_id", "s")
    )
    key = _group_key(by)
    sent: dict[str, dict[str, int]] = defaultdict(lambda: {"pre": 0, "post": 0})
    answered: dict[str, dict[str, int]] = defaultdict(lambda: {"pre": 0, "post": 0})
    per_enrolment: dict[str, dict[int, dict[str, float]]] = defaultdict(dict)
    for r in responses.values("pk", "submitted_at", *_GROUP_FIELDS):
        group = key(r)
        sent[group][r["phase"]] += 1
        if r["submitted_at"] is not None and r["pk"] in scores:
            answered[group][r["phase"]] += 1
            per_enrolment[group].setdefault(r["enrolment_id"], {})[r["phase"]] = float(
                scores[r["pk"]]
            )
    out = []
    for group in sorted(sent):
        pairs = [v for v in per_enrolment[group].values() if "pre" in v and "post" in v]
        out.append(
            EfficacyRow(
                group=group,
                pre_sent=sent[group]["pre"],
                pre_answered=answered[group]["pre"],
                post_sent=sent[group]["post"],
                post_answered=answered[group]["post"],
                change=efficacy_stats.paired_change(
                    [p["pre"] for p in pairs], [p["post"] for p in pairs]
                ),
            )
        )
    return out
