"""The PDF certificate of completion (WeasyPrint), for completed enrolments only."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from qls.capability.models import Enrolment
from qls.capability.training import completion
from qls.capability.training.errors import CertificateRefused


def refuse_unless_completed(enrolment: Enrolment) -> None:
    if enrolment.status == Enrolment.Status.COMPLETED:
        return
    name = enrolment.participant.display_name
    course = enrolment.cohort.course.name
    revoked = completion.revocation(enrolment)
    if completion.is_revoked(enrolment):
        when, why = revoked or (None, "")
        on = f" on {timezone.localtime(when):%d %B %Y}" if when else ""
        because = why.split(": ", 1)[1] if ": " in why else "the completion no longer holds"
        raise CertificateRefused(
            f"Certificate {enrolment.certificate_number} for {name} ({course}) was revoked{on}: "
            f"{because}. It is no longer valid."
        )
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise CertificateRefused(
            f"No certificate: {name} is not enrolled on {enrolment.cohort.name} "
            f"({enrolment.get_status_display().lower()})."
        )
    reasons = completion.check(enrolment).reasons or ["completion not yet recorded"]
    raise CertificateRefused(
        f"No certificate yet: {name} has not completed {course} ({'; '.join(reasons)})."
    )


def ensure_number(enrolment: Enrolment) -> str:
    """The certificate number, given now to a completion recorded without one (an import)."""
    if not enrolment.certificate_number and enrolment.completed_at:
        enrolment.certificate_number = completion.certificate_number(enrolment)
        enrolment.save(update_fields=["certificate_number"])
    return enrolment.certificate_number


def certificate_html(enrolment: Enrolment) -> str:
    refuse_unless_completed(enrolment)
    ensure_number(enrolment)
    cohort = enrolment.cohort
    return render_to_string(
        "capability/certificate.html",
        {
            "enrolment": enrolment,
            "participant": enrolment.participant,
            "cohort": cohort,
            "course": cohort.course,
            "completed_on": timezone.localtime(enrolment.completed_at).date(),
            "attended": enrolment.attendance.filter(present=True).count(),
            "trust": _host_name(),
        },
    )


def _host_name() -> str:
    from qls.organisation.models import Organisation

    host = Organisation.objects.filter(is_host=True).first()
    return host.name if host else ""


def _inline_only(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # The certificate is self-contained; never fetch anything from the network.
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)  # type: ignore[no-any-return]
    raise CertificateRefused(f"the certificate uses inline content only, not {url}")


def render_certificate(enrolment: Enrolment) -> bytes:
    """One A4 landscape page as PDF bytes; refuses an enrolment that is not completed."""
    from weasyprint import HTML

    html = certificate_html(enrolment)
    return bytes(HTML(string=html, url_fetcher=_inline_only).write_pdf())
