"""Organisations, sites, wards, staff groups and bands a row's cells are matched against."""

from __future__ import annotations

from qls.organisation.models import Organisation, Site, StaffGroup, Ward
from qls.organisation.models.staff_groups import BANDS


class Lookups:
    """Organisations, sites and wards, read once per import."""

    def __init__(self) -> None:
        self.orgs = {o.code.lower(): o for o in Organisation.objects.all()}
        self.host = next((o for o in self.orgs.values() if o.is_host), None)
        sites = list(Site.objects.select_related("organisation"))
        self.sites: dict[str, Site] = {}
        for site in sites:
            self.sites.setdefault(site.name.lower(), site)
        for site in sites:
            # Codes win over names when a name happens to equal another site's code.
            self.sites[site.code.lower()] = site
        wards = list(Ward.objects.select_related("site"))
        self.ward_codes = {w.code.lower(): w for w in wards}
        self.ward_names = {(w.site_id, w.name.lower()): w for w in wards}
        self.groups = {}
        for value, label in StaffGroup.choices:
            self.groups[label.lower()] = value
            self.groups[value.lower()] = value
        self.bands = {band.lower(): band for band in BANDS}
        for band in BANDS:
            if band.startswith("Band "):
                self.bands[band[5:].lower()] = band


def site_and_ward(
    site_text: str,
    ward_text: str,
    organisation: Organisation | None,
    lookups: Lookups,
    problems: list[str],
) -> tuple[Site | None, Ward | None]:
    site = None
    if site_text:
        site = lookups.sites.get(site_text.lower())
        if site is None:
            problems.append("site is not a site in QLS; use a site code or its exact name")
            return None, None
        if organisation is not None and site.organisation_id != organisation.pk:
            problems.append(f"site belongs to {site.organisation.name}, not to {organisation.name}")
            return None, None
    if not ward_text:
        return site, None
    if site is None:
        problems.append("ward is given without a site; fill in the site column")
        return None, None
    ward = lookups.ward_codes.get(ward_text.lower())
    if ward is None or ward.site_id != site.pk:
        ward = lookups.ward_names.get((site.pk, ward_text.lower()))
    if ward is None:
        problems.append(f"ward is not a ward at {site.name}")
        return site, None
    return site, ward
