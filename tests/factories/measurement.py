"""Factories for the quality data area (factory_boy)."""

from __future__ import annotations

import datetime

import factory

from qls.measurement.models import (
    ChartType,
    Dataset,
    DatasetField,
    Frequency,
    ImprovementDirection,
    Level,
    Metric,
    Observation,
    RebasePoint,
    Series,
)


class DatasetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dataset
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Incident reports {n}")
    slug = factory.Sequence(lambda n: f"incident-reports-{n}")
    description = "Patient safety incidents reported on the incident system."
    source_system = "Datix"


class DatasetFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DatasetField

    dataset = factory.SubFactory(DatasetFactory)
    name = factory.Sequence(lambda n: f"field_{n}")
    data_type = DatasetField.DataType.TEXT
    definition = "A column of the extract."


class MetricFactory(factory.django.DjangoModelFactory):
    """A weekly count by default; traits give the usual record-level shapes."""

    class Meta:
        model = Metric
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"metric-{n}")
    name = factory.Sequence(lambda n: f"Metric {n}")
    definition = "Something counted on every ward."
    dataset = factory.SubFactory(DatasetFactory)
    unit = "count"
    chart_type = ChartType.C
    improvement_direction = ImprovementDirection.DECREASE
    frequency = Frequency.WEEK

    class Params:
        falls_rate = factory.Trait(
            code="falls-per-1000-bed-days",
            name="Inpatient falls per 1,000 bed days",
            chart_type=ChartType.U,
            unit="per 1,000 bed days",
            multiplier=1000,
            record_date_column="day",
            record_org_unit_column="ward",
            record_numerator="falls",
            record_denominator="1",
        )
        screening = factory.Trait(
            code="sepsis-screening",
            name="Sepsis screening within an hour",
            chart_type=ChartType.P,
            unit="%",
            multiplier=100,
            frequency=Frequency.MONTH,
            improvement_direction=ImprovementDirection.INCREASE,
            strata=["imd_quintile", "sex"],
            record_date_column="arrived",
            record_org_unit_column="ward_code",
            record_filter="eligible = 'Y'",
            record_numerator="CASE WHEN screened = 'Y' THEN 1 ELSE 0 END",
            record_denominator="1",
            record_strata={"imd_quintile": "imd", "sex": "sex"},
        )


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    metric = factory.SubFactory(MetricFactory)
    level = Level.TRUST


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    series = factory.SubFactory(SeriesFactory)
    period = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(weeks=n))
    value = 1.0


class RebasePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RebasePoint

    metric = factory.SubFactory(MetricFactory)
    period = datetime.date(2024, 6, 3)
    reason = "New falls prevention bundle adopted on every ward."


def trust_structure():
    """A host trust with two sites and three wards (codes TRUST, S1, S2, W1, W2, W3)."""
    from tests.factories.organisation import OrganisationFactory, SiteFactory, WardFactory

    trust = OrganisationFactory(host=True)
    s1 = SiteFactory(organisation=trust, code="S1", name="North Hospital")
    s2 = SiteFactory(organisation=trust, code="S2", name="South Hospital")
    wards = [
        WardFactory(site=s1, code="W1", name="Ash Ward"),
        WardFactory(site=s1, code="W2", name="Beech Ward"),
        WardFactory(site=s2, code="W3", name="Cedar Ward"),
    ]
    return trust, [s1, s2], wards
