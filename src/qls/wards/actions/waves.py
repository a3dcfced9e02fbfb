"""A site's wave of the programme, made on first use with its group in the project registry."""

from __future__ import annotations

from qls.organisation.models import Site
from qls.wards.models import (
    WardProgramme,
    Wave,
)
from qls.wards.planning import wave_dates


def ensure_wave(*, programme: WardProgramme, site: Site, number: int) -> Wave:
    """The site's wave ``number``, created with its dates and registry group if new."""
    wave = Wave.objects.filter(programme=programme, site=site, number=number).first()
    if wave is not None:
        return wave
    start, end = wave_dates(programme, number)
    wave = Wave.objects.create(programme=programme, site=site, number=number, start=start, end=end)
    link_wave_to_registry(wave)
    return wave


def link_wave_to_registry(wave: Wave) -> None:
    """Give the wave its group in the project registry (kind: ward programme wave)."""
    from qls.projects.models import Programme

    if wave.project_programme_id:
        return
    group, _ = Programme.objects.get_or_create(
        name=f"{wave.programme.name}: {wave.site.name} wave {wave.number}",
        defaults={
            "kind": Programme.Kind.WARD_WAVE,
            "description": f"Wards at {wave.site.name} starting the programme "
            f"from {wave.start:%-d %B %Y}.",
        },
    )
    wave.project_programme = group
    wave.save(update_fields=["project_programme"])
