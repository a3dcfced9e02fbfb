"""The demo's staff surveys and accreditation audits, with the audit template's versions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from qls.core.models import JobStatus
from qls.core.periods import add_months
from qls.demo.wards.clock import at
from qls.demo.wards.data import AUDIT_SECTIONS, AUDITOR_BANDS, LEVELS, SURVEY_THEMES
from qls.wards import accreditation
from qls.wards.models import (
    AccreditationLevel,
    Audit,
    AuditAnswer,
    AuditQuestion,
    AuditSection,
    AuditTemplate,
    StaffSurveyResult,
    SurveyImport,
)
from qls.wards.models.questions import AnswerType


def build_surveys(rng, programme_wards, today: dt.date, analyst) -> None:
    rows = []
    surveys = [
        (f"NHS Staff Survey {year}", dt.date(year, 11, 30))
        for year in (2023, 2024, 2025)
        if dt.date(year, 11, 30) < today
    ]
    for wards in programme_wards.values():
        for ward in wards:
            base = rng.uniform(5.4, 7.0)
            for n, (survey, period) in enumerate(surveys):
                for theme in SURVEY_THEMES:
                    score = base + n * rng.uniform(0, 0.25) + rng.uniform(-0.6, 0.6)
                    rows.append(
                        StaffSurveyResult(
                            ward=ward,
                            survey=survey,
                            period=period,
                            theme=theme,
                            score=round(min(max(score, 0), 10), 1),
                            respondents=rng.randint(8, 45),
                        )
                    )
    StaffSurveyResult.objects.bulk_create(rows, batch_size=1000)
    # Each year's results arrive as one file in the spring after the survey closes.
    for survey, period in surveys:
        count = sum(1 for r in rows if r.survey == survey)
        day = min(dt.date(period.year + 1, 3, 14), today)
        when = dt.datetime.combine(day, dt.time(10, 5), dt.UTC)
        job = SurveyImport.objects.create(
            filename=f"staff-survey-{period.year}-ward-themes.csv",
            imported_by=analyst,
            status=JobStatus.SUCCEEDED,
            message="Done",
            rows_total=count,
            rows_done=count,
            rows=count,
            started_at=when,
            finished_at=when + dt.timedelta(seconds=6),
        )
        SurveyImport.objects.filter(pk=job.pk).update(imported_at=when)


def _audit_version(version: int, skipped: str = "", **change) -> tuple:
    """One version of the demo audit template, with ``skipped`` left out of it."""
    template = AuditTemplate.objects.create(
        name="Ward accreditation audit", version=version, active=not skipped, **change
    )
    questions: list[AuditQuestion] = []
    for order, (title, items) in enumerate(AUDIT_SECTIONS, start=1):
        kept = [item for item in items if item[0] != skipped]
        section = AuditSection.objects.create(
            template=template, title=title, order=order, total=sum(w for _, _, w in kept)
        )
        for q_order, (text, answer_type, weight) in enumerate(kept, start=1):
            questions.append(
                AuditQuestion(
                    section=section,
                    text=text,
                    answer_type=answer_type,
                    weight=weight,
                    order=q_order,
                    evidence=AUDIT_EVIDENCE.get(text, ""),
                )
            )
    return template, AuditQuestion.objects.bulk_create(questions)


def build_audits(rng, programme_wards, staff_by_ward, today: dt.date) -> int:
    # Version 1 ran until a year ago; version 2 added the falls standard, so each
    # ward's score chart shows the change of version as a rebase with its reason.
    changed_on = add_months(today, -12)
    first, first_questions = _audit_version(1, skipped=FALLS_STANDARD)
    template, questions = _audit_version(
        2,
        based_on=first,
        change_reason=VERSION_2_REASON,
        changed_at=at(changed_on - dt.timedelta(days=7), 10),
    )
    AccreditationLevel.objects.bulk_create(
        [AccreditationLevel(name=n, min_score=s, order=o) for n, s, o in LEVELS]
    )
    all_wards = [w for wards in programme_wards.values() for w in wards]
    by_site = defaultdict(list)
    for staff_list in staff_by_ward.values():
        for member in staff_list:
            by_site[member.site_id].append(member)
    first_day = add_months(today, -24)
    audits: list[Audit] = []
    planned_answers: list[list[float | None]] = []
    for ward in all_wards:
        quality = rng.uniform(0.62, 0.86)
        lift = rng.uniform(0.005, 0.03)
        day = first_day + dt.timedelta(days=rng.randint(0, 80))
        auditors = [
            m for m in by_site[ward.site_id] if m.ward_id != ward.pk and m.band in AUDITOR_BANDS
        ]
        overdue = rng.random() < 0.12
        while day <= today - dt.timedelta(days=2):
            if overdue and day > add_months(today, -6):
                break
            version, asked = (first, first_questions) if day < changed_on else (template, questions)
            values: list[float | None] = []
            for q in asked:
                p = min(max(quality + rng.gauss(0, 0.08), 0.05), 1.0)
                if q.answer_type == AnswerType.YES_NO:
                    values.append(1.0 if rng.random() < p else 0.0)
                elif q.answer_type == AnswerType.SCALE_0_4:
                    values.append(float(sum(rng.random() < p for _ in range(4))))
                else:
                    values.append(float(round(min(max(p * 100 + rng.gauss(0, 5), 0), 100))))
            result = accreditation.score(
                (q.answer_type, q.weight, v) for q, v in zip(asked, values, strict=True)
            )
            audits.append(
                Audit(
                    template=version,
                    ward=ward,
                    auditor=rng.choice(auditors) if auditors else None,
                    date=day,
                    status=Audit.Status.SUBMITTED,
                    score=result,
                    submitted_at=at(day, 16),
                )
            )
            planned_answers.append(list(zip(asked, values, strict=True)))
            quality = min(quality + lift, 0.98)
            day = add_months(day, 3) + dt.timedelta(days=rng.randint(-10, 10))
    audits = Audit.objects.bulk_create(audits, batch_size=1000)
    answers = [
        AuditAnswer(audit=audit, question=q, value=v)
        for audit, answered in zip(audits, planned_answers, strict=True)
        for q, v in answered
    ]
    AuditAnswer.objects.bulk_create(answers, batch_size=2000)
    return len(audits)


# Audit template versions: what version 2 added, why, and what auditors look for.
FALLS_STANDARD = "Falls risk assessments are complete for patients aged 65 or over"
VERSION_2_REASON = (
    "Falls risk assessment added to safe care after the trust's falls review; "
    "safe care now counts for more of the score."
)
AUDIT_EVIDENCE = {
    "The resuscitation trolley was checked every day last week": (
        "The trolley's check log, signed for each of the last seven days"
    ),
    FALLS_STANDARD: "Five care records of patients aged 65 or over",
    "Controlled drugs are checked and recorded correctly": "The controlled drugs register",
    "Call bells are within reach": "Every occupied bed space you pass",
    "Hand hygiene audit result this month": "The ward's latest hand hygiene audit",
}
