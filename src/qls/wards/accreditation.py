"""Ward accreditation: scoring audits, the level rule, re-audit dates, and writing audits.

Score
    Each answer becomes a fraction of its scale (yes = 1, no = 0; 0 to 4
    divided by 4; a percentage divided by 100), weighted by its question's
    weight. The audit's score is the weighted mean as a percentage. "Not
    applicable" answers leave the question out of both sums.

Level
    A ward holds a level when its latest N submitted audits (N is the level's
    ``consecutive_audits``, 2 by default) all scored at or above the level's
    minimum. The highest such level wins; one poor audit drops the ward to
    the level its recent run still supports.

Re-audit
    Due ``reaudit_months`` after the last submitted audit; overdue after that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from qls.core.periods import add_months, quarter_number
from qls.organisation.models import Site, StaffMember, Ward
from qls.wards.errors import AnswerOutOfRange, AuditError
from qls.wards.models import AccreditationLevel, Audit, AuditAnswer, AuditQuestion, AuditTemplate
from qls.wards.models.questions import ANSWER_MAX, AnswerType

NOT_APPLICABLE = "na"


def fraction(answer_type: str, value: float) -> float:
    return value / ANSWER_MAX[AnswerType(answer_type)]


def score(answers: Iterable[tuple[str, int, float | None]]) -> float | None:
    """Weighted score (%) of (answer type, weight, value) triples; None if all are N/A."""
    total = weights = 0.0
    for answer_type, weight, value in answers:
        if value is None:
            continue
        total += weight * fraction(answer_type, value)
        weights += weight
    return round(total / weights * 100, 1) if weights else None


def level_for(
    scores_newest_first: Sequence[float], levels: Sequence[AccreditationLevel]
) -> AccreditationLevel | None:
    """The highest level whose run of consecutive audits the latest scores satisfy."""
    for level in sorted(levels, key=lambda lv: lv.order, reverse=True):
        run = scores_newest_first[: level.consecutive_audits]
        if len(run) == level.consecutive_audits and all(s >= level.min_score for s in run):
            return level
    return None


def parse_answer(question: AuditQuestion, raw: str | None) -> float | str | None:
    """A stored value (float, or None for N/A) from form input; '' when unanswered.

    Raises AnswerOutOfRange naming the question when the value is off its scale.
    """
    raw = (raw or "").strip()
    if raw == "":
        return ""
    if raw.lower() == NOT_APPLICABLE:
        return None
    try:
        value = float(raw.rstrip("%"))
    except ValueError as error:
        raise AnswerOutOfRange(
            f"'{question.text}': enter a number, not '{raw}'.", field=f"q{question.pk}"
        ) from error
    top = question.max_value
    if question.answer_type == AnswerType.YES_NO and value not in (0, 1):
        raise AnswerOutOfRange(f"'{question.text}': answer yes or no.", field=f"q{question.pk}")
    if question.answer_type == AnswerType.SCALE_0_4 and (
        value != int(value) or not 0 <= value <= 4
    ):
        raise AnswerOutOfRange(
            f"'{question.text}': choose a whole number from 0 to 4, not {raw}.",
            field=f"q{question.pk}",
        )
    if not 0 <= value <= top:
        raise AnswerOutOfRange(
            f"'{question.text}': enter a percentage from 0 to 100, not {raw}.",
            field=f"q{question.pk}",
        )
    return value


# ------------------------------------------------------------------ writing audits


@transaction.atomic
def start_audit(
    *,
    template: AuditTemplate,
    ward: Ward,
    date: dt.date,
    auditor: StaffMember | None = None,
    by=None,
) -> Audit:
    """A draft audit. Peer review: nobody audits the ward they work on."""
    if not template.active:
        raise AuditError(f"{template} is no longer in use; choose the current version.")
    _refuse_own_ward(ward, auditor)
    return Audit.objects.create(
        template=template, ward=ward, date=date, auditor=auditor, created_by=by
    )


def _refuse_own_ward(ward: Ward, *people: StaffMember | None) -> None:
    for person in people:
        if person is not None and person.ward_id == ward.pk:
            raise AuditError(
                f"You work on {ward.name}. Accreditation audits are done by someone from "
                "another ward, so ask a colleague from elsewhere to audit it."
            )


def _check_draft_owner(audit: Audit, by: Any) -> None:
    """Only the person who started a draft may change or submit it, and the peer-review
    rule is checked again each time: the auditor (or whoever is acting) may have moved
    to the ward since the draft was started."""
    if by is not None and (audit.created_by_id is None or audit.created_by_id != by.pk):
        raise AuditError("Only the person who started this audit can change or submit it.")
    auditor = StaffMember.objects.filter(pk=audit.auditor_id).first() if audit.auditor_id else None
    acting = getattr(by, "staff_member", None) if by is not None else None
    _refuse_own_ward(audit.ward, auditor, acting)


@transaction.atomic
def save_answers(*, audit: Audit, raw: Mapping[int, str | None], by: Any = None) -> int:
    """Save answers (question id → input) for an audit's draft; all or nothing.

    Every bad answer is reported at once (AnswerOutOfRange lists them).
    Returns how many answers were stored. ``by`` is the person saving: only
    the draft's own auditor may.
    """
    if audit.status != Audit.Status.DRAFT:
        raise AuditError("This audit has been submitted and can no longer change.")
    _check_draft_owner(audit, by)
    questions = {q.pk: q for q in AuditQuestion.objects.filter(section__template=audit.template_id)}
    parsed: dict[int, float | None] = {}
    problems: list[AnswerOutOfRange] = []
    for question_id, value in raw.items():
        question = questions.get(question_id)
        if question is None:
            raise AuditError(f"Question {question_id} is not part of {audit.template}.")
        try:
            result = parse_answer(question, value)
        except AnswerOutOfRange as error:
            problems.append(error)
            continue
        if not isinstance(result, str):  # '' is unanswered
            parsed[question_id] = result
    if problems:
        refused = AnswerOutOfRange(" ".join(p.message for p in problems), field=problems[0].field)
        refused.problems = problems  # type: ignore[attr-defined]
        raise refused
    for question_id, answer in parsed.items():
        AuditAnswer.objects.update_or_create(
            audit=audit, question_id=question_id, defaults={"value": answer}
        )
    return len(parsed)


@transaction.atomic
def submit_audit(*, audit: Audit, now: dt.datetime | None = None, by: Any = None) -> Audit:
    """Score and submit: every question needs an answer (or "not applicable").

    ``by`` is the person submitting: only the draft's own auditor may.
    """
    audit = Audit.objects.select_for_update().select_related("ward").get(pk=audit.pk)
    if audit.status != Audit.Status.DRAFT:
        raise AuditError("This audit has already been submitted.")
    _check_draft_owner(audit, by)
    questions = list(
        AuditQuestion.objects.filter(section__template=audit.template_id).select_related("section")
    )
    answers = {a.question_id: a.value for a in audit.answers.all()}
    missing = [q for q in questions if q.pk not in answers]
    if missing:
        names = "; ".join(f"'{q.text}'" for q in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise AuditError(f"Answer every question before submitting. Not answered: {names}{more}.")
    result = score((q.answer_type, q.weight, answers[q.pk]) for q in questions)
    if result is None:
        raise AuditError("Every answer is 'not applicable', so the audit has no score.")
    audit.score = result
    audit.status = Audit.Status.SUBMITTED
    audit.submitted_at = now or timezone.now()
    audit.save(update_fields=["score", "status", "submitted_at"])
    return audit


# ------------------------------------------------------------------ reading


@dataclass
class WardStatus:
    ward: Ward
    level: AccreditationLevel | None
    last: Audit | None
    next_due: dt.date | None
    overdue: bool
    audits: int


def site_status(site: Site, today: dt.date | None = None) -> list[WardStatus]:
    """Each programme ward of the site: current level, last audit and when the next is due."""
    today = today or timezone.localdate()
    levels = list(AccreditationLevel.objects.all())
    wards = list(Ward.objects.filter(site=site, in_programme=True, active=True).order_by("name"))
    by_ward: dict[int, list[Audit]] = {w.pk: [] for w in wards}
    for audit in (
        Audit.objects.filter(ward__in=wards, status=Audit.Status.SUBMITTED)
        .select_related("template")
        .order_by("ward", "-date", "-pk")
    ):
        by_ward[audit.ward_id].append(audit)
    rows = []
    for ward in wards:
        audits = by_ward[ward.pk]
        last = audits[0] if audits else None
        due = add_months(last.date, last.template.reaudit_months) if last else None
        rows.append(
            WardStatus(
                ward=ward,
                level=level_for([a.score for a in audits if a.score is not None], levels),
                last=last,
                next_due=due,
                overdue=due is not None and due < today,
                audits=len(audits),
            )
        )
    return rows


def level_history(
    audits_oldest_first: Sequence[Audit], levels: Sequence[AccreditationLevel]
) -> list[tuple[Audit, AccreditationLevel | None]]:
    """The level a ward held after each of its submitted audits."""
    out = []
    scores: list[float] = []
    for audit in audits_oldest_first:
        if audit.score is not None:  # submitted audits always have one
            scores.insert(0, audit.score)
        out.append((audit, level_for(scores, levels)))
    return out


def levels_over_time(
    quarters: Sequence[dt.date], wards: Iterable[Ward] | None = None
) -> list[dict]:
    """Wards at each level at the end of each quarter (dicts: quarter, level, wards)."""
    levels = list(AccreditationLevel.objects.all())
    audits = Audit.objects.filter(status=Audit.Status.SUBMITTED)
    if wards is not None:
        audits = audits.filter(ward__in=list(wards))
    by_ward: dict[int, list[tuple[dt.date, float]]] = {}
    for ward_id, date, value in audits.order_by("ward", "date", "pk").values_list(
        "ward", "date", "score"
    ):
        if value is not None:
            by_ward.setdefault(ward_id, []).append((date, value))
    out = []
    for quarter_end in quarters:
        counts = {lv.name: 0 for lv in levels}
        counts["Not accredited"] = 0
        for history in by_ward.values():
            scores = [s for d, s in reversed(history) if d <= quarter_end]
            if not scores:
                continue
            level = level_for(scores, levels)
            counts[level.name if level else "Not accredited"] += 1
        label = f"{quarter_end.year} Q{quarter_number(quarter_end)}"
        out += [{"quarter": label, "level": name, "wards": n} for name, n in counts.items()]
    return out


def answer_choices(question: AuditQuestion) -> list[tuple[str, str]]:
    """The answers an auditor picks from for ``question``; none for a free number."""
    if question.answer_type == AnswerType.YES_NO:
        return [("1", "Yes"), ("0", "No"), (NOT_APPLICABLE, "Not applicable")]
    if question.answer_type == AnswerType.SCALE_0_4:
        words = ["0 (not at all)", "1", "2", "3", "4 (fully)"]
        return [(str(i), words[i]) for i in range(5)] + [(NOT_APPLICABLE, "Not applicable")]
    return []
