"""The demo trust's structure: the trust, its three sites, wards and units, and partners."""

from __future__ import annotations

from qls.demo.context import DemoContext, DemoStep, raw_delete
from qls.demo.organisation import data
from qls.organisation.models import Organisation, Site, Specialty, Ward
from qls.organisation.services import load_reference_data


def reset_structure(ctx: DemoContext) -> None:
    raw_delete(Ward, Site, Organisation)


def build_structure(ctx: DemoContext) -> None:
    rng = ctx.rng("structure")
    load_reference_data()
    specialties: dict[str, Specialty] = {}
    for code, name in data.SPECIALTIES.items():
        specialties[code], _ = Specialty.objects.update_or_create(
            code=code, defaults={"name": name}
        )
    trust = Organisation.objects.create(
        code=data.TRUST[0], name=data.TRUST[1], kind=Organisation.Kind.TRUST, is_host=True
    )
    Organisation.objects.bulk_create(
        [Organisation(code=code, name=name, kind=kind) for code, name, kind in data.PARTNERS]
    )
    ctx.trust = trust
    wards: list[Ward] = []
    for code, name, town, ward_names in data.SITES:
        site = Site.objects.create(organisation=trust, code=code, name=name, town=town)
        ctx.sites[code] = site
        for number, (ward_name, (specialty_code, bed_range)) in enumerate(
            zip(ward_names, data.PROGRAMME_WARDS, strict=True), start=1
        ):
            wards.append(
                Ward(
                    site=site,
                    code=f"{code}-W{number:02d}",
                    name=f"{ward_name} Ward",
                    kind=Ward.Kind.WARD,
                    specialty=specialties[specialty_code],
                    beds=rng.randint(*bed_range),
                    in_programme=True,
                )
            )
        for suffix, unit, kind, specialty, beds in [*data.UNITS, data.SITE_SPECIALS[code]]:
            wards.append(
                Ward(
                    site=site,
                    code=f"{code}-{suffix}",
                    name=unit,
                    kind=kind,
                    specialty=specialties[specialty] if specialty else None,
                    beds=rng.randint(*beds) if beds else None,
                )
            )
    for ward in Ward.objects.bulk_create(wards):
        ctx.wards[ward.code] = ward
    ctx.log(
        f"  {len(ctx.sites)} sites, {len(wards)} wards and units, {len(data.PARTNERS)} partners"
    )


STEP = DemoStep("structure", build_structure, reset_structure)
